package app.thestorage.provisioning.ingest.scim;

import app.thestorage.provisioning.contract.user.IdentityProvider;
import app.thestorage.provisioning.ingest.tenant.IdentityProviderSignature;
import app.thestorage.provisioning.ingest.tenant.ScimClient;
import app.thestorage.provisioning.ingest.tenant.TenantCredentials;
import app.thestorage.provisioning.ingest.tenant.TenantRegistry;
import app.thestorage.provisioning.ingest.tenant.TenantTokens;
import app.thestorage.provisioning.scim.ScimException;
import java.util.Optional;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

/**
 * Lets a SCIM request through only with the bearer token of the tenant named in its URL. Unknown tenant,
 * disabled provisioning, missing or wrong token all get the same 401, so none of them can be told apart.
 * The identity provider of the request is the one the tenant's administrator chose, or else the one its
 * signature shows (docs/identity-provider-detection.md).
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 10)
public class ScimAuthenticationFilter implements WebFilter {

    private final TenantCredentials credentials;
    private final ScimErrorWriter errors;

    public ScimAuthenticationFilter(TenantCredentials credentials, ScimErrorWriter errors) {
        this.credentials = credentials;
        this.errors = errors;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        Optional<String> tenant = ScimPaths.tenantOf(exchange);
        if (tenant.isEmpty()) {
            return chain.filter(exchange);
        }
        Optional<String> token = TenantTokens.bearerOf(exchange.getRequest());
        if (token.isEmpty() || !TenantRegistry.isValidSlug(tenant.get())) {
            return errors.refuse(exchange, ScimException.unauthorized());
        }
        return credentials.of(tenant.get())
                .flatMap(credential -> {
                    IdentityProvider provider = credential.identityProvider() != null
                            ? credential.identityProvider() : IdentityProviderSignature.of(exchange.getRequest());
                    if (!credential.scimEnabled() || !TenantTokens.matches(token.get(), credential.tokenHash())) {
                        ScimClient.noteRefusal(exchange, new ScimClient.Refusal(provider, !credential.scimEnabled()));
                        return Mono.empty();
                    }
                    ScimClient client = new ScimClient(credential.tenant(), provider);
                    client.attachTo(exchange);
                    return chain.filter(exchange).thenReturn(client);
                })
                .switchIfEmpty(Mono.defer(() -> errors.refuse(exchange, ScimException.unauthorized()).then(Mono.empty())))
                .then();
    }
}
