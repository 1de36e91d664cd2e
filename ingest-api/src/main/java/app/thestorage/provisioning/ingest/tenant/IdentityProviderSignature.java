package app.thestorage.provisioning.ingest.tenant;

import app.thestorage.provisioning.contract.user.IdentityProvider;
import java.util.Locale;
import org.springframework.http.HttpHeaders;
import org.springframework.http.server.reactive.ServerHttpRequest;

/**
 * Recognises the identity provider behind a SCIM request from what it sends: Entra's provisioning
 * service identifies itself in User-Agent and may carry its {@code aadOptscim062020} flag on the URL;
 * Okta's SCIM client says "Okta" in User-Agent. Anything else is another SCIM client.
 */
public final class IdentityProviderSignature {

    public static IdentityProvider of(ServerHttpRequest request) {
        String agent = request.getHeaders().getFirst(HttpHeaders.USER_AGENT);
        String userAgent = agent == null ? "" : agent.toLowerCase(Locale.ROOT);
        if (request.getQueryParams().containsKey("aadOptscim062020")
                || userAgent.contains("microsoft") || userAgent.contains("aad") || userAgent.contains("azure")) {
            return IdentityProvider.MICROSOFT_ENTRA_ID;
        }
        if (userAgent.contains("okta")) {
            return IdentityProvider.OKTA;
        }
        return IdentityProvider.OTHER_SCIM_CLIENT;
    }

    private IdentityProviderSignature() {
    }
}
