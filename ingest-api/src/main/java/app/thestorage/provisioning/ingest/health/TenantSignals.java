package app.thestorage.provisioning.ingest.health;

import app.thestorage.provisioning.contract.user.IdentityProvider;
import java.time.Instant;

/**
 * What the rules read about one tenant: its registry row and its provisioning log over the rules' window (the last
 * hour, or the silence if longer). The admin API and the gauge read the same, with the same statement.
 *
 * @param chosenProvider     the identity provider the administrator chose, or null (recognised from each request)
 * @param lastRequestAt      the tenant's last request within the window, or null if it has none there
 * @param refusedSinceToken  requests refused with 401 since the current token was issued (within the window)
 * @param acceptedSinceToken requests accepted (below 400) since the current token was issued (within the window)
 */
public record TenantSignals(
        String tenant,
        boolean scimEnabled,
        Instant tokenCreatedAt,
        IdentityProvider chosenProvider,
        long requestsLastHour,
        long failuresLastHour,
        Instant lastRequestAt,
        long refusedSinceToken,
        long acceptedSinceToken) {
}
