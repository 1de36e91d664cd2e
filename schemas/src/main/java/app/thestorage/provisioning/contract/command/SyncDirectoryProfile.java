package app.thestorage.provisioning.contract.command;

import app.thestorage.provisioning.contract.user.IdentityProvider;
import java.time.Instant;

/**
 * Sent by photo-fetcher's directory sync: the display name and job title Microsoft Graph holds for the Entra
 * object {@code externalId}. Applies only while the user still has that externalId and came from Entra.
 * A null field was not in Graph's answer (a delta reports only what changed) and leaves the user's value.
 */
public record SyncDirectoryProfile(
        String requestId,
        String tenant,
        IdentityProvider source,
        Instant issuedAt,
        String userId,
        String externalId,
        String displayName,
        String title) implements ProvisioningCommand {
}
