package app.thestorage.provisioning.projector.topology;

import app.thestorage.provisioning.projector.DeadLetters;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.apache.kafka.streams.errors.LogAndContinueProcessingExceptionHandler;
import org.apache.kafka.streams.processor.api.Record;

/**
 * A command whose decision throws is logged, counted and set aside (Kafka Streams writes the dead letter); the
 * tenant's next command is decided.
 */
public class UndecidableCommands extends LogAndContinueProcessingExceptionHandler {

    @Override
    public Response handleError(ErrorHandlerContext context, Record<?, ?> record, Exception exception) {
        DeadLetters.projectorStage().increment();
        return super.handleError(context, record, exception);
    }
}
