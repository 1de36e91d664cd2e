package app.thestorage.provisioning.photos.fetch;

import app.thestorage.provisioning.photos.PhotoFetcherProperties;
import app.thestorage.provisioning.photos.wanted.ScimPhotoSources;
import java.time.Clock;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Looks for due SCIM photo addresses every {@code refresh-check-every}: an address changed or removed and not yet acted
 * on (a download postponed, say), or one not asked since {@code refresh-every}. At most {@code refresh-per-tenant} of
 * each tenant are queued per look, and none of a tenant whose lane still holds that many, so a tenant with thousands
 * of users refreshes a bounded share at a time and never crowds out another.
 */
@Component
public class ScimPhotoSchedule implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(ScimPhotoSchedule.class);

    private final ScimPhotoSources sources;
    private final ScimPhotoRefresh refresh;
    private final PhotoFetcherProperties.Scim settings;
    private final Clock clock = Clock.systemUTC();
    private ExecutorService thread;
    private volatile boolean started;

    public ScimPhotoSchedule(ScimPhotoSources sources, ScimPhotoRefresh refresh, PhotoFetcherProperties properties) {
        this.sources = sources;
        this.refresh = refresh;
        this.settings = properties.scim();
    }

    @Override
    public void start() {
        thread = Executors.newVirtualThreadPerTaskExecutor();
        started = true;
        thread.submit(this::loop);
    }

    private void loop() {
        while (started) {
            try {
                sources.due(clock.instant().minus(settings.refreshEvery()), settings.refreshPerTenant()).stream()
                        .filter(due -> refresh.waiting(due.tenant()) < settings.refreshPerTenant())
                        .forEach(due -> refresh.request(due.tenant(), due.userId()));
            } catch (RuntimeException e) {
                log.warn("Looking for due SCIM photo addresses failed: {}", e.toString());
            }
            try {
                Thread.sleep(settings.refreshCheckEvery());
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    @Override
    public void stop() {
        started = false;
        if (thread != null) {
            thread.shutdownNow();
        }
    }

    @Override
    public boolean isRunning() {
        return started;
    }
}
