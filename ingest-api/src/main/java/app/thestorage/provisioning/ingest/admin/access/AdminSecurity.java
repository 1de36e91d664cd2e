package app.thestorage.provisioning.ingest.admin.access;

import app.thestorage.provisioning.ingest.ExchangeParameter;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.ReactiveAuthenticationManager;
import org.springframework.security.authentication.ReactiveAuthenticationManagerResolver;
import org.springframework.security.authorization.AuthorizationDecision;
import org.springframework.security.authorization.AuthorizationResult;
import org.springframework.security.authorization.ReactiveAuthorizationManager;
import org.springframework.security.config.annotation.web.reactive.EnableWebFluxSecurity;
import org.springframework.security.config.web.server.ServerHttpSecurity;
import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.client.oidc.web.server.logout.OidcClientInitiatedServerLogoutSuccessHandler;
import org.springframework.security.oauth2.client.registration.ReactiveClientRegistrationRepository;
import org.springframework.security.oauth2.client.web.server.DefaultServerOAuth2AuthorizationRequestResolver;
import org.springframework.security.oauth2.client.web.OAuth2AuthorizationRequestCustomizers;
import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidatorResult;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtValidators;
import org.springframework.security.oauth2.jwt.NimbusReactiveJwtDecoder;
import org.springframework.security.oauth2.server.resource.authentication.BearerTokenAuthenticationToken;
import org.springframework.security.oauth2.server.resource.authentication.JwtReactiveAuthenticationManager;
import org.springframework.security.web.server.SecurityWebFilterChain;
import org.springframework.security.web.server.authentication.RedirectServerAuthenticationFailureHandler;
import org.springframework.security.web.server.authentication.RedirectServerAuthenticationSuccessHandler;
import org.springframework.security.web.server.authentication.ServerAuthenticationSuccessHandler;
import org.springframework.security.web.server.authentication.logout.DelegatingServerLogoutHandler;
import org.springframework.security.web.server.authentication.logout.SecurityContextServerLogoutHandler;
import org.springframework.security.web.server.authentication.logout.WebSessionServerLogoutHandler;
import org.springframework.security.web.server.authorization.AuthorizationContext;
import org.springframework.security.web.server.context.NoOpServerSecurityContextRepository;
import org.springframework.security.web.server.firewall.ServerWebExchangeFirewall;
import org.springframework.security.web.server.firewall.StrictServerWebExchangeFirewall;
import org.springframework.security.web.server.savedrequest.NoOpServerRequestCache;
import org.springframework.security.web.server.util.matcher.ServerWebExchangeMatcher;
import org.springframework.security.web.server.util.matcher.ServerWebExchangeMatchers;
import org.springframework.web.reactive.config.WebFluxConfigurer;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebSession;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

/**
 * Who may use the admin API and the console, with Spring Security. Two ways in, both checked against the one path
 * rule ({@link AdminAccessRule}) before any controller runs:
 * <ul>
 *   <li>a bearer credential: the operator credential (every tenant), or, with an issuer configured, a JWT of the
 *       identity provider (the tenant and role from its claims), for API clients;</li>
 *   <li>with a client configured, the console's OpenID Connect sign-in (authorization code with PKCE), after which
 *       the browser holds a short-lived session cookie; every change it sends then needs the session's CSRF token,
 *       and signing out ends the session (and the provider's, where it offers RP-initiated logout).</li>
 * </ul>
 * Nothing outside these paths (SCIM, the console's static files, actuator) passes through Spring Security.
 */
@Configuration(proxyBeanMethods = false)
@EnableWebFluxSecurity
@EnableConfigurationProperties(AdminSignInProperties.class)
public class AdminSecurity {

    /** What Spring Security guards: the admin API and the sign-in and sign-out endpoints of the console. */
    static final ServerWebExchangeMatcher GUARDED = ServerWebExchangeMatchers.pathMatchers("/admin", "/admin/**",
            "/oauth2/authorization/**", "/login/oauth2/code/**", "/logout");
    /** Where the console starts a sign-in with the identity provider. */
    public static final String SIGN_IN_START = "/oauth2/authorization/" + AdminSignInProperties.REGISTRATION_ID;
    static final String CONSOLE = "/console/";

    @Bean
    ReactiveClientRegistrationRepository adminClientRegistrations(AdminSignInProperties properties) {
        return new IssuerClientRegistrations(properties);
    }

    /** A bearer credential is the operator credential, or (with an issuer) a JWT of the identity provider. */
    @Bean
    ReactiveAuthenticationManagerResolver<ServerWebExchange> adminBearerAuthentication(OperatorCredential operator,
                                                                                      AdminSignInProperties properties) {
        ReactiveAuthenticationManager jwt = properties.enabled() ? new JwtReactiveAuthenticationManager(jwtDecoder(properties)) : null;
        ReactiveAuthenticationManager bearer = authentication -> {
            String token = ((BearerTokenAuthenticationToken) authentication).getToken();
            if (operator.matches(token)) {
                return Mono.just(new OperatorCredential.Authenticated());
            }
            if (jwt == null || token.chars().filter(c -> c == '.').count() != 2) {
                return Mono.error(new BadCredentialsException("Missing or invalid admin credential."));
            }
            return jwt.authenticate(authentication);
        };
        return exchange -> Mono.just(bearer);
    }

