package app.thestorage.provisioning.photos.admin;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

/**
 * photo-fetcher's admin endpoints are reached through ingest-api, which forwards the admin's request with
 * its credential; this checks it again, so the endpoints are closed even to a caller inside the cluster.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 10)
public class AdminCredentialFilter implements WebFilter {

    private final byte[] expected;

    public AdminCredentialFilter(@Value("${provisioning.admin.token:}") String token) {
        this.expected = token == null || token.isBlank() ? null : ("Bearer " + token.trim()).getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        if (!exchange.getRequest().getPath().pathWithinApplication().value().startsWith("/admin/")) {
            return chain.filter(exchange);
        }
        String presented = exchange.getRequest().getHeaders().getFirst(HttpHeaders.AUTHORIZATION);
        if (expected != null && presented != null
                && MessageDigest.isEqual(expected, presented.trim().getBytes(StandardCharsets.UTF_8))) {
            return chain.filter(exchange);
        }
        exchange.getResponse().setStatusCode(HttpStatus.UNAUTHORIZED);
        return exchange.getResponse().setComplete();
    }
}
