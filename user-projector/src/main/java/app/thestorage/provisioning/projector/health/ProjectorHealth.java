package app.thestorage.provisioning.projector.health;

import app.thestorage.provisioning.projector.directory.DirectoryMaterializer;
import app.thestorage.provisioning.projector.directory.MaterializerHealth;
import app.thestorage.provisioning.projector.topology.ProjectorStreams;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.time.Instant;
import org.apache.kafka.streams.KafkaStreams;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Readiness tells the truth about the projector's two workers (both in the readiness group, see
 * {@code user-projector.yml}): the Kafka Streams client that decides commands, and the directory materializer. Each
 * also has a gauge, 1 while it is up, for alerting.
 */
@Configuration(proxyBeanMethods = false)
public class ProjectorHealth {

    /** How long the materializer may go without progress while decisions wait. */
    static final Duration STALL = Duration.ofSeconds(30);

    @Bean
    HealthIndicator directoryMaterializerHealthIndicator(DirectoryMaterializer materializer, MeterRegistry meters) {
        Gauge.builder("provisioning.directory.materializer.up",
                        () -> materializer.health().problem(Instant.now(), STALL) == null ? 1 : 0)
                .description("1 while the directory materializer keeps the directory up to date")
                .register(meters);
        Gauge.builder("provisioning.directory.materializer.lag", () -> materializer.health().lag())
                .description("Decisions not yet in the directory, as of the materializer's last progress")
                .register(meters);
        return () -> {
            MaterializerHealth health = materializer.health();
            String problem = health.problem(Instant.now(), STALL);
            Health.Builder builder = problem == null ? Health.up() : Health.down().withDetail("problem", problem);
            return builder.withDetail("lag", health.lag()).withDetail("lastProgress", health.lastProgress().toString())
                    .build();
        };
    }

    /** UP while the Streams client runs or rebalances; DOWN when it is not started, erred, or shutting down. */
    @Bean
    HealthIndicator projectorStreamsHealthIndicator(ProjectorStreams streams, MeterRegistry meters) {
        Gauge.builder("provisioning.projector.streams.up", () -> isUp(streams.state()) ? 1 : 0)
                .description("1 while the projector's Kafka Streams client is running or rebalancing")
                .register(meters);
        return () -> {
            KafkaStreams.State state = streams.state();
            return (isUp(state) ? Health.up() : Health.down()).withDetail("state", String.valueOf(state)).build();
        };
    }

    private static boolean isUp(KafkaStreams.State state) {
        return state == KafkaStreams.State.RUNNING || state == KafkaStreams.State.REBALANCING;
    }
}
