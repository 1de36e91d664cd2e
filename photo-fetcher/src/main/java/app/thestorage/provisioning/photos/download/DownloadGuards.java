package app.thestorage.provisioning.photos.download;

import app.thestorage.provisioning.photos.CallGuards;
import app.thestorage.provisioning.photos.PhotoFetcherProperties;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Ticker;
import io.github.resilience4j.bulkhead.Bulkhead;
import io.github.resilience4j.bulkhead.BulkheadConfig;
import io.github.resilience4j.bulkhead.BulkheadRegistry;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import io.github.resilience4j.retry.RetryRegistry;
import java.io.IOException;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * Guards every download from an address a tenant gave: a retry per tenant honouring Retry-After (outermost, so its
 * waits hold no slot), a circuit breaker per tenant and host (a host that keeps failing a tenant's downloads is left
 * alone for a while by that tenant; addresses one tenant chose never pause another tenant's downloads from the same
 * host), and a bulkhead per tenant bounding its downloads at once. The time limit is the downloader's own, closing
 * the transfer ({@link PhotoDownloader}). Names start with {@code scim-}, apart from Graph's.
 *
 * <p>The breakers are kept here, not in the service's breaker registry: there could be one for every host any tenant
 * ever named, so an idle one is forgotten after {@link #BREAKER_KEPT_IDLE} (a forgotten breaker is a closed one) and
 * no more than {@link #BREAKERS} are kept, and none has meters of its own. {@code photos.scim.refused} with reason
 * {@code host_paused} counts what they refuse.
 */
@Component
public class DownloadGuards {

    static final Duration BREAKER_KEPT_IDLE = Duration.ofHours(1);
    static final long BREAKERS = 100_000;

    private final Cache<String, CircuitBreaker> circuitBreakers;
    private final BulkheadRegistry bulkheads;
    private final RetryRegistry retries;
    private final PhotoFetcherProperties.Scim settings;

    @Autowired
    public DownloadGuards(BulkheadRegistry bulkheads, RetryRegistry retries, PhotoFetcherProperties properties) {
        this(bulkheads, retries, properties, Ticker.systemTicker());
    }

    /** With the clock that ages idle breakers given (a test's). */
    DownloadGuards(BulkheadRegistry bulkheads, RetryRegistry retries, PhotoFetcherProperties properties, Ticker clock) {
        this.circuitBreakers = Caffeine.newBuilder()
                .expireAfterAccess(BREAKER_KEPT_IDLE)
                .maximumSize(BREAKERS)
                .ticker(clock)
                .build();
        this.bulkheads = bulkheads;
        this.retries = retries;
        this.settings = properties.scim();
    }

    /** Runs one download of a tenant from a host under their guards. */
    public <T> T call(String tenant, String host, Callable<T> download) throws Exception {
        Retry retry = retries.retry("scim-" + tenant, this::retryConfig);
        CircuitBreaker breaker = circuitBreakers.get("scim-" + tenant + "-host-" + host,
                name -> CircuitBreaker.of(name, breakerConfig()));
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
