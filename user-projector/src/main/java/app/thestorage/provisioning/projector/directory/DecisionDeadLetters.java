package app.thestorage.provisioning.projector.directory;

import app.thestorage.provisioning.contract.Topics;
import app.thestorage.provisioning.projector.DeadLetters;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.kafka.KafkaClientMetrics;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Sets aside a decision the directory can never hold, on {@link Topics#DECISIONS_DEAD_LETTER}: key and value as
 * they were, with the headers Kafka Streams gives the records it sets aside ({@code __streams.errors.*}), so both
 * dead-letter topics read alike. A dead letter is written before the offset of its record is committed.
 */
@Component
public class DecisionDeadLetters implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(DecisionDeadLetters.class);

    private final Map<String, Object> producerConfig;
    private final Counter setAside;
    private final MeterRegistry meters;
    private volatile KafkaProducer<byte[], byte[]> producer;
    private volatile KafkaClientMetrics producerMetrics;

    public DecisionDeadLetters(KafkaProperties kafka, MeterRegistry meters) {
        // Boot's spring.kafka.* settings (security, producer.*, properties.*), then what durability needs
        Map<String, Object> producer = new HashMap<>(kafka.buildProducerProperties());
        producer.put(ProducerConfig.ACKS_CONFIG, "all");
        producer.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        this.producerConfig = Map.copyOf(producer);
        this.meters = meters;
        this.setAside = DeadLetters.counter(meters, "directory");
    }

    /**
     * Writes the record to the dead-letter topic and waits until it is durable. Logs the reason once, naming the
     * tenant and the request but never a value of the record.
     *
     * @param cause  the kind of failure (an exception class)
     * @param reason what was wrong, without quoting the record
     *
     * @throws KafkaException if Kafka cannot take it: an outage, which the caller retries
     */
    void setAside(ConsumerRecord<byte[], byte[]> record, String requestId, Class<?> cause, String reason) {
        String tenant = record.key() == null ? null : new String(record.key(), StandardCharsets.UTF_8);
        log.error("Set aside the decision at {}-{}@{} (tenant {}, request {}) on {}: {}", record.topic(),
                record.partition(), record.offset(), tenant, requestId, Topics.DECISIONS_DEAD_LETTER, reason);
        ProducerRecord<byte[], byte[]> letter =
                new ProducerRecord<>(Topics.DECISIONS_DEAD_LETTER, null, record.key(), record.value());
        DeadLetters.describe(letter.headers(), record.topic(), record.partition(), record.offset(), cause, reason);
        try {
            producer.send(letter).get();
        } catch (ExecutionException e) {
            throw new KafkaException("Could not write a dead letter", e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new KafkaException("Interrupted while writing a dead letter", e);
        }
        setAside.increment();
    }

    @Override
    public void start() {
        producer = new KafkaProducer<>(producerConfig, new ByteArraySerializer(), new ByteArraySerializer());
        producerMetrics = new KafkaClientMetrics(producer);
        producerMetrics.bindTo(meters);
    }

    @Override
    public void stop() {
        KafkaProducer<byte[], byte[]> producer = this.producer;
        if (producer != null) {
            producerMetrics.close();
            producer.close(Duration.ofSeconds(5));
            this.producer = null;
        }
    }

    @Override
    public boolean isRunning() {
        return producer != null;
    }

    /** Before the materializer starts, after it stops. */
    @Override
    public int getPhase() {
        return SmartLifecycle.DEFAULT_PHASE - 1;
    }
}
