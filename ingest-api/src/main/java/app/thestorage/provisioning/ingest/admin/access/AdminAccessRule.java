package app.thestorage.provisioning.ingest.admin.access;

import java.util.Set;
import org.springframework.http.HttpMethod;
import org.springframework.http.server.PathContainer;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.web.util.pattern.PathPattern;
import org.springframework.web.util.pattern.PathPatternParser;

/**
 * The one rule of who may call what under /admin/, read from the request's path alone, so that every endpoint of a
 * tenant, present or future, is covered without its controller doing anything: a path of one tenant
 * ({@code /admin/tenants/{tenant}} and below) is for operators and that tenant's admins; the tenant list is for any
 * admin (the list itself holds only the tenants the caller administers); who is signed in is for anyone signed in;
 * everything else (creating tenants, anything not of one tenant) is for operators only.
 */
public final class AdminAccessRule {

    /** What a request is about, as far as access goes. */
    public sealed interface Scope {
        /** The sign-in options: for everyone. */
        record Public() implements Scope {
        }

        /** Who is signed in: for anyone signed in. */
        record SignedIn() implements Scope {
        }

        /** The tenant list (its entries filtered per caller): for any admin. */
        record TenantList() implements Scope {
        }

        /** One tenant's path. */
        record Tenant(String slug) implements Scope {
        }

        /** Anything else: operators only. */
        record OperatorsOnly() implements Scope {
        }
    }

    static final String SIGN_IN_OPTIONS = "/admin/sign-in";
    static final String SESSION = "/admin/session";
    private static final String TENANTS = "/admin/tenants";
    private static final Set<HttpMethod> READS = Set.of(HttpMethod.GET, HttpMethod.HEAD, HttpMethod.OPTIONS);
    private static final PathPattern TENANT = PathPatternParser.defaultInstance.parse("/admin/tenants/{tenant}/**");
    private static final PathPattern TENANT_ITSELF = PathPatternParser.defaultInstance.parse("/admin/tenants/{tenant}");
    private static final PathPattern TENANT_STATE = PathPatternParser.defaultInstance.parse("/admin/tenants/{tenant}/state/**");

    private AdminAccessRule() {
    }

    public static Scope scopeOf(ServerHttpRequest request) {
        String path = request.getPath().pathWithinApplication().value();
        if (path.equals(SIGN_IN_OPTIONS)) {
            return new Scope.Public();
        }
        if (path.equals(SESSION)) {
            return new Scope.SignedIn();
        }
        if (path.equals(TENANTS) && READS.contains(request.getMethod())) {
            return new Scope.TenantList();
        }
        PathContainer parsed = PathContainer.parsePath(path);
        if (HttpMethod.DELETE.equals(request.getMethod()) && TENANT_ITSELF.matches(parsed)
                || TENANT_STATE.matches(parsed)) {
            return new Scope.OperatorsOnly();
        }
        PathPattern.PathMatchInfo tenant = TENANT.matchAndExtract(parsed);
        if (tenant != null && tenant.getUriVariables().get("tenant") != null
                && !tenant.getUriVariables().get("tenant").isEmpty()) {
            return new Scope.Tenant(tenant.getUriVariables().get("tenant"));
        }
        return new Scope.OperatorsOnly();
    }

    public static boolean allows(AdminIdentity identity, Scope scope) {
        return switch (scope) {
            case Scope.Public open -> true;
            case Scope.SignedIn signedIn -> true;
            case Scope.TenantList list -> identity.isAdmin();
            case Scope.Tenant tenant -> identity.mayAdminister(tenant.slug());
            case Scope.OperatorsOnly operators -> identity.isOperator();
        };
    }

    /** Why the identity is refused, in words the console shows as they are. */
    public static String refusal(AdminIdentity identity, Scope scope) {
        return switch (identity) {
            case AdminIdentity.NotAdmin notAdmin -> "You are signed in as " + notAdmin.name()
                    + ", but you are not a provisioning admin: " + notAdmin.why() + ".";
            case AdminIdentity.TenantAdmin admin -> switch (scope) {
                case Scope.Tenant tenant -> "You administer the tenant '" + admin.tenant() + "' only, not '"
                        + tenant.slug() + "'.";
                default -> "Only TheStorage operators may do this; you administer the tenant '" + admin.tenant() + "'.";
            };
            case AdminIdentity.Operator operator -> "Not allowed.";
        };
    }
}
