package app.thestorage.provisioning.photos.sync;

import app.thestorage.provisioning.photos.PhotoFetcherProperties;
import app.thestorage.provisioning.photos.provider.DirectoryProviders;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Starts each tenant's directory sync when it is due (saving the settings makes it due at once), at most
 * one at a time per tenant, each on its own virtual thread so one tenant's slow Graph delays no other. It
 * also keeps two gauges operators alert on: tenants whose last sync failed, and client secrets expiring soon.
 */
@Component
public class SyncScheduler implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(SyncScheduler.class);
    private static final int CLAIM_AT_ONCE = 20;

    private final DirectoryProviders providers;
    private final DirectorySync sync;
    private final PhotoFetcherProperties.Sync settings;
    private final Set<String> running = ConcurrentHashMap.newKeySet();
    private final AtomicInteger failing = new AtomicInteger();
    private final AtomicInteger expiringSoon = new AtomicInteger();
    private final Clock clock = Clock.systemUTC();
    private ExecutorService threads;
    private volatile boolean started;

    public SyncScheduler(DirectoryProviders providers, DirectorySync sync, PhotoFetcherProperties properties,
                         MeterRegistry meters) {
        this.providers = providers;
        this.sync = sync;
        this.settings = properties.sync();
        Gauge.builder("photos.directory_providers.failing", failing, AtomicInteger::get)
                .description("Tenants whose last directory sync or photo call failed (see their provider status)")
                .register(meters);
        Gauge.builder("photos.directory_providers.secret_expiring", expiringSoon, AtomicInteger::get)
                .description("Tenants whose Graph client secret has expired or expires within the warning period")
                .register(meters);
    }

    @Override
    public void start() {
        threads = Executors.newVirtualThreadPerTaskExecutor();
        started = true;
        threads.submit(this::loop);
    }

    private void loop() {
        while (started) {
            try {
                for (String tenant : providers.claimDue(clock.instant(), settings.every(), CLAIM_AT_ONCE)) {
                    if (running.add(tenant)) {
                        threads.submit(() -> {
                            try (MDC.MDCCloseable logged = MDC.putCloseable("tenant", tenant)) {
                                sync.sync(tenant);
                            } catch (RuntimeException e) {
                                log.warn("Directory sync of tenant {} stopped: {}", tenant, e.toString());
                            } finally {
                                running.remove(tenant);
                            }
                        });
                    }
                }
                DirectoryProviders.Census census = providers.census(LocalDate.now(clock.withZone(ZoneOffset.UTC)),
                        settings.expiryWarning());
                failing.set(census.failing());
                expiringSoon.set(census.secretsExpiringSoon());
            } catch (RuntimeException e) {
                log.warn("Looking for due directory syncs failed: {}", e.toString());
            }
            try {
                Thread.sleep(settings.checkEvery());
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    @Override
    public void stop() {
        started = false;
        if (threads != null) {
            threads.shutdownNow();
        }
    }

    @Override
    public boolean isRunning() {
        return started;
    }
}
