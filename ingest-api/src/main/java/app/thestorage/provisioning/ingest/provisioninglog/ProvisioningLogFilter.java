package app.thestorage.provisioning.ingest.provisioninglog;

import app.thestorage.provisioning.contract.DirectoryLimits;
import app.thestorage.provisioning.contract.user.IdentityProvider;
import app.thestorage.provisioning.scim.ScimException;
import app.thestorage.provisioning.ingest.scim.ScimExchange;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.tracing.handler.TracingObservationHandler;
import app.thestorage.provisioning.ingest.scim.ScimPaths;
import app.thestorage.provisioning.ingest.tenant.IdentityProviderSignature;
import app.thestorage.provisioning.ingest.tenant.ScimClient;
import app.thestorage.provisioning.ingest.tenant.TenantRegistry;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.server.reactive.observation.ServerRequestObservationContext;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.stereotype.Component;
import org.springframework.util.MultiValueMap;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

/**
 * Notes every SCIM request in its tenant's provisioning log when its response is committed, whatever
 * answered it: a controller, the error handler, authentication (401) or the rate limit (429). A successful read is
 * counted, anything else is an entry of its own ({@link LogKeeping}).
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 5)
public class ProvisioningLogFilter implements WebFilter {

    private final ProvisioningLog provisioningLog;
    private final MeterRegistry meters;

    public ProvisioningLogFilter(ProvisioningLog provisioningLog, MeterRegistry meters) {
        this.provisioningLog = provisioningLog;
        this.meters = meters;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        Optional<String> tenant = ScimPaths.tenantOf(exchange);
        if (tenant.isEmpty() || !TenantRegistry.isValidSlug(tenant.get())) {
            return chain.filter(exchange);
        }
        Instant at = Instant.now();
        long started = System.nanoTime();
        exchange.getResponse().beforeCommit(() -> {
            note(exchange, tenant.get(), at, started);
            return Mono.empty();
        });
        return chain.filter(exchange);
    }

    private void note(ServerWebExchange exchange, String tenant, Instant at, long started) {
        ServerHttpRequest request = exchange.getRequest();
        String resourcePath = ScimPaths.resourcePathOf(exchange);
        ScimOperation operation = ScimOperation.of(request.getMethod(), resourcePath);
        HttpStatusCode code = exchange.getResponse().getStatusCode();
        int status = code == null ? 200 : code.value();
        MultiValueMap<String, String> query = request.getQueryParams();
        switch (LogKeeping.of(operation, status, query.getFirst("filter"), query.getFirst("count"),
                ScimExchange.foundOf(exchange).orElse(null))) {
            case ENTRY -> {
                ProvisioningLogEntry entry = entry(exchange, tenant, at, started, operation, status, resourcePath);
                provisioningLog.append(entry);
                measure(operation, status, entry.identityProvider(), System.nanoTime() - started);
            }
            case COUNTED -> {
                IdentityProvider provider = providerOf(exchange);
                provisioningLog.count(tenant, at, operation, provider);
                measure(operation, status, provider, System.nanoTime() - started);
            }
        }
    }

    private static ProvisioningLogEntry entry(ServerWebExchange exchange, String tenant, Instant at, long started,
                                              ScimOperation operation, int status, String resourcePath) {
        ServerHttpRequest request = exchange.getRequest();
        Optional<ScimExchange.Subject> subject = ScimExchange.userOf(exchange);
        Optional<ScimException> error = ScimExchange.errorOf(exchange);
        String userId = subject.map(ScimExchange.Subject::userId).orElseGet(() -> userIdInPath(resourcePath));
        Optional<ScimClient.Refusal> refusal = ScimClient.refusalOf(exchange);
        return new ProvisioningLogEntry(0, tenant, at, operation, providerOf(exchange),
                storable(userId),
                storable(subject.map(ScimExchange.Subject::userName).orElse(null)),
                storable(operation == ScimOperation.LIST_USERS || operation == ScimOperation.LIST_GROUPS
                        ? request.getQueryParams().getFirst("filter") : null),
                status,
                ProvisioningLogEntry.Result.of(status),
                error.map(ScimException::scimType).orElse(null),
                storable(refusal.map(ScimClient.Refusal::loggedDetail)
                        .orElseGet(() -> error.map(ScimException::detail).orElse(null))),
                (int) TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started),
                traceIdOf(exchange));
    }

    /** The identity provider of the request: the tenant's client's, else the one its signature tells. */
    private static IdentityProvider providerOf(ServerWebExchange exchange) {
        return ScimClient.find(exchange).map(ScimClient::provider)
                .or(() -> ScimClient.refusalOf(exchange).map(ScimClient.Refusal::provider))
                .orElseGet(() -> IdentityProviderSignature.of(exchange.getRequest()));
    }

    /**
     * Every SCIM request, as a timer ({@code provisioning.scim.requests}) by operation, status and identity provider:
     * labels of a few values each, whatever the number of tenants. Per tenant, the provisioning log tells.
     */
    private void measure(ScimOperation operation, int status, IdentityProvider provider, long nanos) {
        Timer.builder("provisioning.scim.requests")
                .description("SCIM requests, by operation, status and identity provider")
                .tag("operation", operation.name())
                .tag("status", Integer.toString(status))
                .tag("identity_provider", provider.name())
                .publishPercentileHistogram()
                .register(meters)
                .record(nanos, TimeUnit.NANOSECONDS);
    }

    /**
     * What the request named, as far as the log can hold it: a refused request (a NUL in its userName, say) is
     * logged like any other, and never makes the batch it is written with fail for every tenant in it.
     */
    private static String storable(String value) {
        return DirectoryLimits.storable(value, DirectoryLimits.MAX_TEXT);
    }

    /** The trace id of the request's server span, when the request is traced. */
    private static String traceIdOf(ServerWebExchange exchange) {
        return ServerRequestObservationContext.findCurrent(exchange.getAttributes())
                .map(context -> context.<TracingObservationHandler.TracingContext>get(
                        TracingObservationHandler.TracingContext.class))
                .map(TracingObservationHandler.TracingContext::getSpan)
                .map(span -> span.context().traceId())
                .orElse(null);
    }

    private static String userIdInPath(String resourcePath) {
        String[] segments = ScimPaths.segmentsOf(resourcePath);
        return segments.length == 2 && segments[0].equals("Users") ? segments[1] : null;
    }
}
