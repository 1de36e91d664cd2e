package app.thestorage.provisioning.photos.graph;

import app.thestorage.provisioning.photos.CallGuards;
import app.thestorage.provisioning.photos.PhotoFetcherProperties;
import com.microsoft.kiota.ApiException;
import io.github.resilience4j.bulkhead.Bulkhead;
import io.github.resilience4j.bulkhead.BulkheadConfig;
import io.github.resilience4j.bulkhead.BulkheadRegistry;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import io.github.resilience4j.retry.RetryRegistry;
import io.github.resilience4j.timelimiter.TimeLimiter;
import io.github.resilience4j.timelimiter.TimeLimiterConfig;
import io.github.resilience4j.timelimiter.TimeLimiterRegistry;
import java.io.IOException;
import java.time.Duration;
import java.util.Collection;
import java.util.Optional;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.springframework.stereotype.Component;

/**
 * Guards every Graph call of a tenant, all per tenant so one tenant's broken or throttled Graph never slows
 * another: a retry honouring Retry-After (outermost, so its waits hold no slot), a circuit breaker, a
 * bulkhead bounding concurrent calls, and a time limit that really stops the call (see {@link Cancellable}).
 * The Graph SDK's own retry handler is switched off per request (GraphPhotos), so these are the only retries.
 */
@Component
public class GraphCallPolicy implements AutoCloseable {

    private static final Set<Integer> TRANSIENT = Set.of(429, 500, 502, 503, 504);

    private final CircuitBreakerRegistry circuitBreakers;
    private final BulkheadRegistry bulkheads;
    private final TimeLimiterRegistry timeLimiters;
    private final RetryRegistry retries;
    private final PhotoFetcherProperties.Graph settings;
    private final ExecutorService calls = Executors.newVirtualThreadPerTaskExecutor();

    public GraphCallPolicy(CircuitBreakerRegistry circuitBreakers, BulkheadRegistry bulkheads,
                           TimeLimiterRegistry timeLimiters, RetryRegistry retries, PhotoFetcherProperties properties) {
        this.circuitBreakers = circuitBreakers;
        this.bulkheads = bulkheads;
        this.timeLimiters = timeLimiters;
        this.retries = retries;
        this.settings = properties.graph();
    }

    /** A Graph call that can be stopped from another thread, e.g. by closing the stream it reads. */
    @FunctionalInterface
    public interface Cancellable<T> {
        T call(Cancellation cancellation) throws Exception;
    }

    /** Where a running call registers what stops it. */
    public interface Cancellation {
        void onCancel(AutoCloseable stop);
    }

    /** Runs one Graph call of a tenant under the tenant's guards. */
    public <T> T call(String tenant, Cancellable<T> graphCall) throws Exception {
        String name = "graph-" + tenant;
        Retry retry = retries.retry(name, this::retryConfig);
        CircuitBreaker breaker = circuitBreakers.circuitBreaker(name, this::breakerConfig);
        Bulkhead bulkhead = bulkheads.bulkhead(name, this::bulkheadConfig);
        TimeLimiter timeLimiter = timeLimiters.timeLimiter(name, this::timeLimiterConfig);
        Callable<T> limited = () -> timeLimiter.executeFutureSupplier(() -> start(graphCall));
        return Retry.decorateCallable(retry,
                CircuitBreaker.decorateCallable(breaker,
                        Bulkhead.decorateCallable(bulkhead, limited))).call();
    }

    public CircuitBreaker.State breakerState(String tenant) {
        return circuitBreakers.circuitBreaker("graph-" + tenant, this::breakerConfig).getState();
    }

    private <T> CompletableFuture<T> start(Cancellable<T> graphCall) {
        Queue<AutoCloseable> stops = new ConcurrentLinkedQueue<>();
        CompletableFuture<T> running = new CompletableFuture<>();
        calls.submit(() -> {
            try {
                running.complete(graphCall.call(stops::add));
            } catch (Throwable failure) {
                running.completeExceptionally(failure);
            }
        });
        running.whenComplete((result, failure) -> {
            if (running.isCancelled()) {
                stops.forEach(GraphCallPolicy::closeQuietly);
            }
        });
        return running;
    }

    /** How long Graph asked us to wait (429/503 Retry-After, in seconds), if it did. */
    static Optional<Duration> retryAfter(Throwable failure) {
        if (failure instanceof ApiException api && api.getResponseHeaders() != null) {
            Collection<String> values = api.getResponseHeaders().get("Retry-After");
            if (values != null) {
                for (String value : values) {
                    try {
                        return Optional.of(Duration.ofSeconds(Long.parseLong(value.trim())));
                    } catch (NumberFormatException notSeconds) {
                        // an HTTP date: fall back to our own backoff
                    }
                }
            }
        }
        return Optional.empty();
    }

    private static boolean transientFailure(Throwable failure) {
        if (failure instanceof ApiException api) {
            return TRANSIENT.contains(api.getResponseStatusCode());
        }
        return failure instanceof IOException;
    }

    private RetryConfig retryConfig() {
        return CallGuards.retry(settings, GraphCallPolicy::transientFailure, GraphCallPolicy::retryAfter);
    }

    private CircuitBreakerConfig breakerConfig() {
        return CallGuards.breaker(settings)
                // a user without a photo is an answer, not a failure of Graph
                .ignoreException(failure -> failure instanceof ApiException api && api.getResponseStatusCode() == 404)
                .build();
    }

    private BulkheadConfig bulkheadConfig() {
        return CallGuards.bulkhead(settings);
    }

    private TimeLimiterConfig timeLimiterConfig() {
        return TimeLimiterConfig.custom()
                .timeoutDuration(settings.timeLimit())
                .cancelRunningFuture(true)
                .build();
    }

    private static void closeQuietly(AutoCloseable stop) {
        try {
            stop.close();
        } catch (Exception ignored) {
            // the call is being abandoned; it fails on its own
        }
    }

    @Override
    public void close() {
        calls.shutdownNow();
    }
}
