package app.thestorage.provisioning.local;

import app.thestorage.provisioning.ingest.IngestApiApplication;
import app.thestorage.provisioning.ingest.tenant.TenantRegistry;
import app.thestorage.provisioning.local.identity.LocalIdentityProvider;
import app.thestorage.provisioning.photos.PhotoFetcherApplication;
import app.thestorage.provisioning.projector.UserProjectorApplication;
import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import org.slf4j.LoggerFactory;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.support.GenericApplicationContext;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;
import org.springframework.http.client.ReactorResourceFactory;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;
import reactor.core.publisher.Mono;

/**
 * The whole pipeline on one machine, no Docker: a real Kafka broker (in-process KRaft, or an external one)
 * and a real PostgreSQL (embedded, or an external one), with ingest-api, user-projector and photo-fetcher
 * each running as its own Spring application, configured exactly as it is when deployed alone.
 */
public final class LocalPipeline implements AutoCloseable {

    private final PipelineSettings settings;
    private final EmbeddedKafkaKraftBroker broker;
    private EmbeddedPostgres postgres;
    private Path postgresData;
    private final String bootstrapServers;
    private final PipelineSettings.Database database;
    private ConfigurableApplicationContext projector;
    private ConfigurableApplicationContext ingest;
    private ConfigurableApplicationContext photos;
    private LocalIdentityProvider identityProvider;
    private int projectorGeneration;
    private String tenantToken;

    /**
     * Loggers of the embedded broker and database, which say only what goes wrong: before the first service
     * configures logging (Boot's own configuration, so that LOGGING_STRUCTURED_FORMAT_CONSOLE works here as deployed)
     * and after.
     */
    private static final List<String> QUIET_LOGGERS =
            List.of("org.apache.kafka", "kafka", "state.change.logger", "io.zonky.test.db.postgres");

    /**
     * The local OpenID Connect provider brings a servlet stack (Tomcat, Spring MVC) and Spring Security onto this JVM's
     * class path, which the services deployed alone do not have: each service stays reactive on Netty, and only
     * ingest-api (which has its own) gets Spring Security's web configuration.
     */
    private static final List<String> TOMCAT = List.of(
            "org.springframework.boot.tomcat.autoconfigure.reactive.TomcatReactiveWebServerAutoConfiguration");
    private static final List<String> TOMCAT_AND_WEB_SECURITY = List.of(TOMCAT.getFirst(),
            "org.springframework.boot.security.autoconfigure.web.reactive.ReactiveWebSecurityAutoConfiguration",
            "org.springframework.boot.security.autoconfigure.ReactiveUserDetailsServiceAutoConfiguration",
            "org.springframework.boot.security.autoconfigure.actuate.web.reactive.ReactiveManagementWebSecurityAutoConfiguration");

    private LocalPipeline(PipelineSettings settings) throws IOException {
        this.settings = settings;
        quietInfrastructure();
        if (settings.kafkaBootstrapServers() == null) {
            broker = new EmbeddedKafkaKraftBroker(1, 3);
            broker.brokerProperties(Map.of(
                    "transaction.state.log.replication.factor", "1",
                    "transaction.state.log.min.isr", "1",
                    "group.initial.rebalance.delay.ms", "0"));
            broker.afterPropertiesSet();
            bootstrapServers = broker.getBrokersAsString();
        } else {
            broker = null;
            bootstrapServers = settings.kafkaBootstrapServers();
        }
        if (settings.database() == null) {
            postgresData = settings.workDirectory().resolve("postgres");
            deleteRecursively(postgresData); // the broker starts empty: so does the directory
            postgres = startPostgres(0);
            String address = "postgresql://localhost:" + postgres.getPort() + "/postgres";
            database = new PipelineSettings.Database("jdbc:" + address, "r2dbc:" + address, "postgres", "");
        } else {
            postgres = null;
            database = settings.database();
        }
    }

