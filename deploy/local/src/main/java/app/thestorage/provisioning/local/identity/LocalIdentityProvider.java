package app.thestorage.provisioning.local.identity;

import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.autoconfigure.context.PropertyPlaceholderAutoConfiguration;
import org.springframework.boot.http.converter.autoconfigure.HttpMessageConvertersAutoConfiguration;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.boot.security.autoconfigure.SecurityAutoConfiguration;
import org.springframework.boot.security.autoconfigure.web.servlet.SecurityFilterAutoConfiguration;
import org.springframework.boot.security.autoconfigure.web.servlet.ServletWebSecurityAutoConfiguration;
import org.springframework.boot.security.oauth2.server.authorization.autoconfigure.servlet.OAuth2AuthorizationServerAutoConfiguration;
import org.springframework.boot.security.oauth2.server.authorization.autoconfigure.servlet.OAuth2AuthorizationServerJwtAutoConfiguration;
import org.springframework.boot.tomcat.autoconfigure.servlet.TomcatServletWebServerAutoConfiguration;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.boot.webmvc.autoconfigure.DispatcherServletAutoConfiguration;
import org.springframework.boot.webmvc.autoconfigure.WebMvcAutoConfiguration;
import org.springframework.boot.webmvc.autoconfigure.error.ErrorMvcAutoConfiguration;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.ClientAuthenticationMethod;
import org.springframework.security.oauth2.core.oidc.OidcScopes;
import org.springframework.security.oauth2.server.authorization.client.InMemoryRegisteredClientRepository;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;
import org.springframework.security.oauth2.server.authorization.settings.ClientSettings;
import org.springframework.security.oauth2.server.authorization.settings.TokenSettings;
import org.springframework.security.oauth2.server.authorization.token.JwtEncodingContext;
import org.springframework.security.oauth2.server.authorization.token.OAuth2TokenCustomizer;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;

/**
 * TheStorage's identity provider as the local run has it: Spring Authorization Server in its own small servlet context
 * on loopback, with one tenant admin (a password account whose tokens name the tenant and the admin role, in the
 * claims ingest-api reads by default) and the console as its one client. It signs in with its own login page and
 * offers RP-initiated logout, as a production provider would.
 */
public final class LocalIdentityProvider implements AutoCloseable {

    public static final String CLIENT_ID = "thestorage-console";
    public static final String PROVIDER_NAME = "TheStorage ID (local)";

    /** A person who may sign in: their password, and the tenant they administer. */
    public record Account(String username, String password, String displayName, String tenant) {
        @Override
        public String toString() {
            return "Account[username=" + username + ", tenant=" + tenant + "]";
        }
    }

    private final ConfigurableApplicationContext context;
    private final Account account;
    private final String clientSecret;

    private LocalIdentityProvider(ConfigurableApplicationContext context, Account account, String clientSecret) {
        this.context = context;
        this.account = account;
        this.clientSecret = clientSecret;
    }

    /** A tenant admin of the tenant, with a new random password. */
    public static Account demoAdmin(String tenant) {
        return new Account(tenant + "-admin", randomText(16), "Demo Admin of " + tenant, tenant);
    }

    /** Starts the provider on 127.0.0.1 at the port (0: any free port). */
    public static LocalIdentityProvider start(int port, Account account) {
        String clientSecret = randomText(32);
        SpringApplication application = new SpringApplication(Server.class);
        application.setWebApplicationType(WebApplicationType.SERVLET);
        application.setDefaultProperties(Map.of("spring.config.name", "local-identity-provider"));
        application.addInitializers(context -> context.getBeanFactory().registerSingleton("account", account));
        ConfigurableApplicationContext context = application.run("--server.address=127.0.0.1", "--server.port=" + port,
                "--spring.main.banner-mode=off", "--logging.level.org.springframework.security=WARN");
        LocalIdentityProvider provider = new LocalIdentityProvider(context, account, clientSecret);
        provider.allowConsole("http://localhost:8080");
        return provider;
    }

