package app.thestorage.provisioning.ingest.admin.access;

import app.thestorage.provisioning.ingest.AdminProperties;
import app.thestorage.provisioning.ingest.tenant.TenantTokens;
import java.util.List;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.stereotype.Component;

/**
 * The operator-wide admin credential from configuration (PROVISIONING_ADMIN_TOKEN), kept only as its hash and compared
 * in constant time. It opens every tenant; no SCIM token opens the admin API, and it opens no SCIM endpoint.
 */
@Component
public class OperatorCredential {

    private final byte[] hash;

    public OperatorCredential(AdminProperties properties) {
        this.hash = properties.token() == null || properties.token().isBlank()
                ? null : TenantTokens.hash(properties.token().trim());
    }

    public boolean configured() {
        return hash != null;
    }

    public boolean matches(String presented) {
        return hash != null && presented != null && TenantTokens.matches(presented, hash);
    }

    /** A request that presented the operator credential. */
    static final class Authenticated extends AbstractAuthenticationToken {

        Authenticated() {
            super(List.of(new SimpleGrantedAuthority("ROLE_OPERATOR")));
            setAuthenticated(true);
        }

        @Override
        public Object getCredentials() {
            return "";
        }

        @Override
        public Object getPrincipal() {
            return "operator";
        }
    }
}
