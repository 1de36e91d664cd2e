package app.thestorage.provisioning.local;

import app.thestorage.provisioning.ingest.tenant.TenantTokens;
import java.nio.file.Path;
import java.time.Duration;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;
import org.springframework.context.support.GenericApplicationContext;

/**
 * How the local pipeline runs. A null Kafka bootstrap or JDBC URL means "start an embedded one".
 *
 * @param kafkaBootstrapServers an external Kafka, or null for an in-process KRaft broker
 * @param database              an external PostgreSQL, or null for an embedded one
 * @param ingestPort            HTTP port of ingest-api (0: any free port)
 * @param projectorPort         HTTP (actuator) port of user-projector
 * @param photosPort            HTTP (actuator) port of photo-fetcher
 * @param tenant                the tenant to enable SCIM for at start, or null for none
 * @param workDirectory         where Kafka Streams keeps its state
 * @param outcomeTimeout        how long a SCIM write waits for its outcome
 * @param adminToken            the admin API's credential
 * @param ingestProperties      further ingest-api configuration, e.g. provisioning.ingest.rate-limit.burst
 * @param photosSecretKey       the key sealing Graph client secrets (base64, 32 bytes)
 * @param photosProperties      further photo-fetcher configuration, e.g. provisioning.photos.graph-base-url
 * @param photosSetup           beans photo-fetcher gets before it starts (tests: how to trust a stub authority)
 * @param commonProperties      configuration of all three services, e.g. where traces are exported
 * @param identityProviderPort  HTTP port of the local OpenID Connect provider the console signs in with (0: any free
 *                              port; negative: none, the admin API takes only the operator credential)
 */
