package app.thestorage.provisioning.projector.directory;

import app.thestorage.provisioning.contract.Topics;
import app.thestorage.provisioning.contract.command.Decision;
import app.thestorage.provisioning.contract.command.Outcome;
import app.thestorage.provisioning.contract.event.UserChangeEvent;
import app.thestorage.provisioning.contract.serde.Serdes;
import app.thestorage.provisioning.projector.ProjectorProperties;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Brings the projector's decisions into the PostgreSQL directory and, in the same transaction, announces them to
 * ingest-api (see {@link OutcomeAnnouncer}). That is what gives read-your-writes: a waiting HTTP request hears of
 * its decision only once the change is committed in the directory, where every ingest-api instance reads.
 * Offsets are committed last: a crash in between replays the batch, which the version guard makes harmless
 * (and a repeated announcement finds nobody waiting for it).
 */
@Component
public class DirectoryMaterializer implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(DirectoryMaterializer.class);
    private static final Duration RETRY_BACKOFF = Duration.ofSeconds(1);

    private final DirectoryWriter directory;
    private final OutcomeAnnouncer announcer;
    private final TransactionTemplate transaction;
    private final Map<String, Object> consumerConfig;
    private volatile KafkaConsumer<String, Decision> consumer;
    private volatile Thread worker;

    public DirectoryMaterializer(DirectoryWriter directory, OutcomeAnnouncer announcer, TransactionTemplate transaction,
                                 KafkaProperties kafka, ProjectorProperties projector) {
        this.directory = directory;
        this.announcer = announcer;
        this.transaction = transaction;
        Map<String, Object> consumer = new HashMap<>(kafka.getProperties());
        consumer.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, String.join(",", kafka.getBootstrapServers()));
        consumer.put(ConsumerConfig.GROUP_ID_CONFIG, projector.directoryGroup());
        consumer.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        consumer.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        consumer.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        consumer.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 1000);
        this.consumerConfig = Map.copyOf(consumer);
    }

    @Override
    public void start() {
        consumer = new KafkaConsumer<>(consumerConfig, new StringDeserializer(), Serdes.decisions());
        consumer.subscribe(List.of(Topics.DECISIONS));
        worker = Thread.ofPlatform().name("directory-materializer").start(this::run);
    }

    private void run() {
        try {
            while (!Thread.currentThread().isInterrupted()) {
                ConsumerRecords<String, Decision> batch = consumer.poll(Duration.ofMillis(500));
                if (batch.isEmpty()) {
                    continue;
                }
                try {
                    materialize(batch);
                    consumer.commitSync();
                } catch (WakeupException e) {
                    throw e;
                } catch (RuntimeException e) {
                    log.error("Could not materialise {} decisions; retrying the batch in {}", batch.count(),
                            RETRY_BACKOFF, e);
                    rewind(batch);
                    Thread.sleep(RETRY_BACKOFF);
                }
            }
        } catch (WakeupException | InterruptedException e) {
            log.debug("Directory materializer stopping");
        } finally {
            consumer.close(Duration.ofSeconds(5));
        }
    }

    private void materialize(ConsumerRecords<String, Decision> batch) {
        List<Decision> decisions = new ArrayList<>(batch.count());
        List<UserChangeEvent> changes = new ArrayList<>();
        for (ConsumerRecord<String, Decision> record : batch) {
            Decision decision = record.value();
            if (decision != null) {
                decisions.add(decision);
                if (decision.outcome() instanceof Outcome.Applied applied) {
                    changes.add(applied.event());
                }
            }
        }
        transaction.executeWithoutResult(status -> {
            directory.apply(changes);
            announcer.announce(decisions);
        });
    }

    private void rewind(ConsumerRecords<String, Decision> batch) {
        for (TopicPartition partition : batch.partitions()) {
            consumer.seek(partition, batch.records(partition).getFirst().offset());
        }
    }

    @Override
    public void stop() {
        Thread worker = this.worker;
        if (worker != null) {
            consumer.wakeup();
            try {
                worker.join(Duration.ofSeconds(10));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            this.worker = null;
        }
    }

    @Override
    public boolean isRunning() {
        return worker != null;
    }
}
