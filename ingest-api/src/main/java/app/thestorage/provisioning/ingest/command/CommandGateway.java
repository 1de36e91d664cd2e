package app.thestorage.provisioning.ingest.command;

import app.thestorage.provisioning.contract.Topics;
import app.thestorage.provisioning.contract.command.Outcome;
import app.thestorage.provisioning.contract.command.ProvisioningCommand;
import app.thestorage.provisioning.contract.serde.Serdes;
import app.thestorage.provisioning.ingest.IngestProperties;
import app.thestorage.provisioning.ingest.logging.LogContext;
import app.thestorage.provisioning.scim.ScimException;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.kafka.KafkaClientMetrics;
import io.micrometer.tracing.Span;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.propagation.Propagator;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * Sends a command to the projector and waits, within a bound, for its outcome. The command is durable
 * before anything is answered (acks=all, idempotent producer, key = tenant for one order per tenant); the
 * outcome arrives only once its effect is in the directory, so the answer is never ahead of a read.
 */
@Component
public class CommandGateway implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(CommandGateway.class);

    private final Map<String, Object> producerConfig;
    private final IngestProperties properties;
    private final DecisionListener outcomes;
    private final MeterRegistry meters;
    private final Tracer tracer;
    private final Propagator propagator;
    private volatile KafkaProducer<String, ProvisioningCommand> producer;
    private volatile KafkaClientMetrics producerMetrics;

    public CommandGateway(KafkaProperties kafka, IngestProperties properties, DecisionListener outcomes,
                          MeterRegistry meters, Tracer tracer, Propagator propagator) {
        this.tracer = tracer;
        this.propagator = propagator;
        this.properties = properties;
        this.outcomes = outcomes;
        this.meters = meters;
        // Boot's spring.kafka.* settings (security, producer.*, properties.*), then what durability needs
        Map<String, Object> producer = new HashMap<>(kafka.buildProducerProperties());
        producer.put(ProducerConfig.ACKS_CONFIG, "all");
        producer.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        producer.put(ProducerConfig.LINGER_MS_CONFIG, 1);
        producer.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 5_000);
        this.producerConfig = Map.copyOf(producer);
    }

    /**
     * The outcome of the command, or a SCIM 503 with Retry-After if it is not known in time. The command is sent only
     * while its outcome can be heard.
     */
    public Mono<Outcome> submit(ProvisioningCommand command) {
        Mono<Void> listening = Mono.fromFuture(outcomes::listening, true)
                .timeout(properties.outcomeTimeout())
                .onErrorMap(TimeoutException.class, timeout -> unavailable(
                        "The change could not be recorded. Retry the request later."));
        return listening.then(Mono.deferContextual(request -> {
            Timer.Sample waited = Timer.start(meters);
            CompletableFuture<Outcome> outcome = outcomes.expect(command.requestId());
            try (var current = LogContext.restore(request)) {
                producer.send(traced(new ProducerRecord<>(Topics.COMMANDS, command.tenant(), command)), (metadata, failure) -> {
                    if (failure != null) {
                        notRecorded(command, outcome, failure);
                    }
                });
            } catch (KafkaException failure) {
                notRecorded(command, outcome, failure);
            }
            return Mono.fromFuture(outcome, true)
                    .timeout(properties.outcomeTimeout())
                    .doOnEach(signal -> {
                        if (signal.isOnNext() || signal.isOnError()) {
                            waited.stop(outcomeWait(signal.isOnNext() ? signal.get() : null, signal.getThrowable()));
                            if (log.isDebugEnabled()) {
                                try (var current = LogContext.restore(signal.getContextView())) {
                                    log.debug("{} command {}: {}", command.getClass().getSimpleName(),
                                            command.requestId(), signal.isOnNext()
                                                    ? signal.get().getClass().getSimpleName()
                                                    : signal.getThrowable().toString());
                                }
                            }
                        }
                    })
                    .onErrorMap(TimeoutException.class, timeout -> unavailable(
                            "The change is recorded but not yet applied. Retry the request after the indicated delay."));
        }))
                .doFinally(signal -> outcomes.forget(command.requestId()));
    }

    /**
     * The command with the SCIM request's trace in its headers (W3C {@code traceparent}): the projector's decision,
     * the directory write and the change event continue it.
     */
    private ProducerRecord<String, ProvisioningCommand> traced(ProducerRecord<String, ProvisioningCommand> record) {
        Span span = tracer.currentSpan();
        if (span != null) {
            propagator.inject(span.context(), record.headers(),
                    (headers, key, value) -> headers.add(key, value.getBytes(StandardCharsets.UTF_8)));
        }
        return record;
    }

    /**
     * {@code provisioning.outcome.wait}: from sending a command to hearing its outcome, which includes the projector's
     * decision and the directory write (the write path as a client waits for it), by how it ended.
     */
    private Timer outcomeWait(Outcome outcome, Throwable failure) {
        String result = outcome != null ? outcome.getClass().getSimpleName().toLowerCase(Locale.ROOT)
                : failure instanceof TimeoutException ? "timeout" : "not_recorded";
        return Timer.builder("provisioning.outcome.wait")
                .description("From sending a command to hearing its outcome (decided and committed in the directory)")
                .tag("outcome", result)
                .publishPercentileHistogram()
                .register(meters);
    }

    private void notRecorded(ProvisioningCommand command, CompletableFuture<Outcome> outcome, Exception failure) {
        log.warn("Could not publish a {} command of tenant {}", command.getClass().getSimpleName(), command.tenant(),
                failure);
        outcome.completeExceptionally(unavailable("The change could not be recorded. Retry the request later."));
    }

    private ScimException unavailable(String detail) {
        return ScimException.unavailable(detail, properties.retryAfter());
    }

    @Override
    public void start() {
        producer = new KafkaProducer<>(producerConfig, new StringSerializer(), Serdes.commands());
        producerMetrics = new KafkaClientMetrics(producer);
        producerMetrics.bindTo(meters);
        producer.partitionsFor(Topics.COMMANDS);
    }

    @Override
    public void stop() {
        if (producer != null) {
            producerMetrics.close();
            producer.close(Duration.ofSeconds(10));
            producer = null;
        }
    }

    @Override
    public boolean isRunning() {
        return producer != null;
    }

    /** Before the web server opens: a request must never find the gateway unstarted. */
    @Override
    public int getPhase() {
        return 0;
    }
}
