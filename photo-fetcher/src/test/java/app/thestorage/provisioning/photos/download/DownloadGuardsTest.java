package app.thestorage.provisioning.photos.download;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import app.thestorage.provisioning.photos.PhotoFetcherProperties;
import io.github.resilience4j.bulkhead.BulkheadRegistry;
import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.retry.RetryRegistry;
import java.io.IOException;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

/** The guards around a tenant's photo downloads: what one tenant's failures pause, and what they leave alone. */
class DownloadGuardsTest {

    private static final String HOST = "photos.example.com";

    private final DownloadGuards guards = new DownloadGuards(BulkheadRegistry.ofDefaults(), RetryRegistry.ofDefaults(),
            properties());

    @Test
    void a_host_that_keeps_failing_a_tenant_is_paused_for_that_tenant_and_not_for_another_tenant() throws Exception {
        // ten failed downloads at least, half of them failing, open a breaker
        for (int call = 0; call < 10; call++) {
            assertThatThrownBy(() -> guards.call("hostile", HOST, () -> {
                throw new IOException("no answer");
            })).isInstanceOf(IOException.class);
        }

        assertThatThrownBy(() -> guards.call("hostile", HOST, () -> "photo"))
                .isInstanceOf(CallNotPermittedException.class);
        assertThat(guards.call("bystander", HOST, () -> "photo")).isEqualTo("photo");
    }

    @Test
    void failures_at_one_host_leave_the_same_tenants_other_hosts_alone() throws Exception {
        for (int call = 0; call < 10; call++) {
            assertThatThrownBy(() -> guards.call("acme", "down.example.com", () -> {
                throw new IOException("no answer");
            })).isInstanceOf(IOException.class);
        }

        assertThat(guards.call("acme", HOST, () -> "photo")).isEqualTo("photo");
    }

    @Test
    void a_breaker_left_idle_for_an_hour_is_forgotten_and_the_host_is_tried_again() throws Exception {
        AtomicLong nanos = new AtomicLong();
        // open far longer than it stays idle, so only forgetting it lets the next download through
        DownloadGuards guards = new DownloadGuards(BulkheadRegistry.ofDefaults(), RetryRegistry.ofDefaults(),
                properties(Map.of("provisioning.photos.scim.breaker-open-for", "1d")), nanos::get);
        for (int call = 0; call < 10; call++) {
            assertThatThrownBy(() -> guards.call("acme", HOST, () -> {
                throw new IOException("no answer");
            })).isInstanceOf(IOException.class);
        }
        nanos.addAndGet(DownloadGuards.BREAKER_KEPT_IDLE.minusSeconds(1).toNanos());
        assertThatThrownBy(() -> guards.call("acme", HOST, () -> "photo"))
                .isInstanceOf(CallNotPermittedException.class);

        nanos.addAndGet(DownloadGuards.BREAKER_KEPT_IDLE.plusSeconds(1).toNanos());
        assertThat(guards.call("acme", HOST, () -> "photo")).isEqualTo("photo");
    }

    private static PhotoFetcherProperties properties() {
        return properties(Map.of());
    }

    private static PhotoFetcherProperties properties(Map<String, String> more) {
        Map<String, String> settings = new HashMap<>(more);
        settings.put("provisioning.photos.scim.attempts", "1");
        return new Binder(new MapConfigurationPropertySource(settings))
                .bindOrCreate("provisioning.photos", PhotoFetcherProperties.class);
    }
}