public record PipelineSettings(
        String kafkaBootstrapServers,
        Database database,
        int ingestPort,
        int projectorPort,
        int photosPort,
        String tenant,
        Path workDirectory,
        Duration outcomeTimeout,
        String adminToken,
        Map<String, String> ingestProperties,
        String photosSecretKey,
        Map<String, String> photosProperties,
        Consumer<GenericApplicationContext> photosSetup,
        Map<String, String> commonProperties,
        int identityProviderPort) {

    /** Settings without the local OpenID Connect provider. */
    public PipelineSettings(String kafkaBootstrapServers, Database database, int ingestPort, int projectorPort,
                            int photosPort, String tenant, Path workDirectory, Duration outcomeTimeout, String adminToken,
                            Map<String, String> ingestProperties, String photosSecretKey,
                            Map<String, String> photosProperties, Consumer<GenericApplicationContext> photosSetup,
                            Map<String, String> commonProperties) {
        this(kafkaBootstrapServers, database, ingestPort, projectorPort, photosPort, tenant, workDirectory,
                outcomeTimeout, adminToken, ingestProperties, photosSecretKey, photosProperties, photosSetup,
                commonProperties, -1);
    }

    /** An external PostgreSQL. */
    public record Database(String jdbcUrl, String r2dbcUrl, String user, String password) {
    }

    /** Everything embedded, on free ports: what the tests use. */
    public static PipelineSettings embedded(Path workDirectory) {
        return new PipelineSettings(null, null, 0, 0, 0, "demo", workDirectory, Duration.ofSeconds(10),
                TenantTokens.generate(), Map.of(), newSecretKey(), Map.of(), context -> { }, Map.of(), -1);
    }

    /** These settings, for another tenant. */
    public PipelineSettings withTenant(String otherTenant) {
        return new PipelineSettings(kafkaBootstrapServers, database, ingestPort, projectorPort, photosPort, otherTenant,
                workDirectory, outcomeTimeout, adminToken, ingestProperties, photosSecretKey, photosProperties, photosSetup,
                commonProperties, identityProviderPort);
    }

    /** These settings, with another bound on how long a SCIM write waits for its outcome. */
    public PipelineSettings withOutcomeTimeout(Duration timeout) {
        return new PipelineSettings(kafkaBootstrapServers, database, ingestPort, projectorPort, photosPort, tenant,
                workDirectory, timeout, adminToken, ingestProperties, photosSecretKey, photosProperties, photosSetup,
                commonProperties, identityProviderPort);
    }

    /** These settings, with one more ingest-api property. */
    public PipelineSettings withIngestProperty(String name, String value) {
        Map<String, String> properties = new LinkedHashMap<>(ingestProperties);
        properties.put(name, value);
        return new PipelineSettings(kafkaBootstrapServers, database, ingestPort, projectorPort, photosPort, tenant,
                workDirectory, outcomeTimeout, adminToken, Map.copyOf(properties), photosSecretKey, photosProperties,
                photosSetup, commonProperties, identityProviderPort);
    }

    /** These settings, with more photo-fetcher properties and beans. */
    public PipelineSettings withPhotoFetcher(Map<String, String> moreProperties, Consumer<GenericApplicationContext> setup) {
        Map<String, String> properties = new LinkedHashMap<>(photosProperties);
        properties.putAll(moreProperties);
        return new PipelineSettings(kafkaBootstrapServers, database, ingestPort, projectorPort, photosPort, tenant,
                workDirectory, outcomeTimeout, adminToken, ingestProperties, photosSecretKey, Map.copyOf(properties),
                setup, commonProperties, identityProviderPort);
    }

    /** These settings, with one more property of every service. */
    public PipelineSettings withServiceProperty(String name, String value) {
        Map<String, String> properties = new LinkedHashMap<>(commonProperties);
        properties.put(name, value);
        return new PipelineSettings(kafkaBootstrapServers, database, ingestPort, projectorPort, photosPort, tenant,
                workDirectory, outcomeTimeout, adminToken, ingestProperties, photosSecretKey, photosProperties,
                photosSetup, Map.copyOf(properties), identityProviderPort);
    }

    /** These settings, with the local OpenID Connect provider on the port (0: any free port). */
    public PipelineSettings withIdentityProvider(int port) {
        return new PipelineSettings(kafkaBootstrapServers, database, ingestPort, projectorPort, photosPort, tenant,
                workDirectory, outcomeTimeout, adminToken, ingestProperties, photosSecretKey, photosProperties,
                photosSetup, commonProperties, port);
    }

    /** A new random AES-256 key, base64: enough while the database lives no longer than the pipeline. */
    static String newSecretKey() {
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        return Base64.getEncoder().encodeToString(key);
    }

    /** From the environment, as documented in the README; embedded Kafka and PostgreSQL by default. */
    public static PipelineSettings fromEnvironment(Map<String, String> env, Path workDirectory) {
        Database database = env.containsKey("DIRECTORY_JDBC_URL")
                ? new Database(env.get("DIRECTORY_JDBC_URL"),
                        env.getOrDefault("DIRECTORY_R2DBC_URL", env.get("DIRECTORY_JDBC_URL").replaceFirst("^jdbc:", "r2dbc:")),
                        env.getOrDefault("DIRECTORY_DB_USER", "thestorage"), env.getOrDefault("DIRECTORY_DB_PASSWORD", ""))
                : null;
        return new PipelineSettings(
                env.get("KAFKA_BOOTSTRAP_SERVERS"),
                database,
                Integer.parseInt(env.getOrDefault("PORT", "8080")),
                Integer.parseInt(env.getOrDefault("PROJECTOR_PORT", "8081")),
                Integer.parseInt(env.getOrDefault("PHOTO_FETCHER_PORT", "8082")),
                env.getOrDefault("TENANT", "demo"),
                workDirectory,
                Duration.ofSeconds(10),
                env.getOrDefault("PROVISIONING_ADMIN_TOKEN", TenantTokens.generate()),
                Map.of(),
                env.getOrDefault("PHOTOS_SECRET_KEY", newSecretKey()),
                Map.of(),
                context -> { },
                Map.of(),
                Integer.parseInt(env.getOrDefault("IDENTITY_PROVIDER_PORT", "8083")));
    }
}