    public static LocalPipeline start(PipelineSettings settings) {
        LocalPipeline pipeline = null;
        try {
            pipeline = new LocalPipeline(settings);
            if (settings.identityProviderPort() >= 0) {
                pipeline.identityProvider = LocalIdentityProvider.start(settings.identityProviderPort(),
                        LocalIdentityProvider.demoAdmin(settings.tenant() == null ? "demo" : settings.tenant()));
            }
            pipeline.startProjector();
            // ingest-api forwards the admin API's Directory Provider and photo requests to photo-fetcher
            SpringApplication photoFetcher = PhotoFetcherApplication.application();
            photoFetcher.addInitializers(context -> settings.photosSetup().accept((GenericApplicationContext) context));
            pipeline.photos = run(photoFetcher, pipeline.photosArguments(), TOMCAT_AND_WEB_SECURITY);
            pipeline.ingest = run(IngestApiApplication.application(), pipeline.ingestArguments(), TOMCAT);
            if (pipeline.identityProvider != null) {
                pipeline.identityProvider.allowConsole(pipeline.ingestBaseUrl());
            }
            if (settings.tenant() != null) {
                pipeline.tenantToken = pipeline.issueToken(settings.tenant());
            }
            return pipeline;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (RuntimeException e) {
            if (pipeline != null) {
                pipeline.close();
            }
            throw e;
        }
    }

    /**
     * Only the Kafka broker and PostgreSQL (embedded unless the settings name external ones), for services
     * started as separate processes from their own jars, as the benchmark does.
     */
    public static LocalPipeline startInfrastructure(PipelineSettings settings) {
        try {
            return new LocalPipeline(settings);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Creates the tenant if needed and turns its SCIM provisioning on with a new token, as an admin would. */
    public String issueToken(String slug) {
        TenantRegistry tenants = ingest.getBean(TenantRegistry.class);
        return tenants.find(slug)
                .switchIfEmpty(Mono.defer(() -> tenants.create(slug, null)))
                .flatMap(tenant -> tenant.scimEnabled() ? tenants.regenerateToken(slug) : tenants.enableScim(slug))
                .map(TenantRegistry.IssuedToken::token)
                .block();
    }

    /** Starts one more ingest-api instance on a free port, sharing Kafka and PostgreSQL; the caller closes it. */
    public ConfigurableApplicationContext startAnotherIngest() {
        return startAnotherIngest(Map.of());
    }

    /** {@link #startAnotherIngest()}, configured with these properties besides (an operator's change, say). */
    public ConfigurableApplicationContext startAnotherIngest(Map<String, String> moreProperties) {
        List<String> arguments = new ArrayList<>(List.of(ingestArguments()));
        arguments.removeIf(argument -> argument.startsWith("--server.port="));
        arguments.add("--server.port=0");
        moreProperties.forEach((name, value) -> arguments.add("--" + name + "=" + value));
        return run(IngestApiApplication.application(), arguments.toArray(String[]::new), TOMCAT);
    }

    /** Starts user-projector; each start gets a fresh state directory, restored from Kafka's changelogs. */
    public void startProjector() {
        projectorGeneration++;
        projector = run(UserProjectorApplication.application(), projectorArguments(), TOMCAT_AND_WEB_SECURITY);
    }

    public void stopProjector() {
        if (projector != null) {
            projector.close();
            projector = null;
        }
    }

    public String scimBaseUrl() {
        return "http://localhost:" + port(ingest) + "/api/" + settings.tenant() + "/scim/v2";
    }

    public String ingestBaseUrl() {
        return baseUrlOf(ingest);
    }

    /** The base URL of an ingest-api instance, such as one from {@link #startAnotherIngest()}. */
    /** Where photo-fetcher serves its actuator endpoints (health, metrics). */
    public String photosBaseUrl() {
        return "http://localhost:" + port(photos);
    }

    /** Where user-projector serves its actuator endpoints (health, metrics). */
    public String projectorBaseUrl() {
        return "http://localhost:" + port(projector);
    }

    public static String baseUrlOf(ConfigurableApplicationContext ingestInstance) {
        return "http://localhost:" + port(ingestInstance);
    }

    /** The admin API's bearer credential. */
    public String adminToken() {
        return settings.adminToken();
    }

    /** The OpenID Connect provider the console signs in with, or null when the settings start none. */
    public LocalIdentityProvider identityProvider() {
        return identityProvider;
    }

    /** The tenant's SCIM bearer token, as the admin sees it once when enabling provisioning. */
    public String tenantToken() {
        return tenantToken;
    }

    public String bootstrapServers() {
        return bootstrapServers;
    }

    public PipelineSettings.Database database() {
        return database;
    }

    public ConfigurableApplicationContext ingest() {
        return ingest;
    }

    public ConfigurableApplicationContext photos() {
        return photos;
    }

    @Override
    public void close() {
        for (ConfigurableApplicationContext context : new ConfigurableApplicationContext[] {photos, ingest, projector}) {
            if (context != null) {
                context.close();
            }
        }
        if (identityProvider != null) {
            identityProvider.close();
        }
        if (broker != null) {
            broker.destroy();
        }
        if (postgres != null) {
            stopDatabase();
            deleteRecursively(postgresData);
        }
    }

    /** Stops the embedded PostgreSQL, keeping its data: an outage, until {@link #startDatabase()}. */
    public void stopDatabase() {
        try {
            postgres.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Starts the embedded PostgreSQL again, on its port, with the data it had. */
    public void startDatabase() {
        try {
            postgres = startPostgres(postgres.getPort());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Durable commits, as a production PostgreSQL has them (the embedded default is synchronous_commit=off). */
    private EmbeddedPostgres startPostgres(int port) throws IOException {
        return EmbeddedPostgres.builder()
                .setServerConfig("synchronous_commit", "on")
                .setDataDirectory(postgresData)
                .setCleanDataDirectory(false)
                .setPort(port)
                .start();
    }

    private static void deleteRecursively(Path directory) {
        if (!Files.exists(directory)) {
            return;
        }
        try (var paths = Files.walk(directory)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Until a service configures logging, Logback's default is everything at DEBUG. */
    private static void quietInfrastructure() {
        if (LoggerFactory.getILoggerFactory() instanceof LoggerContext logback) {
            logback.getLogger(Logger.ROOT_LOGGER_NAME).setLevel(Level.INFO);
            QUIET_LOGGERS.forEach(name -> logback.getLogger(name).setLevel(Level.WARN));
        }
    }

    private List<String> common() {
        List<String> arguments = new ArrayList<>();
        QUIET_LOGGERS.forEach(name -> arguments.add("--logging.level." + name + "=WARN"));
        // the three services share this JVM's logging, set up by the first to start: no one service's name on every line
        arguments.add("--logging.include-application-name=false");
        arguments.add("--spring.kafka.bootstrap-servers=" + bootstrapServers);
        arguments.add("--spring.main.banner-mode=off");
        arguments.add("--spring.main.web-application-type=reactive");
        settings.commonProperties().forEach((name, value) -> arguments.add("--" + name + "=" + value));
        return arguments;
    }

    /** The JDBC datasource of user-projector and photo-fetcher (each migrates its own schema). */
    private List<String> jdbcDatasource() {
        return List.of("--spring.datasource.url=" + database.jdbcUrl(),
                "--spring.datasource.username=" + database.user(),
                "--spring.datasource.password=" + database.password());
    }

    private String[] projectorArguments() {
        List<String> arguments = common();
        arguments.add("--server.port=" + settings.projectorPort());
        arguments.addAll(jdbcDatasource());
        arguments.add("--provisioning.projector.state-dir="
                + settings.workDirectory().resolve("user-projector-" + projectorGeneration));
        return arguments.toArray(String[]::new);
    }

    private String[] ingestArguments() {
        List<String> arguments = common();
        arguments.add("--server.port=" + settings.ingestPort());
        arguments.add("--spring.r2dbc.url=" + database.r2dbcUrl());
        arguments.add("--spring.r2dbc.username=" + database.user());
        arguments.add("--spring.r2dbc.password=" + database.password());
        arguments.add("--spring.flyway.url=" + database.jdbcUrl());
        arguments.add("--spring.flyway.user=" + database.user());
        arguments.add("--spring.flyway.password=" + database.password());
        arguments.add("--provisioning.ingest.outcome-timeout=" + settings.outcomeTimeout().toMillis() + "ms");
        arguments.add("--provisioning.admin.token=" + settings.adminToken());
        arguments.add("--provisioning.admin.photo-fetcher-url=http://localhost:" + port(photos));
        if (identityProvider != null) {
            arguments.add("--provisioning.admin.oidc.issuer=" + identityProvider.issuer());
            arguments.add("--provisioning.admin.oidc.client-id=" + LocalIdentityProvider.CLIENT_ID);
            arguments.add("--provisioning.admin.oidc.client-secret=" + identityProvider.clientSecret());
            arguments.add("--provisioning.admin.oidc.provider-name=" + LocalIdentityProvider.PROVIDER_NAME);
            arguments.add("--server.reactive.session.cookie.secure=false"); // the local run is plain http
        }
        settings.ingestProperties().forEach((name, value) -> arguments.add("--" + name + "=" + value));
        return arguments.toArray(String[]::new);
    }

    private String[] photosArguments() {
        List<String> arguments = common();
        arguments.add("--server.port=" + settings.photosPort());
        arguments.addAll(jdbcDatasource());
        arguments.add("--provisioning.photos.secret-key=" + settings.photosSecretKey());
        arguments.add("--provisioning.admin.token=" + settings.adminToken());
        settings.photosProperties().forEach((name, value) -> arguments.add("--" + name + "=" + value));
        return arguments.toArray(String[]::new);
    }

    private static ConfigurableApplicationContext run(SpringApplication application, String[] arguments,
                                                      List<String> excluded) {
        application.addInitializers(LocalPipeline::ownNettyResources, context -> exclude(context, excluded));
        return application.run(arguments);
    }

    /** Adds auto-configurations to those the service excludes itself ({@code spring.autoconfigure.exclude}). */
    private static void exclude(ConfigurableApplicationContext context, List<String> more) {
        ConfigurableEnvironment environment = context.getEnvironment();
        List<String> excluded = new ArrayList<>(Binder.get(environment)
                .bind("spring.autoconfigure.exclude", Bindable.listOf(String.class)).orElse(List.of()));
        excluded.addAll(more);
        environment.getPropertySources().addFirst(new MapPropertySource("local-pipeline-exclusions",
                Map.of("spring.autoconfigure.exclude", String.join(",", excluded))));
    }

    /**
     * Reactor Netty shares one global set of event loops per JVM, and a Spring context disposes it when it
     * closes. Deployed, each service has its own JVM; here they share one, so each gets its own event loops
     * and stopping one service (as the restart test does) cannot cut the connections of another.
     */
    private static void ownNettyResources(ConfigurableApplicationContext context) {
        ((GenericApplicationContext) context).registerBean(ReactorResourceFactory.class, () -> {
            ReactorResourceFactory resources = new ReactorResourceFactory();
            resources.setUseGlobalResources(false);
            return resources;
        });
    }

    private static int port(ConfigurableApplicationContext context) {
        return ((WebServerApplicationContext) context).getWebServer().getPort();
    }

    /** How a tenant admin signs in to the console through the local OpenID Connect provider. */
    private String signInNotice() {
        if (identityProvider == null) {
            return "";
        }
        LocalIdentityProvider.Account admin = identityProvider.account();
        return String.format("""
                 Console                 : %s/console/
                   "Sign in with %s" as the tenant admin of '%s':
                   user %s, password %s (new each run)
                   Identity provider     : %s
                ============================================================================
                """, ingestBaseUrl(), LocalIdentityProvider.PROVIDER_NAME, admin.tenant(), admin.username(),
                admin.password(), identityProvider.issuer());
    }

    /**
     * {@code java -jar deploy/local/target/local-pipeline.jar}: see the README. With
     * {@code --infrastructure-only}, just the broker and PostgreSQL, and their addresses.
     */
    public static void main(String[] args) throws Exception {
        Path work = Files.createTempDirectory("local-pipeline");
        PipelineSettings settings = PipelineSettings.fromEnvironment(System.getenv(), work);
        boolean infrastructureOnly = List.of(args).contains("--infrastructure-only");
        LocalPipeline pipeline = infrastructureOnly ? startInfrastructure(settings) : start(settings);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            pipeline.close();
            stopped.countDown();
        }));
        if (infrastructureOnly) {
            PipelineSettings.Database database = pipeline.database();
            System.out.printf("%nINFRASTRUCTURE KAFKA_BOOTSTRAP_SERVERS=%s DIRECTORY_JDBC_URL=%s DIRECTORY_R2DBC_URL=%s "
                    + "DIRECTORY_DB_USER=%s%n", pipeline.bootstrapServers(), database.jdbcUrl(), database.r2dbcUrl(),
                    database.user());
            stopped.await();
            return;
        }
        System.out.printf("""

                ============================================================================
                 TheStorage provisioning pipeline is running
                   Kafka bootstrap servers : %s
                   PostgreSQL (JDBC)       : %s
                   SCIM base URL (tenant)  : %s
                   SCIM bearer token       : %s
                   Admin API               : %s/admin/tenants
                   Admin bearer token      : %s
                 The SCIM token is shown once; it is stored only as a hash. The admin token is
                 PROVISIONING_ADMIN_TOKEN if set, else a new random one. Ctrl+C stops everything.
                ============================================================================
                %s
                """, pipeline.bootstrapServers(), pipeline.database().jdbcUrl(), pipeline.scimBaseUrl(),
                pipeline.tenantToken(), pipeline.ingestBaseUrl(), pipeline.adminToken(), pipeline.signInNotice());
        stopped.await();
    }
}
