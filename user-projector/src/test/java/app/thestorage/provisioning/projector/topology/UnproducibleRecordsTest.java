package app.thestorage.provisioning.projector.topology;

import static org.assertj.core.api.Assertions.assertThat;

import app.thestorage.provisioning.contract.Topics;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.apache.kafka.streams.errors.ProductionExceptionHandler;
import org.apache.kafka.streams.errors.ProductionExceptionHandler.Result;
import org.apache.kafka.streams.processor.TaskId;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A result Kafka will never take sets its command aside and lets the tenant go on; a passing trouble is retried. */
class UnproducibleRecordsTest {

    /** The command being decided when producing its result failed (what Kafka Streams passes the handler). */
    private record Decided(byte[] sourceRawKey, byte[] sourceRawValue) implements ErrorHandlerContext {
        public String topic() {
            return Topics.COMMANDS;
        }

        public int partition() {
            return 2;
        }

        public long offset() {
            return 41;
        }

        public Headers headers() {
            return new RecordHeaders();
        }

        public String processorNodeId() {
            return "KSTREAM-SINK-0000000003";
        }

        public TaskId taskId() {
            return new TaskId(0, 2);
        }

        public long timestamp() {
            return 0;
        }
    }

    private static final Decided COMMAND = new Decided(bytes("acme"), bytes("{\"command\":\"CreateUser\"}"));
    private static final ProducerRecord<byte[], byte[]> DECISION =
            new ProducerRecord<>(Topics.DECISIONS, bytes("acme"), bytes("{}"));

    private final UnproducibleRecords handler = new UnproducibleRecords();

    @BeforeEach
    void configure() {
        handler.configure(Map.of(StreamsConfig.ERRORS_DEAD_LETTER_QUEUE_TOPIC_NAME_CONFIG, Topics.COMMANDS_DEAD_LETTER));
    }

    @Test
    void a_result_too_large_for_kafka_sets_its_command_aside_and_processing_resumes() {
        ProductionExceptionHandler.Response response =
                handler.handleError(COMMAND, DECISION, new RecordTooLargeException("too large"));

        assertThat(response.result()).isEqualTo(Result.RESUME);
        assertThat(response.deadLetterQueueRecords()).singleElement().satisfies(letter -> {
            assertThat(letter.topic()).isEqualTo(Topics.COMMANDS_DEAD_LETTER);
            assertThat(letter.key()).isEqualTo(COMMAND.sourceRawKey());
            assertThat(letter.value()).isEqualTo(COMMAND.sourceRawValue());
            assertThat(new String(letter.headers().lastHeader("__streams.errors.offset").value(), StandardCharsets.UTF_8))
                    .isEqualTo("41");
        });
    }

    @Test
    void a_result_that_cannot_be_serialized_sets_its_command_aside_too() {
        ProductionExceptionHandler.Response response = handler.handleSerializationError(COMMAND, DECISION,
                new SerializationException("no"), ProductionExceptionHandler.SerializationExceptionOrigin.VALUE);

        assertThat(response.result()).isEqualTo(Result.RESUME);
        assertThat(response.deadLetterQueueRecords()).hasSize(1);
    }

    @Test
    void a_passing_trouble_is_retried_not_set_aside() {
        ProductionExceptionHandler.Response response =
                handler.handleError(COMMAND, DECISION, new TimeoutException("broker busy"));

        assertThat(response.result()).isEqualTo(Result.RETRY);
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