    /** The issuer's keys and metadata are read on the first JWT, not at start. */
    private static NimbusReactiveJwtDecoder jwtDecoder(AdminSignInProperties properties) {
        NimbusReactiveJwtDecoder decoder = NimbusReactiveJwtDecoder.withIssuerLocation(properties.issuer()).build();
        List<OAuth2TokenValidator<Jwt>> validators = new ArrayList<>();
        validators.add(JwtValidators.createDefaultWithIssuer(properties.issuer()));
        if (properties.audience() != null) {
            validators.add(token -> token.getAudience() != null && token.getAudience().contains(properties.audience())
                    ? OAuth2TokenValidatorResult.success()
                    : OAuth2TokenValidatorResult.failure(new OAuth2Error("invalid_token",
                    "The token is not issued for " + properties.audience(), null)));
        }
        decoder.setJwtValidator(new DelegatingOAuth2TokenValidator<>(validators));
        return decoder;
    }

    @Bean
    SecurityWebFilterChain adminSecurityChain(ServerHttpSecurity http, AdminClaims claims,
                                              ReactiveAuthenticationManagerResolver<ServerWebExchange> bearer,
                                              ReactiveClientRegistrationRepository registrations,
                                              AdminSignInProperties properties, OperatorCredential operator,
                                              JsonMapper json) {
        AdminRefusals refusals = new AdminRefusals(json, operator, properties, claims);
        ReactiveAuthorizationManager<AuthorizationContext> rule = (authentication, context) -> authentication
                .filter(Authentication::isAuthenticated)
                .map(claims::identify)
                .<AuthorizationResult>map(identity -> new AuthorizationDecision(AdminAccessRule.allows(identity,
                        AdminAccessRule.scopeOf(context.getExchange().getRequest()))))
                .defaultIfEmpty(new AuthorizationDecision(false));
        http.securityMatcher(GUARDED)
                .authorizeExchange(exchanges -> exchanges
                        .pathMatchers(AdminAccessRule.SIGN_IN_OPTIONS).permitAll()
                        .anyExchange().access(rule))
                .oauth2ResourceServer(resourceServer -> resourceServer
                        .authenticationManagerResolver(bearer)
                        .authenticationEntryPoint(refusals.unauthenticated())
                        .accessDeniedHandler(refusals.forbidden()))
                .exceptionHandling(exceptions -> exceptions
                        .authenticationEntryPoint(refusals.unauthenticated())
                        .accessDeniedHandler(refusals.forbidden()))
                .httpBasic(ServerHttpSecurity.HttpBasicSpec::disable)
                .formLogin(ServerHttpSecurity.FormLoginSpec::disable)
                .requestCache(cache -> cache.requestCache(NoOpServerRequestCache.getInstance()));
        if (properties.consoleSignIn()) {
            DefaultServerOAuth2AuthorizationRequestResolver withPkce =
                    new DefaultServerOAuth2AuthorizationRequestResolver(registrations);
            withPkce.setAuthorizationRequestCustomizer(OAuth2AuthorizationRequestCustomizers.withPkce());
            OidcClientInitiatedServerLogoutSuccessHandler signedOut =
                    new OidcClientInitiatedServerLogoutSuccessHandler(registrations);
            signedOut.setPostLogoutRedirectUri("{baseUrl}" + CONSOLE);
            signedOut.setLogoutSuccessUrl(URI.create(CONSOLE + "#/sign-in/signed-out"));
            signedOut.setRedirectStrategy(refusals::signedOut);
            http.oauth2Login(login -> login
                            .clientRegistrationRepository(registrations)
                            .authorizationRequestResolver(withPkce)
                            .authenticationSuccessHandler(newSessionThenConsole())
                            .authenticationFailureHandler(
                                    new RedirectServerAuthenticationFailureHandler(CONSOLE + "#/sign-in/failed")))
                    .logout(logout -> logout
                            .logoutUrl("/logout")
                            .logoutHandler(new DelegatingServerLogoutHandler(new SecurityContextServerLogoutHandler(),
                                    new WebSessionServerLogoutHandler()))
                            .logoutSuccessHandler(signedOut))
                    // bearer requests are exempt (Spring Security's resource server default): they carry no cookie
                    .csrf(csrf -> csrf.accessDeniedHandler(refusals.missingCsrfToken()));
        } else {
            http.csrf(ServerHttpSecurity.CsrfSpec::disable)
                    .logout(ServerHttpSecurity.LogoutSpec::disable)
                    .securityContextRepository(NoOpServerSecurityContextRepository.getInstance());
        }
        return http.build();
    }

    /**
     * After the sign-in, the session gets a new id (what an attacker may have planted before it is worth nothing), then
     * the browser goes to the console.
     */
    private static ServerAuthenticationSuccessHandler newSessionThenConsole() {
        ServerAuthenticationSuccessHandler toConsole = new RedirectServerAuthenticationSuccessHandler(CONSOLE);
        return (exchange, authentication) -> exchange.getExchange().getSession()
                .flatMap(WebSession::changeSessionId)
                .then(toConsole.onAuthenticationSuccess(exchange, authentication));
    }

    /**
     * Spring Security's strict request checks (encoded slashes, dot segments, semicolons …) for everything but the
     * SCIM endpoints, whose malformed requests get SCIM errors of their own.
     */
    @Bean
    ServerWebExchangeFirewall adminFirewall() {
        StrictServerWebExchangeFirewall strict = new StrictServerWebExchangeFirewall();
        return exchange -> exchange.getRequest().getPath().pathWithinApplication().value().startsWith("/api/")
                ? ServerWebExchangeFirewall.INSECURE_NOOP.getFirewalledExchange(exchange)
                : strict.getFirewalledExchange(exchange);
    }

    /** A controller method may take the caller's {@link AdminIdentity} as a parameter. */
    @Bean
    WebFluxConfigurer adminIdentityParameter(AdminClaims claims) {
        return ExchangeParameter.of(AdminIdentity.class, exchange -> exchange.getPrincipal()
                .cast(Authentication.class).map(claims::identify)
                .switchIfEmpty(Mono.error(() -> new IllegalStateException(
                        "an admin endpoint was reached without authentication"))));
    }
}
