package app.thestorage.provisioning.projector;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Metrics;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.header.Headers;

/**
 * What the projector's dead letters have in common, whichever stage sets them aside: the headers Kafka Streams writes
 * on them (what went wrong, where the record was), so that both dead-letter topics read alike, and one counter,
 * {@code provisioning.dead.letters}, by stage.
 */
public final class DeadLetters {

    /** The counter of records a stage ({@code projector} or {@code directory}) set aside. */
    public static Counter counter(MeterRegistry meters, String stage) {
        return Counter.builder("provisioning.dead.letters")
                .description("Records set aside on a dead-letter topic because they can never be applied")
                .tag("stage", stage)
                .register(meters);
    }

    /**
     * The projector stage's counter. Kafka Streams creates its exception handlers itself, so they count in the global
     * registry, which Spring Boot's registries are part of.
     */
    public static Counter projectorStage() {
        return counter(Metrics.globalRegistry, "projector");
    }

    /**
     * @param cause  the kind of failure (an exception class)
     * @param reason what was wrong, without quoting the record
     */
    public static Headers describe(Headers headers, String topic, int partition, long offset, Class<?> cause,
                                   String reason) {
        return headers.add("__streams.errors.exception", utf8(cause.getName()))
                .add("__streams.errors.message", utf8(reason))
                .add("__streams.errors.topic", utf8(topic))
                .add("__streams.errors.partition", utf8(Integer.toString(partition)))
                .add("__streams.errors.offset", utf8(Long.toString(offset)));
    }

    private static byte[] utf8(String value) {
        return value.getBytes(StandardCharsets.UTF_8);
    }

    private DeadLetters() {
    }
}
