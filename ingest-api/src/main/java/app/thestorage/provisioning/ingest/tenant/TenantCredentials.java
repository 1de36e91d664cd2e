package app.thestorage.provisioning.ingest.tenant;

import app.thestorage.provisioning.ingest.notification.PostgresNotifications;
import app.thestorage.provisioning.ingest.tenant.TenantRegistry.ScimCredential;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;
import reactor.core.Disposable;
import reactor.core.Disposables;
import reactor.core.publisher.Mono;

/**
 * The SCIM credentials of the tenants, as {@link TenantRegistry} has them, without a database round trip per
 * request. A credential is remembered only while this instance listens to PostgreSQL's notifications of
 * credential changes (a trigger on {@code tenancy.tenants} notifies channel {@code tenant_credentials} when
 * the change commits): a regenerated or revoked token is forgotten by every instance as the change commits.
 * While the listening connection is down, nothing is remembered and every request reads the database; a
 * remembered credential is re-read after {@link #AT_MOST} in any case.
 */
@Component
public class TenantCredentials implements SmartLifecycle {

    private static final String CHANNEL = "tenant_credentials";
    private static final Duration AT_MOST = Duration.ofMinutes(1);
    private static final Logger log = LoggerFactory.getLogger(TenantCredentials.class);

    private final TenantRegistry tenants;
    private final PostgresNotifications notifications;
    private final Cache<String, Optional<ScimCredential>> remembered = Caffeine.newBuilder()
            .maximumSize(100_000)
            .expireAfterWrite(AT_MOST)
            .build();
    /** Grows with every change heard of, so that a read racing a change is not remembered. */
    private final AtomicLong changes = new AtomicLong();
    private volatile boolean listening;
    private final Disposable.Swap listener = Disposables.swap();

    public TenantCredentials(TenantRegistry tenants, PostgresNotifications notifications) {
        this.tenants = tenants;
        this.notifications = notifications;
    }

    /** The tenant's credential, or empty if there is no such tenant. */
    public Mono<ScimCredential> of(String tenant) {
        if (listening) {
            Optional<ScimCredential> known = remembered.getIfPresent(tenant);
            if (known != null) {
                return Mono.justOrEmpty(known);
            }
        }
        long changesBefore = changes.get();
        return tenants.credentialOf(tenant)
                .map(Optional::of)
                .defaultIfEmpty(Optional.empty())
                .doOnNext(credential -> remember(tenant, credential, changesBefore))
                .flatMap(Mono::justOrEmpty);
    }

    private void remember(String tenant, Optional<ScimCredential> credential, long changesBefore) {
        if (!listening || changes.get() != changesBefore) {
            return;
        }
        remembered.put(tenant, credential);
        if (changes.get() != changesBefore) {
            remembered.invalidate(tenant); // a change was heard of while remembering: it may be older
        }
    }

    private void forget(String tenant) {
        changes.incrementAndGet();
        remembered.invalidate(tenant);
    }

    private void forgetAll() {
        listening = false;
        changes.incrementAndGet();
        remembered.invalidateAll();
    }

    @Override
    public void start() {
        listener.update(notifications.on(CHANNEL, () -> {
                    changes.incrementAndGet(); // a read that started before now is not remembered
                    listening = true;
                }, failure -> {
                    forgetAll();
                    log.warn("Not listening to tenant credential changes ({}); every SCIM request reads its tenant's "
                            + "credential from the database until listening again", failure.toString());
                })
                .subscribe(this::forget));
    }

    /** A change made by this instance is forgotten before it is answered, without waiting for its notification. */
    @EventListener
    void on(TenantRegistry.CredentialChanged change) {
        forget(change.tenant());
    }

    @Override
    public void stop() {
        listener.update(null);
        forgetAll();
    }

    @Override
    public boolean isRunning() {
        return listener.get() != null;
    }
}
