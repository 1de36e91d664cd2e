package app.thestorage.provisioning.projector.topology;

import app.thestorage.provisioning.projector.DeadLetters;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.InvalidRecordException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.errors.DefaultProductionExceptionHandler;
import org.apache.kafka.streams.errors.ErrorHandlerContext;

/**
 * A decision or change event that Kafka refuses for what it is (it cannot be serialized, it is too large, the broker
 * finds it invalid) would be refused again however often the command is decided: the command it came from is set
 * aside on the commands' dead-letter topic, and the tenant's next command is decided. Anything else is left to Kafka
 * Streams' default: retry what is retriable, otherwise fail the thread, which is replaced and decides again.
 */
public class UnproducibleRecords extends DefaultProductionExceptionHandler {

    private String deadLetterTopic;

    @Override
    public void configure(Map<String, ?> configs) {
        super.configure(configs);
        deadLetterTopic = (String) configs.get(StreamsConfig.ERRORS_DEAD_LETTER_QUEUE_TOPIC_NAME_CONFIG);
    }

    @Override
    public Response handleError(ErrorHandlerContext context, ProducerRecord<byte[], byte[]> record, Exception exception) {
        if (exception instanceof RecordTooLargeException || exception instanceof InvalidRecordException) {
            return Response.resume(deadLetter(context, exception, "Kafka refused the " + what(record)));
        }
        return super.handleError(context, record, exception);
    }

    @Override
    public Response handleSerializationError(ErrorHandlerContext context, ProducerRecord record, Exception exception,
                                             SerializationExceptionOrigin origin) {
        return Response.resume(deadLetter(context, exception, "The " + what(record) + " cannot be serialized"));
    }

    /** The command being decided, as it was read, with why its result could not be produced. */
    private List<ProducerRecord<byte[], byte[]>> deadLetter(ErrorHandlerContext context, Exception exception,
                                                            String reason) {
        DeadLetters.projectorStage().increment();
        if (deadLetterTopic == null) {
            return List.of();
        }
        ProducerRecord<byte[], byte[]> letter =
                new ProducerRecord<>(deadLetterTopic, null, context.sourceRawKey(), context.sourceRawValue());
        DeadLetters.describe(letter.headers(), context.topic(), context.partition(), context.offset(),
                exception.getClass(), reason + " (" + exception.getClass().getSimpleName() + ")");
        return List.of(letter);
    }

    private static String what(ProducerRecord<?, ?> record) {
        return "record for " + record.topic();
    }
}