    /** The issuer URL that ingest-api is configured with; the browser signs in there too. */
    public String issuer() {
        return "http://127.0.0.1:" + ((WebServerApplicationContext) context).getWebServer().getPort();
    }

    public Account account() {
        return account;
    }

    public String clientSecret() {
        return clientSecret;
    }

    /** Registers the console of the ingest-api at the base URL as the client (its redirect and sign-out URLs). */
    public void allowConsole(String consoleBaseUrl) {
        RegisteredClient console = RegisteredClient.withId(CLIENT_ID)
                .clientId(CLIENT_ID)
                .clientSecret("{noop}" + clientSecret)
                .clientAuthenticationMethod(ClientAuthenticationMethod.CLIENT_SECRET_BASIC)
                .authorizationGrantType(AuthorizationGrantType.AUTHORIZATION_CODE)
                .redirectUri(consoleBaseUrl + "/login/oauth2/code/thestorage")
                .postLogoutRedirectUri(consoleBaseUrl + "/console/")
                .scope(OidcScopes.OPENID)
                .scope(OidcScopes.PROFILE)
                .scope(OidcScopes.EMAIL)
                .clientSettings(ClientSettings.builder().requireProofKey(true).requireAuthorizationConsent(false).build())
                .tokenSettings(TokenSettings.builder().accessTokenTimeToLive(Duration.ofMinutes(10)).build())
                .build();
        context.getBean(RegisteredClientRepository.class).save(console);
    }

    @Override
    public void close() {
        context.close();
    }

    private static String randomText(int length) {
        String letters = "abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";
        SecureRandom random = new SecureRandom();
        StringBuilder text = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            text.append(letters.charAt(random.nextInt(letters.length())));
        }
        return text.toString();
    }

    /** Only what an authorization server needs: no Kafka, no database, nothing else on the local run's class path. */
    @Configuration(proxyBeanMethods = false)
    @ImportAutoConfiguration({PropertyPlaceholderAutoConfiguration.class, TomcatServletWebServerAutoConfiguration.class,
            DispatcherServletAutoConfiguration.class, WebMvcAutoConfiguration.class, ErrorMvcAutoConfiguration.class,
            HttpMessageConvertersAutoConfiguration.class, JacksonAutoConfiguration.class,
            SecurityAutoConfiguration.class, ServletWebSecurityAutoConfiguration.class,
            SecurityFilterAutoConfiguration.class, OAuth2AuthorizationServerAutoConfiguration.class,
            OAuth2AuthorizationServerJwtAutoConfiguration.class})
    static class Server {

        @Bean
        UserDetailsService people(Account account) {
            return new InMemoryUserDetailsManager(User.withUsername(account.username())
                    .password("{noop}" + account.password()).roles("USER").build());
        }

        /** Replaced by {@link #allowConsole(String)} once the console's address is known. */
        @Bean
        RegisteredClientRepository clients() {
            return new InMemoryRegisteredClientRepository(RegisteredClient.withId(CLIENT_ID).clientId(CLIENT_ID)
                    .clientSecret("{noop}" + UUID.randomUUID())
                    .authorizationGrantType(AuthorizationGrantType.AUTHORIZATION_CODE)
                    .redirectUri("http://localhost/login/oauth2/code/thestorage").scope(OidcScopes.OPENID).build());
        }

        /** The tenant and the admin role, in the claims ingest-api reads by default (tenant, roles). */
        @Bean
        OAuth2TokenCustomizer<JwtEncodingContext> tenantAdminClaims(Account account) {
            return context -> {
                if (account.username().equals(context.getPrincipal().getName())) {
                    context.getClaims().claim("tenant", account.tenant())
                            .claim("roles", List.of("provisioning-admin"))
                            .claim("name", account.displayName());
                }
            };
        }
    }
}
