package app.thestorage.provisioning.ingest.admin;

import app.thestorage.provisioning.ingest.tenant.TenantTokens;
import java.nio.charset.StandardCharsets;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

/**
 * Lets a request under {@code /admin/} through only with the admin credential from configuration. It is
 * unrelated to SCIM tokens: no tenant token opens the admin API, and the admin credential opens no SCIM
 * endpoint.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 10)
public class AdminAuthenticationFilter implements WebFilter {

    static final String PATH = "/admin/";

    private final byte[] credentialHash;
    private final JsonMapper json;

    public AdminAuthenticationFilter(AdminProperties properties, JsonMapper json) {
        this.credentialHash = properties.token() == null || properties.token().isBlank()
                ? null : TenantTokens.hash(properties.token().trim());
        this.json = json;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        if (!exchange.getRequest().getPath().pathWithinApplication().value().startsWith(PATH)) {
            return chain.filter(exchange);
        }
        boolean admitted = credentialHash != null && TenantTokens.bearerOf(exchange.getRequest())
                .filter(presented -> TenantTokens.matches(presented, credentialHash))
                .isPresent();
        if (admitted) {
            return chain.filter(exchange);
        }
        return refuse(exchange);
    }

    private Mono<Void> refuse(ServerWebExchange exchange) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.UNAUTHORIZED, credentialHash == null
                ? "The admin API is not configured on this instance: set PROVISIONING_ADMIN_TOKEN."
                : "Missing or invalid admin credential.");
        ServerHttpResponse response = exchange.getResponse();
        response.setStatusCode(HttpStatus.UNAUTHORIZED);
        response.getHeaders().setContentType(MediaType.APPLICATION_PROBLEM_JSON);
        response.getHeaders().set(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"TheStorage admin\"");
        byte[] body = json.writeValueAsString(problem).getBytes(StandardCharsets.UTF_8);
        return response.writeWith(Mono.just(response.bufferFactory().wrap(body)));
    }
}
