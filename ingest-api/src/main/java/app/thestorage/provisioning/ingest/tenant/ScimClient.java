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

    /** Marks the request as this caller's (the SCIM authentication filter, once the token matched). */
    public void attachTo(ServerWebExchange exchange) {
        exchange.getAttributes().put(ATTRIBUTE, this);
    }

    private static final String REFUSED = ATTRIBUTE + ".refused";

    /**
     * A SCIM request of an existing tenant that authentication refused, as the tenant's provisioning log tells it (the
     * caller only hears the same 401 as for any other refusal): the identity provider it is taken for, as for an
     * authenticated request, and whether SCIM provisioning was off.
     */
    public record Refusal(IdentityProvider provider, boolean scimOff) {

        /** What the provisioning log says of the refusal instead of the 401's detail, or null to keep that. */
        public String loggedDetail() {
            return scimOff ? "SCIM provisioning is off for this tenant, so every SCIM request is refused (the identity "
                    + "provider is only told its token is not valid). To provision again, turn it on in Settings > User "
                    + "Provisioning and paste the new token into your identity provider." : null;
        }
    }

    /** The refusal of this request by authentication, if its tenant exists and refused it. */
    public static Optional<Refusal> refusalOf(ServerWebExchange exchange) {
        return Optional.ofNullable(exchange.getAttribute(REFUSED));
    }

    /** Notes why authentication refused a request of an existing tenant, for its provisioning log. */
    public static void noteRefusal(ServerWebExchange exchange, Refusal refusal) {
        exchange.getAttributes().put(REFUSED, refusal);
    }
}
