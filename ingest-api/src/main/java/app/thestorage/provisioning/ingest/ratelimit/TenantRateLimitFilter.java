package app.thestorage.provisioning.ingest.ratelimit;

import app.thestorage.provisioning.ingest.scim.ScimErrorWriter;
import app.thestorage.provisioning.scim.ScimException;
import app.thestorage.provisioning.ingest.tenant.ScimClient;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

/**
 * Answers an authenticated SCIM request over its tenant's rate with a SCIM 429 and a whole-seconds
 * Retry-After (the only form Okta honours; Entra backs off on it too). One tenant's burst never uses up
 * another tenant's allowance.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 20)
public class TenantRateLimitFilter implements WebFilter {

    private final RateLimitProperties properties;
    private final ScimErrorWriter errors;
    private final Map<String, Bucket> buckets = new ConcurrentHashMap<>();

    public TenantRateLimitFilter(RateLimitProperties properties, ScimErrorWriter errors) {
        this.properties = properties;
        this.errors = errors;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        Optional<ScimClient> client = ScimClient.find(exchange);
        if (client.isEmpty()) {
            return chain.filter(exchange);
        }
        ConsumptionProbe probe = buckets.computeIfAbsent(client.get().tenant(), tenant -> bucket())
                .tryConsumeAndReturnRemaining(1);
        if (probe.isConsumed()) {
            return chain.filter(exchange);
        }
        return errors.refuse(exchange, ScimException.tooManyRequests(
                "Too many requests for this tenant. Retry after the indicated delay.",
                Duration.ofNanos(probe.getNanosToWaitForRefill())));
    }

    private Bucket bucket() {
        return Bucket.builder()
                .addLimit(limit -> limit.capacity(properties.burst())
                        .refillGreedy(properties.requestsPerSecond(), Duration.ofSeconds(1)))
                .build();
    }
}
