package app.thestorage.provisioning.ingest.scim;

import app.thestorage.provisioning.contract.user.IdentityProvider;
import app.thestorage.provisioning.ingest.IngestProperties;
import app.thestorage.provisioning.ingest.command.CommandGateway;
import app.thestorage.provisioning.ingest.directory.DirectoryReader;
import app.thestorage.provisioning.ingest.directory.GroupDirectory;
import app.thestorage.provisioning.ingest.ratelimit.RateLimitProperties;
import app.thestorage.provisioning.ingest.ratelimit.TenantRateLimitFilter;
import app.thestorage.provisioning.ingest.tenant.TenantCredentials;
import app.thestorage.provisioning.ingest.tenant.TenantRegistry.ScimCredential;
import app.thestorage.provisioning.ingest.tenant.TenantTokens;
import app.thestorage.provisioning.ingest.web.TrailingSlashes;
import java.time.Duration;
import java.util.Map;
import org.mockito.ArgumentMatchers;
import org.mockito.Mockito;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import reactor.core.publisher.Mono;

/**
 * ingest-api's SCIM surface as a WebFlux slice: the three SCIM controllers, the filters a SCIM request passes
 * (trailing slashes, tenant log context, authentication, rate limit) and the error handler, configured from
 * {@code ingest-api.yml} (its body size limit included). What needs Kafka or PostgreSQL is in memory
 * ({@link InMemoryProvisioning}); tenants and their tokens are {@link #TENANTS}.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties({IngestProperties.class, RateLimitProperties.class})
@Import({ScimUsersController.class, ScimGroupsController.class, ScimDiscoveryController.class, ScimErrorHandler.class,
        ScimErrorWriter.class, ScimAuthenticationFilter.class, TenantRateLimitFilter.class, TrailingSlashes.class, ScimCall.Parameter.class,
        TenantLogContext.class})
class ScimSlice {

    static final String TOKEN = "tsp_acme-token";
    static final String OTHER_TOKEN = "tsp_globex-token";
    static final String PAUSED_TOKEN = "tsp_paused-token";
    static final String OKTA_TOKEN = "tsp_chosen-okta-token";
    static final String FAR_TOKEN = "tsp_far-token";

    /**
     * acme and globex provision; paused has a token but provisioning off; chosen badges every user Okta's; far's
     * credentials come after a moment, on another thread, as a lookup in PostgreSQL answers: its requests are answered
     * off the connection's event loop.
     */
    static final Map<String, ScimCredential> TENANTS = Map.of(
            "acme", new ScimCredential("acme", true, TenantTokens.hash(TOKEN), null),
            "globex", new ScimCredential("globex", true, TenantTokens.hash(OTHER_TOKEN), null),
            "paused", new ScimCredential("paused", false, TenantTokens.hash(PAUSED_TOKEN), null),
            "chosen", new ScimCredential("chosen", true, TenantTokens.hash(OKTA_TOKEN), IdentityProvider.OKTA),
            "far", new ScimCredential("far", true, TenantTokens.hash(FAR_TOKEN), null));
    private static final Duration FAR_LOOKUP = Duration.ofMillis(50);

    @Bean
    InMemoryProvisioning inMemoryProvisioning() {
        return new InMemoryProvisioning();
    }

    @Bean
    CommandGateway commandGateway(InMemoryProvisioning provisioning) {
        return provisioning.gateway();
    }

    @Bean
    DirectoryReader directoryReader(InMemoryProvisioning provisioning) {
        return provisioning.userDirectory();
    }

    @Bean
    GroupDirectory groupDirectory(InMemoryProvisioning provisioning) {
        return provisioning.groupDirectory();
    }

    @Bean
    TenantCredentials tenantCredentials() {
        TenantCredentials credentials = Mockito.mock(TenantCredentials.class);
        Mockito.when(credentials.of(ArgumentMatchers.anyString()))
                .thenAnswer(call -> {
                    String tenant = call.getArgument(0);
                    Mono<ScimCredential> credential = Mono.justOrEmpty(TENANTS.get(tenant));
                    return tenant.equals("far") ? Mono.delay(FAR_LOOKUP).then(credential) : credential;
                });
        return credentials;
    }
}
