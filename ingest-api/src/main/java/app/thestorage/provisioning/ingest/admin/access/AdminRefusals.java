package app.thestorage.provisioning.ingest.admin.access;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.security.core.Authentication;
import org.springframework.security.web.server.ServerAuthenticationEntryPoint;
import org.springframework.security.web.server.authorization.ServerAccessDeniedHandler;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

/**
 * How the admin API refuses: RFC 9457 problems that say what to do. 401 when no valid credential or sign-in came
 * with the request; 403 when the caller is known but may not do this (another tenant, an operator's action) or a
 * signed-in console request lacks its CSRF token.
 */
final class AdminRefusals {

    private final JsonMapper json;
    private final OperatorCredential operator;
    private final AdminSignInProperties signIn;
    private final AdminClaims claims;

    AdminRefusals(JsonMapper json, OperatorCredential operator, AdminSignInProperties signIn, AdminClaims claims) {
        this.json = json;
        this.operator = operator;
        this.signIn = signIn;
        this.claims = claims;
    }

    ServerAuthenticationEntryPoint unauthenticated() {
        return (exchange, failure) -> {
            String detail;
            if (!operator.configured() && !signIn.enabled()) {
                detail = "The admin API is not configured on this instance: set PROVISIONING_ADMIN_TOKEN.";
            } else if (exchange.getRequest().getHeaders().containsHeader(HttpHeaders.AUTHORIZATION)) {
                detail = "Missing or invalid admin credential.";
            } else if (exchange.getRequest().getCookies().containsKey("SESSION")) {
                detail = "Your sign-in has ended: sign in again.";
            } else {
                detail = "Missing or invalid admin credential: sign in first.";
            }
            exchange.getResponse().getHeaders().set(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"TheStorage admin\"");
            return write(exchange, HttpStatus.UNAUTHORIZED, detail);
        };
    }

    ServerAccessDeniedHandler forbidden() {
        return (exchange, denied) -> exchange.getPrincipal()
                .cast(Authentication.class)
                .map(claims::identify)
                .map(identity -> AdminAccessRule.refusal(identity, AdminAccessRule.scopeOf(exchange.getRequest())))
                .defaultIfEmpty("Not allowed.")
                .flatMap(detail -> write(exchange, HttpStatus.FORBIDDEN, detail));
    }

    ServerAccessDeniedHandler missingCsrfToken() {
        return (exchange, denied) -> write(exchange, HttpStatus.FORBIDDEN,
                "The request came without this sign-in's CSRF token: reload the console and try again.");
    }

    /** The end of a sign-out: where the browser goes next (the provider's end-session page, or the console). */
    Mono<Void> signedOut(ServerWebExchange exchange, java.net.URI next) {
        ServerHttpResponse response = exchange.getResponse();
        response.setStatusCode(HttpStatus.OK);
        response.getHeaders().setContentType(MediaType.APPLICATION_JSON);
        byte[] body = json.writeValueAsBytes(Map.of("signedOut", true, "next", next.toString()));
        return response.writeWith(Mono.just(response.bufferFactory().wrap(body)));
    }

    private Mono<Void> write(ServerWebExchange exchange, HttpStatus status, String detail) {
        ServerHttpResponse response = exchange.getResponse();
        response.setStatusCode(status);
        response.getHeaders().setContentType(MediaType.APPLICATION_PROBLEM_JSON);
        byte[] body = json.writeValueAsString(ProblemDetail.forStatusAndDetail(status, detail))
                .getBytes(StandardCharsets.UTF_8);
        return response.writeWith(Mono.just(response.bufferFactory().wrap(body)));
    }
}
