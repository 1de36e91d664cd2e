package app.thestorage.provisioning.photos.download;

import app.thestorage.provisioning.photos.CallGuards;
import app.thestorage.provisioning.photos.PhotoFetcherProperties;
import io.github.resilience4j.bulkhead.Bulkhead;
import io.github.resilience4j.bulkhead.BulkheadConfig;
import io.github.resilience4j.bulkhead.BulkheadRegistry;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import io.github.resilience4j.retry.RetryRegistry;
import java.io.IOException;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.springframework.stereotype.Component;

/**
 * Guards every download from an address a tenant gave: a retry per tenant honouring Retry-After (outermost, so its
 * waits hold no slot), a circuit breaker per tenant and host (a host that keeps failing a tenant's downloads is left
 * alone for a while by that tenant; addresses one tenant chose never pause another tenant's downloads from the same
 * host), and a bulkhead per tenant bounding its downloads at once. The time limit is the downloader's
 * own, closing the transfer ({@link PhotoDownloader}). Names start with {@code scim-}, apart from Graph's.
 */
@Component
public class DownloadGuards {

    private final CircuitBreakerRegistry circuitBreakers;
    private final BulkheadRegistry bulkheads;
    private final RetryRegistry retries;
    private final PhotoFetcherProperties.Scim settings;

    public DownloadGuards(CircuitBreakerRegistry circuitBreakers, BulkheadRegistry bulkheads, RetryRegistry retries,
                          PhotoFetcherProperties properties) {
        this.circuitBreakers = circuitBreakers;
        this.bulkheads = bulkheads;
        this.retries = retries;
        this.settings = properties.scim();
    }

    /** Runs one download of a tenant from a host under their guards. */
    public <T> T call(String tenant, String host, Callable<T> download) throws Exception {
        Retry retry = retries.retry("scim-" + tenant, this::retryConfig);
        CircuitBreaker breaker = circuitBreakers.circuitBreaker("scim-" + tenant + "-host-" + host, this::breakerConfig);
        Bulkhead bulkhead = bulkheads.bulkhead("scim-" + tenant, this::bulkheadConfig);
        return Retry.decorateCallable(retry,
                CircuitBreaker.decorateCallable(breaker,
                        Bulkhead.decorateCallable(bulkhead, download))).call();
    }

    private static Optional<Duration> retryAfter(Throwable failure) {
        return failure instanceof PhotoDownloader.Unavailable unavailable ? unavailable.retryAfter() : Optional.empty();
    }

    private RetryConfig retryConfig() {
        return CallGuards.retry(settings, failure -> failure instanceof IOException, DownloadGuards::retryAfter);
    }

    private CircuitBreakerConfig breakerConfig() {
        return CallGuards.breaker(settings).build();
    }

    private BulkheadConfig bulkheadConfig() {
        return CallGuards.bulkhead(settings);
    }
}
