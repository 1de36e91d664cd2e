package app.thestorage.provisioning.ingest.admin.access;

import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.client.authentication.OAuth2AuthenticationToken;
import org.springframework.security.oauth2.server.resource.authentication.AbstractOAuth2TokenAuthenticationToken;
import org.springframework.stereotype.Component;

/**
 * Reads who an authenticated request is from its credential: the operator credential, or the claims of the identity
 * provider's token (a bearer JWT, or the ID token and user info of a console sign-in), whose names are configured.
 */
@Component
public class AdminClaims {

    private final AdminSignInProperties properties;

    public AdminClaims(AdminSignInProperties properties) {
        this.properties = properties;
    }

    public AdminIdentity identify(Authentication authentication) {
        if (authentication == null || !authentication.isAuthenticated()) {
            return new AdminIdentity.NotAdmin("nobody", "not signed in");
        }
        if (authentication instanceof OperatorCredential.Authenticated) {
            return new AdminIdentity.Operator();
        }
        Map<String, Object> claims = switch (authentication) {
            case OAuth2AuthenticationToken signIn -> signIn.getPrincipal().getAttributes();
            case AbstractOAuth2TokenAuthenticationToken<?> bearer -> bearer.getTokenAttributes();
            default -> Map.of();
        };
        return identify(authentication.getName(), claims);
    }

    AdminIdentity identify(String subject, Map<String, Object> claims) {
        String name = firstText(claims, "name", "preferred_username", "email");
        if (name == null) {
            name = subject;
        }
        if (!values(claims.get(properties.roleClaim())).contains(properties.adminRole())) {
            return new AdminIdentity.NotAdmin(name, "the identity provider does not give you the role '"
                    + properties.adminRole() + "' (claim '" + properties.roleClaim() + "')");
        }
        List<String> tenants = values(claims.get(properties.tenantClaim()));
        if (tenants.size() != 1) {
            return new AdminIdentity.NotAdmin(name, "the identity provider names " + (tenants.isEmpty() ? "no tenant"
                    : "more than one tenant") + " for you (claim '" + properties.tenantClaim() + "')");
        }
        return new AdminIdentity.TenantAdmin(name, tenants.getFirst());
    }

    /** A claim's values: a list, or one string of values separated by spaces or commas. */
    private static List<String> values(Object claim) {
        return switch (claim) {
            case null -> List.of();
            case Collection<?> many -> many.stream().filter(value -> value != null && !value.toString().isBlank())
                    .map(value -> value.toString().strip()).toList();
            default -> Arrays.stream(claim.toString().split("[\\s,]+")).filter(value -> !value.isBlank()).toList();
        };
    }

    private static String firstText(Map<String, Object> claims, String... names) {
        for (String name : names) {
            if (claims.get(name) instanceof String text && !text.isBlank()) {
                return text.strip();
            }
        }
        return null;
    }
}
