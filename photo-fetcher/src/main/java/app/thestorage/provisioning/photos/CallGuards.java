package app.thestorage.provisioning.photos;

import io.github.resilience4j.bulkhead.BulkheadConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.retry.RetryConfig;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * The guards photo-fetcher puts around every call it makes to another party (Graph, an address a tenant gave): the
 * same retry, circuit breaker and bulkhead rules, each caller naming what a transient failure is and where the other
 * party said how long to wait. The caller composes them, the retry outermost so that its waits hold no slot.
 */
public final class CallGuards {

    /** What one kind of call allows itself. */
    public interface Limits {
        /** tries per call for throttling and transient failures */
        int attempts();

        /** the wait before a retry when the other party gives no Retry-After, times the attempt */
        Duration backoff();

        /** a longer Retry-After is not waited for: the call fails */
        Duration maxRetryAfter();

        /** how long a breaker that opened leaves the other party alone */
        Duration breakerOpenFor();

        /** calls at once per bulkhead */
        int concurrentCallsPerTenant();

        /** how long a call waits for a slot before giving up */
        Duration maxWaitForSlot();
    }

    private CallGuards() {
    }

    /**
     * Retries a transient failure, after the other party's Retry-After if it gave one (a longer one than
     * {@link Limits#maxRetryAfter} is not retried), else after the backoff times the attempt.
     */
    public static RetryConfig retry(Limits limits, Predicate<Throwable> transientFailure,
                                    Function<Throwable, Optional<Duration>> retryAfter) {
        return RetryConfig.custom()
                .maxAttempts(limits.attempts())
                .retryOnException(failure -> transientFailure.test(failure)
                        && retryAfter.apply(failure).map(wait -> wait.compareTo(limits.maxRetryAfter()) <= 0)
                        .orElse(true))
                .intervalBiFunction((attempt, outcome) -> (outcome.isLeft() ? retryAfter.apply(outcome.getLeft())
                        : Optional.<Duration>empty())
                        .orElse(limits.backoff().multipliedBy(attempt))
                        .toMillis())
                .build();
    }

    /** Opens when half of the last 20 calls (10 at least) failed; tries 2 calls again after the open time. */
    public static CircuitBreakerConfig.Builder breaker(Limits limits) {
        return CircuitBreakerConfig.custom()
                .slidingWindowType(CircuitBreakerConfig.SlidingWindowType.COUNT_BASED)
                .slidingWindowSize(20)
                .minimumNumberOfCalls(10)
                .failureRateThreshold(50)
                .waitDurationInOpenState(limits.breakerOpenFor())
                .permittedNumberOfCallsInHalfOpenState(2);
    }

    public static BulkheadConfig bulkhead(Limits limits) {
        return BulkheadConfig.custom()
                .maxConcurrentCalls(limits.concurrentCallsPerTenant())
                .maxWaitDuration(limits.maxWaitForSlot())
                .build();
    }
}
