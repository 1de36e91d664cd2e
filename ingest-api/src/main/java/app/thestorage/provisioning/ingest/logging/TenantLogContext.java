package app.thestorage.provisioning.ingest.logging;

import app.thestorage.provisioning.ingest.scim.ScimPaths;
import app.thestorage.provisioning.ingest.tenant.TenantRegistry;
import io.micrometer.context.ContextRegistry;
import java.util.Optional;
import org.slf4j.MDC;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

/**
 * Puts the tenant a SCIM request addresses into every log line written while it is handled (MDC key
 * {@value #TENANT}), beside the trace id: the request's Reactor context carries it, and Reactor's automatic
 * context propagation ({@code spring.reactor.context-propagation=auto}) restores it on whichever thread goes on.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE)
public class TenantLogContext implements WebFilter {

    /** The MDC key, the same in every service. */
    public static final String TENANT = "tenant";

    static {
        ContextRegistry.getInstance().registerThreadLocalAccessor(TENANT,
                () -> MDC.get(TENANT), tenant -> MDC.put(TENANT, tenant), () -> MDC.remove(TENANT));
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        Optional<String> tenant = ScimPaths.tenantOf(exchange).filter(TenantRegistry::isValidSlug);
        if (tenant.isEmpty()) {
            return chain.filter(exchange);
        }
        return chain.filter(exchange).contextWrite(context -> context.put(TENANT, tenant.get()));
    }
}
