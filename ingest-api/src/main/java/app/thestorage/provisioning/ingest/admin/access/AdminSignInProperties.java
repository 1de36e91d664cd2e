package app.thestorage.provisioning.ingest.admin.access;

import java.net.URI;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Sign-in of tenant admins with TheStorage's OpenID Connect identity provider. Off unless {@code issuer} is set: then
 * only the operator credential (PROVISIONING_ADMIN_TOKEN) opens the admin API, as before.
 *
 * @param issuer       the provider's issuer URL (its {@code /.well-known/openid-configuration} is read on first use);
 *                     with it, the admin API takes the provider's bearer JWTs
 * @param clientId     the console's client at the provider; with it, the console offers "Sign in with …"
 *                     (authorization code with PKCE, then a session cookie)
 * @param clientSecret the client's secret; none makes it a public client (PKCE only)
 * @param providerName what the console's sign-in button says: "Sign in with {providerName}"
 * @param scopes       what the console asks for; {@code openid} is required
 * @param tenantClaim  the claim naming the one tenant the person administers
 * @param roleClaim    the claim listing the person's roles (a list, or one space- or comma-separated string)
 * @param adminRole    the role that makes a person the admin of the tenant in {@code tenantClaim}
 * @param audience     the audience a bearer JWT must be issued for ({@code aud}); none: any audience of the issuer
 */
@ConfigurationProperties("provisioning.admin.oidc")
public record AdminSignInProperties(String issuer, String clientId, String clientSecret,
                                    @DefaultValue("TheStorage ID") String providerName,
                                    @DefaultValue({"openid", "profile", "email"}) List<String> scopes,
                                    @DefaultValue("tenant") String tenantClaim,
                                    @DefaultValue("roles") String roleClaim,
                                    @DefaultValue("provisioning-admin") String adminRole,
                                    String audience) {

    /** The registration id of the console's client: its sign-in starts at /oauth2/authorization/thestorage. */
    public static final String REGISTRATION_ID = "thestorage";

    public AdminSignInProperties {
        issuer = blankToNull(issuer);
        clientId = blankToNull(clientId);
        clientSecret = blankToNull(clientSecret);
        audience = blankToNull(audience);
        providerName = blankToNull(providerName) == null ? "TheStorage ID" : providerName.strip();
        scopes = scopes == null || scopes.isEmpty() ? List.of("openid", "profile", "email") : List.copyOf(scopes);
        if (issuer != null) {
            URI parsed;
            try {
                parsed = URI.create(issuer);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("provisioning.admin.oidc.issuer is not a URL: " + e.getMessage());
            }
            if (!("https".equals(parsed.getScheme()) || "http".equals(parsed.getScheme())) || parsed.getHost() == null
                    || parsed.getQuery() != null || parsed.getFragment() != null) {
                throw new IllegalArgumentException("provisioning.admin.oidc.issuer must be the provider's http(s) "
                        + "issuer URL without query or fragment, e.g. https://id.thestorage.app");
            }
        }
        if (clientSecret != null && clientId == null) {
            throw new IllegalArgumentException("provisioning.admin.oidc.client-secret is set without a client-id");
        }
        if (clientId != null && issuer == null) {
            throw new IllegalArgumentException("provisioning.admin.oidc.client-id is set without an issuer");
        }
        if (clientId != null && !scopes.contains("openid")) {
            throw new IllegalArgumentException("provisioning.admin.oidc.scopes must include openid");
        }
        requireName("tenant-claim", tenantClaim);
        requireName("role-claim", roleClaim);
        requireName("admin-role", adminRole);
    }

    /** Bearer JWTs of the issuer are taken. */
    public boolean enabled() {
        return issuer != null;
    }

    /** The console offers "Sign in with {providerName}". */
    public boolean consoleSignIn() {
        return issuer != null && clientId != null;
    }

    private static void requireName(String property, String value) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("provisioning.admin.oidc." + property + " must not be empty");
        }
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }

    @Override
    public String toString() {
        return "AdminSignInProperties[issuer=" + issuer + ", clientId=" + clientId + ", clientSecret="
                + (clientSecret == null ? "unset" : "****") + ", providerName=" + providerName + ", scopes=" + scopes
                + ", tenantClaim=" + tenantClaim + ", roleClaim=" + roleClaim + ", adminRole=" + adminRole
                + ", audience=" + audience + "]";
    }
}
