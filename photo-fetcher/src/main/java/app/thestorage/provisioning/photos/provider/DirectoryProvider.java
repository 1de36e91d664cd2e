package app.thestorage.provisioning.photos.provider;

import java.time.Instant;
import java.time.LocalDate;

/**
 * A tenant's Microsoft Entra ID directory provider as stored, without its secret, and how its sync went.
 *
 * @param lastError the last failed sync or photo call that said something about the settings, or null
 */
public record DirectoryProvider(
        String tenant,
        String directoryTenantId,
        String clientId,
        LocalDate secretExpiresOn,
        Instant savedAt,
        Instant nextSyncAt,
        String deltaLink,
        Instant lastSyncAt,
        Instant lastSuccessAt,
        LastError lastError) {

    /** What went wrong, in the words Test Connection uses. */
    public record LastError(Instant at, String problem, String code, String explanation) {
    }
}
