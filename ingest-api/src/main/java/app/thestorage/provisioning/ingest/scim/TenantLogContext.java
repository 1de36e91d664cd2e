package app.thestorage.provisioning.ingest.scim;

import app.thestorage.provisioning.ingest.logging.LogContext;
import app.thestorage.provisioning.ingest.tenant.TenantRegistry;
import java.util.Optional;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

/**
 * Puts the tenant a SCIM request addresses into the request's Reactor context, so that the log lines written for it
 * name it beside the trace ({@link LogContext}).
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE)
public class TenantLogContext implements WebFilter {

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        Optional<String> tenant = ScimPaths.tenantOf(exchange).filter(TenantRegistry::isValidSlug);
        if (tenant.isEmpty()) {
            return chain.filter(exchange);
        }
        return chain.filter(exchange).contextWrite(context -> context.put(LogContext.TENANT, tenant.get()));
    }
}
