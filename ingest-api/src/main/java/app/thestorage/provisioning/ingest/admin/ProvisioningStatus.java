package app.thestorage.provisioning.ingest.admin;

import app.thestorage.provisioning.contract.user.IdentityProvider;
import app.thestorage.provisioning.ingest.health.HealthWarning;
import app.thestorage.provisioning.ingest.offboarding.Offboarding;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * What Settings > User Provisioning shows about a tenant.
 *
 * @param identityProvider  the provider the administrator chose for the badge, or null when it is recognised
 *                          from each request
 * @param tokenCreatedAt    when the current SCIM token was issued (null while provisioning is off)
 * @param lastScimRequestAt when the tenant's identity provider last called, if it ever did
 * @param groups            how many groups the identity provider pushed
 * @param offboarding       the progress of the tenant's offboarding while it runs, else null
 * @param warnings          what about the tenant's provisioning to act on (GET …/health tells more)
 */
public record ProvisioningStatus(
        String tenant,
        boolean scimEnabled,
        String scimEndpoint,
        IdentityProvider identityProvider,
        Instant tokenCreatedAt,
        Instant lastScimRequestAt,
        Users users,
        long groups,
        Offboarding offboarding,
        List<HealthWarning> warnings) {

    /** The tenant's provisioned users, by state and by the identity provider that provisioned them. */
    public record Users(long total, long active, long inactive, Map<IdentityProvider, Long> bySource) {
    }
}
