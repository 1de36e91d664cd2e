package app.thestorage.provisioning.local;

import java.nio.file.Path;
import java.time.Duration;
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
 */
public record PipelineSettings(
        String kafkaBootstrapServers,
        Database database,
        int ingestPort,
        int projectorPort,
        int photosPort,
        String tenant,
        Path workDirectory,
        Duration outcomeTimeout) {

    /** An external PostgreSQL. */
    public record Database(String jdbcUrl, String r2dbcUrl, String user, String password) {
    }

    /** Everything embedded, on free ports: what the tests use. */
    public static PipelineSettings embedded(Path workDirectory) {
        return new PipelineSettings(null, null, 0, 0, 0, "demo", workDirectory, Duration.ofSeconds(10));
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
                Duration.ofSeconds(10));
    }
}
