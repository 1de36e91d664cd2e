package app.thestorage.provisioning.photos.graph;

import io.github.resilience4j.bulkhead.Bulkhead;
import io.github.resilience4j.bulkhead.BulkheadRegistry;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryRegistry;
import io.github.resilience4j.timelimiter.TimeLimiter;
import io.github.resilience4j.timelimiter.TimeLimiterRegistry;
import org.springframework.stereotype.Component;

/**
 * The Resilience4j instances that guard every Graph call of a tenant: a time limit, a bulkhead bounding
 * concurrent calls, a retry honouring Retry-After and a circuit breaker, all per tenant so one tenant's
 * broken or throttled Graph never slows another. Their settings are the "graph" configs in photo-fetcher.yml.
 */
@Component
public class GraphCallPolicy {

    private static final String CONFIG = "graph";

    private final CircuitBreakerRegistry circuitBreakers;
    private final BulkheadRegistry bulkheads;
    private final TimeLimiterRegistry timeLimiters;
    private final RetryRegistry retries;

    public GraphCallPolicy(CircuitBreakerRegistry circuitBreakers, BulkheadRegistry bulkheads,
                           TimeLimiterRegistry timeLimiters, RetryRegistry retries) {
        this.circuitBreakers = circuitBreakers;
        this.bulkheads = bulkheads;
        this.timeLimiters = timeLimiters;
        this.retries = retries;
    }

    /** The guards of one tenant. */
    public record TenantGuards(CircuitBreaker circuitBreaker, Bulkhead bulkhead, TimeLimiter timeLimiter, Retry retry) {
    }

    public TenantGuards forTenant(String tenant) {
        String name = "graph-" + tenant;
        return new TenantGuards(
                circuitBreakers.circuitBreaker(name, CONFIG),
                bulkheads.bulkhead(name, CONFIG),
                timeLimiters.timeLimiter(name, CONFIG),
                retries.retry(name, CONFIG));
    }
}
