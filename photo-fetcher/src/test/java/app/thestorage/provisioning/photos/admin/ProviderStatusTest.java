package app.thestorage.provisioning.photos.admin;

import static org.assertj.core.api.Assertions.assertThat;

import app.thestorage.provisioning.photos.admin.ProviderStatus.Sync;
import app.thestorage.provisioning.photos.provider.DirectoryProvider;
import app.thestorage.provisioning.photos.provider.DirectoryProvider.LastError;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** Where the directory sync is, as the admin reads it, from the times a provider keeps. */
class ProviderStatusTest {

    private static final Instant SAVED = Instant.parse("2026-12-01T10:00:00Z");
    private static final Instant NOW = SAVED.plusSeconds(60);
    private static final Instant NEXT_HOUR = NOW.plusSeconds(3600);

    @Test
    void saved_or_asked_to_sync_now_it_is_starting() {
        assertThat(Sync.of(provider(SAVED, null, null, null), NOW)).isEqualTo(Sync.STARTING);
        assertThat(Sync.of(provider(NOW, SAVED.plusSeconds(1), SAVED.plusSeconds(2), null), NOW)).isEqualTo(Sync.STARTING);
    }

    @Test
    void started_and_not_ended_it_is_running_even_after_an_earlier_failure_or_success() {
        Instant started = NOW.minusSeconds(5);
        assertThat(Sync.of(provider(NEXT_HOUR, started, null, null), NOW)).isEqualTo(Sync.RUNNING);
        assertThat(Sync.of(provider(NEXT_HOUR, started, started.minusSeconds(1), error(started.minusSeconds(2))), NOW))
                .isEqualTo(Sync.RUNNING);
    }

    @Test
    void ended_it_failed_or_succeeded_whichever_came_last() {
        Instant started = NOW.minusSeconds(5);
        assertThat(Sync.of(provider(NEXT_HOUR, started, null, error(started.plusSeconds(1))), NOW)).isEqualTo(Sync.FAILED);
        assertThat(Sync.of(provider(NEXT_HOUR, started, started.minusSeconds(60), error(started.plusSeconds(1))), NOW))
                .isEqualTo(Sync.FAILED);
        assertThat(Sync.of(provider(NEXT_HOUR, started, started.plusSeconds(1), null), NOW)).isEqualTo(Sync.SUCCEEDED);
    }

    @Test
    void never_started_and_not_due_it_has_not_run_yet() {
        assertThat(Sync.of(provider(NEXT_HOUR, null, null, null), NOW)).isEqualTo(Sync.NOT_YET);
    }

    private static DirectoryProvider provider(Instant nextSyncAt, Instant lastSyncAt, Instant lastSuccessAt,
                                              LastError lastError) {
        return new DirectoryProvider("tenant", "directory", "client", null, SAVED, nextSyncAt, null, lastSyncAt,
                lastSuccessAt, lastError);
    }

    private static LastError error(Instant at) {
        return new LastError(at, "UNREACHABLE", null, "The connection to Microsoft Graph was refused.");
    }
}
