package app.thestorage.provisioning.ingest.offboarding;

import app.thestorage.provisioning.contract.command.EraseTenant;
import app.thestorage.provisioning.contract.command.Outcome;
import app.thestorage.provisioning.scim.ScimException;
import java.time.Clock;
import java.time.Duration;
import java.util.UUID;
import java.util.function.Function;
import reactor.core.publisher.Mono;
import reactor.util.retry.Retry;

/**
 * Deletes every group and user of a tenant through the pipeline: sends {@link EraseTenant} steps and awaits each
 * outcome ({@link Outcome.TenantErased}) until the projector says nothing is left. Each step is decided like the
 * DELETEs it stands for (change events, tombstones on the state topics, the directory rows gone). A step whose outcome
 * is not heard in time (503) is sent again, as a new step: a step is idempotent, it deletes what is still there.
 */
public final class TenantErasure {

    /** Sends a command and awaits its outcome: the command gateway's submit. */
    public interface Pipeline extends Function<EraseTenant, Mono<Outcome>> {
    }

    /** Takes note of what a step deleted; false stops the erasure (the offboarding is no longer this one's to run). */
    public interface Progress extends Function<Outcome.TenantErased, Mono<Boolean>> {
    }

    /** Thrown when the offboarding was taken over by another instance while this one erased. */
    public static final class Superseded extends RuntimeException {
        Superseded(String tenant) {
            super("The offboarding of tenant " + tenant + " is carried out by another instance", null, false, false);
        }
    }

    private final Pipeline pipeline;
    private final int attempts;
    private final Duration backoff;
    private final Clock clock;

    /**
     * @param attempts how often a step not heard of in time is sent before the erasure fails (and is resumed later)
     * @param backoff  the wait before the first resend, doubling after each
     */
    public TenantErasure(Pipeline pipeline, int attempts, Duration backoff, Clock clock) {
        this.pipeline = pipeline;
        this.attempts = attempts;
        this.backoff = backoff;
        this.clock = clock;
    }

    /** Completes once the tenant has no group and no user left. */
    public Mono<Void> erase(String tenant, Progress progress) {
        return step(tenant)
                .flatMap(erased -> progress.apply(erased).flatMap(kept -> {
                    if (!kept) {
                        return Mono.error(new Superseded(tenant));
                    }
                    return erased.complete() ? Mono.<Void>empty() : erase(tenant, progress);
                }));
    }

    private Mono<Outcome.TenantErased> step(String tenant) {
        return Mono.defer(() -> pipeline.apply(EraseTenant.step(UUID.randomUUID().toString(), tenant, clock.instant())))
                .retryWhen(Retry.backoff(attempts - 1, backoff).filter(TenantErasure::notHeardInTime)
                        .onRetryExhaustedThrow((spec, signal) -> signal.failure()))
                .flatMap(outcome -> switch (outcome) {
                    case Outcome.TenantErased erased -> Mono.just(erased);
                    case Outcome.Rejected rejected -> Mono.error(new IllegalStateException(
                            "The projector refused to erase tenant " + tenant + ": " + rejected.detail()));
                    case Outcome.Applied applied -> unexpected(tenant, outcome);
                    case Outcome.GroupApplied applied -> unexpected(tenant, outcome);
                    case Outcome.Unchanged unchanged -> unexpected(tenant, outcome);
                });
    }

    private static Mono<Outcome.TenantErased> unexpected(String tenant, Outcome outcome) {
        return Mono.error(new IllegalStateException("An erasure step of tenant " + tenant + " had the outcome "
                + outcome.getClass().getSimpleName() + " instead of TenantErased"));
    }

    /** The gateway's answer when the outcome was not heard in time, or the command could not be sent: try again. */
    private static boolean notHeardInTime(Throwable failure) {
        return failure instanceof ScimException scim && scim.status() == 503;
    }
}
