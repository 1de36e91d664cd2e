package app.thestorage.provisioning.photos.admin;

import app.thestorage.provisioning.photos.provider.DirectoryProvider;
import app.thestorage.provisioning.photos.provider.SecretExpiry;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;

/**
 * What the admin sees under Directory Providers > Microsoft Entra ID: the settings (never the secret), the
 * secret's expiry with a warning from two weeks before it, how the syncs went, and whether Graph calls of
 * the tenant are paused after repeated failures.
 *
 * @param graphCalls the tenant's circuit breaker: CLOSED (calling), OPEN (paused), HALF_OPEN (trying again)
 */
public record ProviderStatus(
        String provider,
        String clientId,
        String directoryTenantId,
        boolean clientSecretSaved,
        LocalDate secretExpiresOn,
        SecretExpiry secretExpiry,
        Instant savedAt,
        Instant lastSyncAt,
        Instant lastSuccessAt,
        Instant nextSyncAt,
        DirectoryProvider.LastError lastError,
        String graphCalls,
        int photosWaiting) {

    static ProviderStatus of(DirectoryProvider provider, LocalDate today, Duration warning, String graphCalls,
                             int photosWaiting) {
        return new ProviderStatus("MICROSOFT_ENTRA_ID", provider.clientId(), provider.directoryTenantId(), true,
                provider.secretExpiresOn(), SecretExpiry.of(provider.secretExpiresOn(), today, warning),
                provider.savedAt(), provider.lastSyncAt(), provider.lastSuccessAt(), provider.nextSyncAt(),
                provider.lastError(), graphCalls, photosWaiting);
    }
}
