package app.thestorage.provisioning.local;

import app.thestorage.provisioning.ingest.tenant.TenantTokens;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

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
        Map<String, String> ingestProperties) {

    /** An external PostgreSQL. */
    public record Database(String jdbcUrl, String r2dbcUrl, String user, String password) {
    }

    /** Everything embedded, on free ports: what the tests use. */
    public static PipelineSettings embedded(Path workDirectory) {
        return new PipelineSettings(null, null, 0, 0, 0, "demo", workDirectory, Duration.ofSeconds(10),
                TenantTokens.generate(), Map.of());
    }

    /** These settings, for another tenant. */
    public PipelineSettings withTenant(String otherTenant) {
        return new PipelineSettings(kafkaBootstrapServers, database, ingestPort, projectorPort, photosPort, otherTenant,
                workDirectory, outcomeTimeout, adminToken, ingestProperties);
    }

    /** These settings, with another bound on how long a SCIM write waits for its outcome. */
    public PipelineSettings withOutcomeTimeout(Duration timeout) {
        return new PipelineSettings(kafkaBootstrapServers, database, ingestPort, projectorPort, photosPort, tenant,
                workDirectory, timeout, adminToken, ingestProperties);
    }

    /** These settings, with one more ingest-api property. */
    public PipelineSettings withIngestProperty(String name, String value) {
        Map<String, String> properties = new LinkedHashMap<>(ingestProperties);
        properties.put(name, value);
        return new PipelineSettings(kafkaBootstrapServers, database, ingestPort, projectorPort, photosPort, tenant,
                workDirectory, outcomeTimeout, adminToken, Map.copyOf(properties));
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
                Map.of());
    }
}
