package app.thestorage.provisioning.projector.topology;

import app.thestorage.provisioning.projector.DeadLetters;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.apache.kafka.streams.errors.LogAndContinueExceptionHandler;

/** A command that cannot be read is logged, counted and set aside (Kafka Streams writes the dead letter). */
public class UnreadableCommands extends LogAndContinueExceptionHandler {

    @Override
    public Response handleError(ErrorHandlerContext context, ConsumerRecord<byte[], byte[]> record, Exception exception) {
        DeadLetters.projectorStage().increment();
        return super.handleError(context, record, exception);
    }
}
