package app.thestorage.provisioning.ingest.tenant;

import app.thestorage.provisioning.contract.user.IdentityProvider;
import java.util.Optional;
import org.springframework.web.server.ServerWebExchange;

/** The authenticated caller of a SCIM request: which tenant it may act on, and which identity provider it is. */
public record ScimClient(String tenant, IdentityProvider provider) {

    private static final String ATTRIBUTE = ScimClient.class.getName();

    public static ScimClient of(ServerWebExchange exchange) {
        return exchange.getRequiredAttribute(ATTRIBUTE);
    }

    /** The caller, once authenticated. */
    public static Optional<ScimClient> find(ServerWebExchange exchange) {
        return Optional.ofNullable(exchange.getAttribute(ATTRIBUTE));
    }

    void attachTo(ServerWebExchange exchange) {
        exchange.getAttributes().put(ATTRIBUTE, this);
    }
}
