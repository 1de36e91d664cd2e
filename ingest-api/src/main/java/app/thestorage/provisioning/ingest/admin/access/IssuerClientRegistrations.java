package app.thestorage.provisioning.ingest.admin.access;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import org.springframework.security.oauth2.client.registration.ClientRegistration;
import org.springframework.security.oauth2.client.registration.ClientRegistrations;
import org.springframework.security.oauth2.client.registration.ReactiveClientRegistrationRepository;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.ClientAuthenticationMethod;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * The console's client at the identity provider, completed from the provider's discovery document on first use (not
 * at start: ingest-api serves SCIM whether the provider is up or not; a failed discovery is tried again on the next
 * sign-in). Empty when console sign-in is off.
 */
final class IssuerClientRegistrations implements ReactiveClientRegistrationRepository {

    private static final Duration DISCOVERY_TIME_LIMIT = Duration.ofSeconds(10);

    private final AdminSignInProperties properties;
    private final AtomicReference<ClientRegistration> discovered = new AtomicReference<>();

    IssuerClientRegistrations(AdminSignInProperties properties) {
        this.properties = properties;
    }

    @Override
    public Mono<ClientRegistration> findByRegistrationId(String registrationId) {
        if (!properties.consoleSignIn() || !AdminSignInProperties.REGISTRATION_ID.equals(registrationId)) {
            return Mono.empty();
        }
        ClientRegistration known = discovered.get();
        if (known != null) {
            return Mono.just(known);
        }
        return Mono.fromCallable(this::discover)
                .subscribeOn(Schedulers.boundedElastic())
                .timeout(DISCOVERY_TIME_LIMIT)
                .doOnNext(discovered::set);
    }

    private ClientRegistration discover() {
        return ClientRegistrations.fromOidcIssuerLocation(properties.issuer())
                .registrationId(AdminSignInProperties.REGISTRATION_ID)
                .clientName(properties.providerName())
                .clientId(properties.clientId())
                .clientSecret(properties.clientSecret())
                .clientAuthenticationMethod(properties.clientSecret() == null ? ClientAuthenticationMethod.NONE
                        : ClientAuthenticationMethod.CLIENT_SECRET_BASIC)
                .authorizationGrantType(AuthorizationGrantType.AUTHORIZATION_CODE)
                .redirectUri("{baseUrl}/login/oauth2/code/{registrationId}")
                .scope(properties.scopes())
                .build();
    }
}
