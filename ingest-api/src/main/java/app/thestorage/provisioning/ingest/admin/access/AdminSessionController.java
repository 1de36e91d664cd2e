package app.thestorage.provisioning.ingest.admin.access;

import java.util.List;
import org.springframework.http.CacheControl;
import org.springframework.http.ResponseEntity;
import org.springframework.security.web.server.csrf.CsrfToken;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/** What the console asks before and after sign-in: how one can sign in, and who is signed in. */
@RestController
public class AdminSessionController {

    private final AdminSignInProperties properties;

    public AdminSessionController(AdminSignInProperties properties) {
        this.properties = properties;
    }

    /** A way to sign in with the identity provider: the console sends the browser to {@code start}. */
    public record Provider(String name, String start) {
    }

    public record SignInOptions(List<Provider> providers) {
    }

    /**
     * Who is signed in: {@code operator} (the operator credential), or the person's name and the tenant they
     * administer (null when they administer none, with {@code refusal} saying why). A console session also gets its
     * CSRF token, to send in {@code csrfHeader} with every change.
     */
    public record SignedIn(String kind, String name, String tenant, String refusal, String csrfHeader,
                           String csrfToken) {
        @Override
        public String toString() {
            return "SignedIn[kind=" + kind + ", name=" + name + ", tenant=" + tenant + "]";
        }
    }

    @GetMapping(AdminAccessRule.SIGN_IN_OPTIONS)
    public SignInOptions signInOptions() {
        return new SignInOptions(properties.consoleSignIn()
                ? List.of(new Provider(properties.providerName(), AdminSecurity.SIGN_IN_START)) : List.of());
    }

    @GetMapping(AdminAccessRule.SESSION)
    public Mono<ResponseEntity<SignedIn>> session(AdminIdentity identity, ServerWebExchange exchange) {
        Mono<CsrfToken> csrf = exchange.getAttributeOrDefault(CsrfToken.class.getName(), Mono.<CsrfToken>empty());
        return csrf.map(token -> signedIn(identity, token.getHeaderName(), token.getToken()))
                .switchIfEmpty(Mono.fromSupplier(() -> signedIn(identity, null, null)))
                .map(body -> ResponseEntity.ok().cacheControl(CacheControl.noStore()).body(body));
    }

    private static SignedIn signedIn(AdminIdentity identity, String csrfHeader, String csrfToken) {
        return switch (identity) {
            case AdminIdentity.Operator operator -> new SignedIn("operator", "operator", null, null, csrfHeader, csrfToken);
            case AdminIdentity.TenantAdmin admin -> new SignedIn("tenant-admin", admin.name(), admin.tenant(), null,
                    csrfHeader, csrfToken);
            case AdminIdentity.NotAdmin none -> new SignedIn("none", none.name(), null,
                    AdminAccessRule.refusal(none, new AdminAccessRule.Scope.TenantList()), csrfHeader, csrfToken);
        };
    }
}
