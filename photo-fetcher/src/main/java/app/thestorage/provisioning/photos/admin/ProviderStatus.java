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
 * @param sync       where the directory sync is (see {@link Sync})
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
        Sync sync,
        DirectoryProvider.LastError lastError,
        String graphCalls,
        int photosWaiting) {

    /**
     * Where the directory sync is, from the times the provider keeps: a sync is claimed (lastSyncAt) when it starts,
     * and ends with a success (lastSuccessAt) or a failure (lastError) recorded after that.
     */
    public enum Sync {
        /** Never ran, and none is due. */
        NOT_YET,
        /** Due (saved, or Sync now): it starts within seconds. */
        STARTING,
        /** Started, and has not ended yet. */
        RUNNING,
        /** The last sync, or a photo call after it, failed: lastError says why. */
        FAILED,
        /** The last sync succeeded. */
        SUCCEEDED;

        static Sync of(DirectoryProvider provider, Instant now) {
            if (provider.nextSyncAt() != null && !provider.nextSyncAt().isAfter(now)) {
                return STARTING;
            }
            Instant started = provider.lastSyncAt();
            Instant succeeded = provider.lastSuccessAt();
            Instant failed = provider.lastError() == null ? null : provider.lastError().at();
            if (started == null) {
                return failed != null ? FAILED : succeeded != null ? SUCCEEDED : NOT_YET;
            }
            boolean ended = (succeeded != null && !succeeded.isBefore(started))
                    || (failed != null && !failed.isBefore(started));
            if (!ended) {
                return RUNNING;
            }
            return failed != null && (succeeded == null || failed.isAfter(succeeded)) ? FAILED : SUCCEEDED;
        }
    }

    static ProviderStatus of(DirectoryProvider provider, Instant now, LocalDate today, Duration warning,
                             String graphCalls, int photosWaiting) {
        return new ProviderStatus("MICROSOFT_ENTRA_ID", provider.clientId(), provider.directoryTenantId(), true,
                provider.secretExpiresOn(), SecretExpiry.of(provider.secretExpiresOn(), today, warning),
                provider.savedAt(), provider.lastSyncAt(), provider.lastSuccessAt(), provider.nextSyncAt(),
                Sync.of(provider, now), provider.lastError(), graphCalls, photosWaiting);
    }
}
