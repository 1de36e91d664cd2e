package app.thestorage.provisioning.projector;

import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.header.Headers;

/**
 * The headers of a dead letter, as Kafka Streams writes them on the records it sets aside, so that both of the
 * projector's dead-letter topics read alike: what went wrong, and where the record was.
 */
public final class DeadLetterHeaders {

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

    private DeadLetterHeaders() {
    }
}
