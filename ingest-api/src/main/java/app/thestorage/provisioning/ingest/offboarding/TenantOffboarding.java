package app.thestorage.provisioning.ingest.offboarding;

import app.thestorage.provisioning.contract.event.UserChangeType;
import app.thestorage.provisioning.contract.group.GroupChangeType;
import app.thestorage.provisioning.ingest.command.CommandGateway;
import app.thestorage.provisioning.ingest.logging.LogContext;
import app.thestorage.provisioning.ingest.tenant.TenantProblem;
import app.thestorage.provisioning.ingest.tenant.TenantRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;
import reactor.core.Disposable;
import reactor.core.Disposables;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Offboards tenants (DELETE /admin/tenants/{tenant}; docs/tenant-offboarding.md): starting one refuses the tenant's
 * SCIM requests at once, then its {@link OffboardingStep}s are carried out in the background, in order, each recorded
 * in PostgreSQL before the next begins. An offboarding nobody carries out (never started here, or its instance
 * stopped or crashed) is resumed where it stood by whichever instance looks first: at start, then every
 * {@link #LOOK_EVERY}.
 */
@Component
public class TenantOffboarding implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(TenantOffboarding.class);
    /** How long a claim on an offboarding holds without being renewed (each step and each erasure step renews it). */
    private static final Duration CLAIM = Duration.ofMinutes(2);
    private static final Duration LOOK_EVERY = Duration.ofSeconds(10);
    private static final int STEP_ATTEMPTS = 5;
    private static final Duration STEP_BACKOFF = Duration.ofSeconds(1);

    private final TenantRegistry tenants;
    private final Offboardings offboardings;
    private final PhotoFetcherPurge photoFetcher;
    private final TenantErasure erasure;
    private final Clock clock = Clock.systemUTC();
    /** This instance, as the holder of its claims: a new one at each start. */
    private final String owner = UUID.randomUUID().toString();
    private final Set<String> running = ConcurrentHashMap.newKeySet();
    private volatile Disposable.Composite runs = Disposables.composite();
    private final Disposable.Swap resumer = Disposables.swap();

    public TenantOffboarding(TenantRegistry tenants, Offboardings offboardings, PhotoFetcherPurge photoFetcher,
                             CommandGateway commands) {
        this.tenants = tenants;
        this.offboardings = offboardings;
        this.photoFetcher = photoFetcher;
        this.erasure = new TenantErasure(commands::submit, STEP_ATTEMPTS, STEP_BACKOFF, clock);
    }

    /**
     * Starts the tenant's offboarding and answers its progress; if it already runs, only answers its progress.
     * A 404 problem for a tenant that does not exist.
     */
    public Mono<Offboarding> start(String tenant) {
        OffboardingStep first = OffboardingStep.first();
        return tenants.startOffboarding(tenant, now(), first.name())
                .map(startedAt -> {
                    LogContext.forTenant(tenant, () -> log.info(
                            "Offboarding of tenant {} started: its SCIM requests are refused from now on", tenant));
                    carryOut(tenant);
                    return Offboarding.of(tenant, first, 0, 0, startedAt);
                })
                .switchIfEmpty(Mono.defer(() -> offboardings.find(tenant)))
                .switchIfEmpty(Mono.error(() -> TenantProblem.notFound(tenant)));
    }

    /** The tenant's offboarding while it runs; empty if it does not (or there is no such tenant). */
    public Mono<Offboarding> progress(String tenant) {
        return offboardings.find(tenant);
    }

    /** Carries out the tenant's offboarding from where it stands, unless an instance (this one or another) does. */
    void carryOut(String tenant) {
        if (!running.add(tenant)) {
            return;
        }
        Instant now = now();
        Disposable run = offboardings.claim(tenant, owner, now, now.plus(CLAIM))
                .flatMap(step -> from(tenant, step).thenReturn(step))
                .doFinally(signal -> running.remove(tenant))
                .subscribe(step -> LogContext.forTenant(tenant, () -> log.info(
                                "Tenant {} is offboarded: nothing of it is left", tenant)),
                        failure -> failed(tenant, failure));
        runs.add(run);
    }

    private Mono<Void> from(String tenant, OffboardingStep step) {
        return carryOut(tenant, step).then(Mono.defer(() -> {
            OffboardingStep next = step.next();
            if (next == null) {
                return Mono.empty();
            }
            return offboardings.advance(tenant, owner, next, claimUntil())
                    .flatMap(kept -> kept ? from(tenant, next) : Mono.error(new TenantErasure.Superseded(tenant)));
        }));
    }

    private Mono<Void> carryOut(String tenant, OffboardingStep step) {
        LogContext.forTenant(tenant, () -> log.info("Offboarding tenant {}: {}", tenant, step));
        return switch (step) {
            case PURGE_DIRECTORY_PROVIDER -> photoFetcher.removeDirectoryProvider(tenant);
            case ERASE_DIRECTORY -> erasure.erase(tenant, erased -> offboardings.erased(tenant, owner,
                    (int) erased.users().stream().filter(change -> change.type() == UserChangeType.USER_DELETED).count(),
                    (int) erased.groups().stream().filter(change -> change.type() == GroupChangeType.GROUP_DELETED)
                            .count(),
                    claimUntil()));
            case PURGE_PHOTOS_AND_LOG -> photoFetcher.purge(tenant).then(offboardings.purgeLog(tenant));
            case REMOVE_TENANT -> tenants.removeOffboarded(tenant);
        };
    }

    private void failed(String tenant, Throwable failure) {
        LogContext.forTenant(tenant, () -> {
            if (failure instanceof TenantErasure.Superseded) {
                log.info("{}: this instance leaves it", failure.getMessage());
                return;
            }
            log.warn("Offboarding of tenant {} interrupted ({}); it is resumed where it stands within {}", tenant,
                    failure.toString(), CLAIM.plus(LOOK_EVERY));
        });
    }

    private Instant claimUntil() {
        return now().plus(CLAIM);
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }

    @Override
    public void start() {
        runs = Disposables.composite();
        resumer.update(Flux.interval(Duration.ZERO, LOOK_EVERY)
                .onBackpressureDrop()
                .concatMap(tick -> offboardings.unclaimed(now())
                        .doOnNext(this::carryOut)
                        .then()
                        .onErrorResume(failure -> {
                            log.warn("Looking for offboardings to resume failed: {}", failure.toString());
                            return Mono.empty();
                        }), 1)
                .subscribe());
    }

    @Override
    public void stop() {
        resumer.update(null);
        runs.dispose();
    }

    @Override
    public boolean isRunning() {
        return resumer.get() != null && !resumer.get().isDisposed();
    }
}
