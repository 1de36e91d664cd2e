package app.thestorage.provisioning.photos.admin;

import app.thestorage.provisioning.photos.provider.DirectoryProvider;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;

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

    /** NOT_SET (no date entered), OK, EXPIRES_SOON (within the warning period) or EXPIRED. */
    public record SecretExpiry(String state, Long daysLeft, String message) {

        static SecretExpiry of(LocalDate expiresOn, LocalDate today, Duration warning) {
            if (expiresOn == null) {
                return new SecretExpiry("NOT_SET", null, "Enter the secret's expiry date to be warned before it expires.");
            }
            long daysLeft = ChronoUnit.DAYS.between(today, expiresOn);
            if (daysLeft < 0) {
                return new SecretExpiry("EXPIRED", daysLeft, "The client secret expired on " + expiresOn
                        + ". Photos and directory sync have stopped: create a new secret in the Azure portal and "
                        + "save its Value here.");
            }
            if (daysLeft <= warning.toDays()) {
                return new SecretExpiry("EXPIRES_SOON", daysLeft, "The client secret expires on " + expiresOn
                        + " (in " + daysLeft + " days). Create a new secret in the Azure portal and save its Value "
                        + "here before then.");
            }
            return new SecretExpiry("OK", daysLeft, "The client secret is valid until " + expiresOn + ".");
        }
    }

    static ProviderStatus of(DirectoryProvider provider, LocalDate today, Duration warning, String graphCalls,
                             int photosWaiting) {
        return new ProviderStatus("MICROSOFT_ENTRA_ID", provider.clientId(), provider.directoryTenantId(), true,
                provider.secretExpiresOn(), SecretExpiry.of(provider.secretExpiresOn(), today, warning),
                provider.savedAt(), provider.lastSyncAt(), provider.lastSuccessAt(), provider.nextSyncAt(),
                provider.lastError(), graphCalls, photosWaiting);
    }
}
