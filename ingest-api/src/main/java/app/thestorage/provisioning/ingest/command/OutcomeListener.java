package app.thestorage.provisioning.ingest.command;

import app.thestorage.provisioning.contract.Topics;
import app.thestorage.provisioning.contract.command.Decision;
import app.thestorage.provisioning.contract.command.Outcome;
import app.thestorage.provisioning.contract.serde.Serdes;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Receives the outcome of every command and completes the request waiting for it, if it waits here.
 * Every ingest-api instance reads every partition of the outcome topic, from its end at start-up: no
 * consumer group, so no rebalance ever pauses a waiting request.
 */
final class OutcomeListener {

    private static final Logger log = LoggerFactory.getLogger(OutcomeListener.class);

    private final Map<String, CompletableFuture<Outcome>> waiting = new ConcurrentHashMap<>();
    private final KafkaConsumer<String, Decision> consumer;
    private final Thread worker;

    /** Positions itself at the end of the outcome topic before returning, so no later outcome is missed. */
    OutcomeListener(Map<String, Object> consumerConfig) {
        consumer = new KafkaConsumer<>(consumerConfig, new StringDeserializer(), Serdes.decisions());
        List<TopicPartition> partitions = consumer.partitionsFor(Topics.OUTCOMES, Duration.ofSeconds(30)).stream()
                .map(info -> new TopicPartition(info.topic(), info.partition()))
                .toList();
        consumer.assign(partitions);
        consumer.seekToEnd(partitions);
        partitions.forEach(consumer::position);
        worker = Thread.ofPlatform().name("outcome-listener").start(this::run);
    }

    CompletableFuture<Outcome> expect(String requestId) {
        CompletableFuture<Outcome> outcome = new CompletableFuture<>();
        waiting.put(requestId, outcome);
        return outcome;
    }

    void forget(String requestId) {
        waiting.remove(requestId);
    }

    private void run() {
        try {
            while (true) {
                for (ConsumerRecord<String, Decision> record : consumer.poll(Duration.ofSeconds(1))) {
                    CompletableFuture<Outcome> outcome = record.key() == null ? null : waiting.remove(record.key());
                    if (outcome != null && record.value() != null) {
                        outcome.complete(record.value().outcome());
                    }
                }
            }
        } catch (WakeupException e) {
            log.debug("Outcome listener stopping");
        } catch (RuntimeException e) {
            log.error("Outcome listener failed; SCIM writes will answer 503 until restart", e);
        } finally {
            consumer.close(Duration.ofSeconds(5));
        }
    }

    void close() {
        consumer.wakeup();
        try {
            worker.join(Duration.ofSeconds(10));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
