package app.thestorage.provisioning.projector.directory;

import app.thestorage.provisioning.contract.Topics;
import app.thestorage.provisioning.contract.command.Decision;
import app.thestorage.provisioning.contract.command.Outcome;
import app.thestorage.provisioning.contract.command.Rejection;
import app.thestorage.provisioning.contract.event.UserChangeEvent;
import app.thestorage.provisioning.contract.group.GroupChangeEvent;
import app.thestorage.provisioning.contract.group.GroupChangeType;
import app.thestorage.provisioning.contract.serde.JsonSerde;
import app.thestorage.provisioning.contract.serde.Serdes;
import app.thestorage.provisioning.projector.ProjectorProperties;
import app.thestorage.provisioning.projector.WritePath;
import app.thestorage.provisioning.projector.tracing.RecordTracing;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.kafka.KafkaClientMetrics;
import io.micrometer.tracing.Span;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.InterruptException;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Brings the projector's decisions into the PostgreSQL directory and, in the same transaction, notifies them to
 * ingest-api (see {@link DecisionNotifier}). That is what gives read-your-writes: a waiting HTTP request hears of
 * its decision only once the change is committed in the directory, where every ingest-api instance reads.
 * Offsets are committed last: a crash in between replays the batch, which the version guard makes harmless
 * (and a repeated notice finds nobody waiting for it).
 *
 * <p>Two kinds of failure are told apart. A decision the directory can never hold (a record that cannot be read,
 * or one PostgreSQL refuses as data, see {@link DirectoryWriter#refusal}) is set aside on the dead-letter topic, its
 * waiting request is answered with a SCIM error, and the rest of the batch goes on: one tenant's poison never holds
 * up another tenant. Anything else (PostgreSQL or Kafka unavailable) is an outage: the batch is retried, with a
 * back-off growing to {@link #MAX_BACKOFF}, and {@link #health()} reports it.
 */
@Component
public class DirectoryMaterializer implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(DirectoryMaterializer.class);
    private static final Duration FIRST_BACKOFF = Duration.ofMillis(500);
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(30);
    private static final JsonSerde<Decision> DECISIONS = Serdes.decisions();

    /** What the waiting request hears when its change was set aside. */
    static final Outcome.Rejected SET_ASIDE = new Outcome.Rejected(Rejection.NOT_STORED,
            "TheStorage could not store this change in its directory and set it aside for its operators. Check the "
                    + "user's attributes in your identity provider before you retry.");
    /** What the waiting request of a group change hears when it was set aside. */
    static final Outcome.Rejected GROUP_SET_ASIDE = new Outcome.Rejected(Rejection.NOT_STORED,
            "TheStorage could not store this change in its directory and set it aside for its operators. Check the "
                    + "group in your identity provider before you retry.");

    private final DirectoryWriter directory;
    private final DecisionNotifier notifier;
    private final DecisionDeadLetters deadLetters;
    private final TransactionTemplate transaction;
    private final Map<String, Object> consumerConfig;
    private final MeterRegistry meters;
    private final RecordTracing tracing;
    private final WritePath writePath;
    private volatile KafkaConsumer<byte[], byte[]> consumer;
    private volatile KafkaClientMetrics consumerMetrics;
    private volatile Thread worker;
    private volatile MaterializerHealth health = MaterializerHealth.STARTING;
    private volatile CountDownLatch stopping = new CountDownLatch(1);

    public DirectoryMaterializer(DirectoryWriter directory, DecisionNotifier notifier, DecisionDeadLetters deadLetters,
                                 TransactionTemplate transaction, KafkaProperties kafka, ProjectorProperties projector,
                                 MeterRegistry meters, RecordTracing tracing, WritePath writePath) {
        this.tracing = tracing;
        this.writePath = writePath;
        this.directory = directory;
        this.notifier = notifier;
        this.deadLetters = deadLetters;
        this.transaction = transaction;
        this.meters = meters;
        // Boot's spring.kafka.* settings (security, consumer.*, properties.*), then what this consumer needs
        Map<String, Object> consumer = new HashMap<>(kafka.buildConsumerProperties());
        consumer.put(ConsumerConfig.GROUP_ID_CONFIG, projector.directoryGroup());
        consumer.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        consumer.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        consumer.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        consumer.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 1000);
        this.consumerConfig = Map.copyOf(consumer);
    }

    @Override
    public void start() {
        // records are read as bytes, so that one that cannot be read is set aside as it is
        consumer = new KafkaConsumer<>(consumerConfig, new ByteArrayDeserializer(), new ByteArrayDeserializer());
        consumerMetrics = new KafkaClientMetrics(consumer);
        consumerMetrics.bindTo(meters);
        consumer.subscribe(List.of(Topics.DECISIONS));
        stopping = new CountDownLatch(1);
        worker = Thread.ofPlatform().name("directory-materializer").start(this::run);
    }

    private void run() {
        Duration backoff = FIRST_BACKOFF;
        try {
            while (stopping.getCount() > 0) {
                ConsumerRecords<byte[], byte[]> batch = ConsumerRecords.empty();
                try {
                    batch = consumer.poll(Duration.ofMillis(500));
                    if (!batch.isEmpty()) {
                        health = health.working(Instant.now());
                        materialize(batch);
                        consumer.commitSync();
                    }
                    health = health.progressed(Instant.now(), lag());
                    backoff = FIRST_BACKOFF;
                } catch (WakeupException | InterruptException e) {
                    throw e;
                } catch (RuntimeException e) {
                    health = health.failed(brief(e));
                    log.warn("Could not materialise {} decisions ({}); retrying in {}", batch.count(), brief(e), backoff);
                    rewind(batch);
                    if (stopping.await(backoff.toMillis(), TimeUnit.MILLISECONDS)) {
                        break;
                    }
                    backoff = backoff.multipliedBy(2).compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : backoff.multipliedBy(2);
                }
            }
        } catch (WakeupException | InterruptException | InterruptedException e) {
            log.debug("Directory materializer stopping");
        } catch (RuntimeException | Error e) {
            log.error("The directory materializer stopped; the directory falls behind until the projector restarts", e);
            throw e;
        } finally {
            // never interrupted: an interrupt landing in close() would keep the consumer from leaving its group, and
            // its partitions would wait for the session timeout before another instance takes them
            consumerMetrics.close();
            consumer.close(Duration.ofSeconds(5));
        }
    }

    /**
     * Writes the batch in one transaction. If PostgreSQL refuses it as data, writes its decisions one by one, each in
     * its own transaction, to find those that can never be written and set them aside.
     */
    private void materialize(ConsumerRecords<byte[], byte[]> batch) {
        List<Read> readable = new ArrayList<>(batch.count());
        for (ConsumerRecord<byte[], byte[]> record : batch) {
            if (record.value() == null) {
                continue;
            }
            Decision decision;
            try {
                decision = DECISIONS.deserialize(record.topic(), record.value());
            } catch (KafkaException unreadable) {
                deadLetters.setAside(record, null, unreadable.getClass(), "The decision cannot be read as JSON");
                continue;
            }
            if (complete(decision)) {
                readable.add(new Read(record, decision));
            } else {
                deadLetters.setAside(record, decision.requestId(), IllegalArgumentException.class,
                        "The decision lacks its request id, tenant, outcome, user or group");
            }
        }
        try {
            write(readable);
        } catch (RuntimeException failure) {
            if (DirectoryWriter.refusal(failure) == null) {
                throw failure;
            }
            for (Read one : readable) {
                try {
                    write(List.of(one));
                } catch (RuntimeException oneFailure) {
                    String refusal = DirectoryWriter.refusal(oneFailure);
                    if (refusal == null) {
                        throw oneFailure;
                    }
                    setAside(one, oneFailure, refusal);
                }
            }
        }
    }

    /** Whether the decision has everything the directory and the notice need. */
    private static boolean complete(Decision decision) {
        if (decision.requestId() == null || decision.requestId().isEmpty() || decision.tenant() == null) {
            return false;
        }
        return switch (decision.outcome()) {
            case null -> false;
            case Outcome.Applied applied -> complete(applied.event())
                    && applied.memberships().stream().allMatch(DirectoryMaterializer::complete);
            case Outcome.GroupApplied applied -> applied.group() != null
                    && applied.events().stream().allMatch(DirectoryMaterializer::complete);
            case Outcome.TenantErased erased -> erased.users().stream().allMatch(DirectoryMaterializer::complete)
                    && erased.groups().stream().allMatch(DirectoryMaterializer::complete);
            case Outcome.Unchanged unchanged -> true;
            case Outcome.Rejected rejected -> true;
        };
    }

    /** Whether a user change has everything its row needs. */
    private static boolean complete(UserChangeEvent change) {
        return change != null && change.user() != null && change.type() != null
                && change.user().attributes() != null && change.user().created() != null
                && change.user().lastModified() != null && change.user().source() != null;
    }

    /** Whether a group change has everything its rows need. */
    private static boolean complete(GroupChangeEvent change) {
        return change != null && change.type() != null && change.tenant() != null && change.groupId() != null
                && change.members() != null && change.members().stream().allMatch(Objects::nonNull)
                && (change.type() == GroupChangeType.GROUP_DELETED || change.group() != null
                        && change.group().displayName() != null && change.group().source() != null
                        && change.group().created() != null && change.group().lastModified() != null);
    }

    /** Writes and notifies the decisions in one transaction, each in a span continuing its command's trace. */
    private void write(List<Read> decisions) {
        List<Span> spans = new ArrayList<>(decisions.size()); // one per decision, null without a tracer
        for (Read read : decisions) {
            spans.add(tracing.start("write directory", read.record().headers()));
        }
        try {
            writeInOneTransaction(decisions);
            for (int i = 0; i < decisions.size(); i++) {
                Decision decision = decisions.get(i).decision();
                writePath.written(decisions.get(i).record().timestamp());
                if (log.isDebugEnabled()) {
                    tracing.within(spans.get(i), decision.tenant(), () -> log.debug("{} written: {}",
                            decision.requestId(), decision.outcome().getClass().getSimpleName()));
                }
            }
        } catch (RuntimeException e) {
            spans.stream().filter(Objects::nonNull).forEach(span -> span.error(e));
            throw e;
        } finally {
            spans.stream().filter(Objects::nonNull).forEach(Span::end);
        }
    }

    private void writeInOneTransaction(List<Read> decisions) {
        List<Decision> noticed = new ArrayList<>(decisions.size());
        List<Outcome> outcomes = new ArrayList<>(decisions.size());
        for (Read read : decisions) {
            noticed.add(read.decision());
            outcomes.add(read.decision().outcome());
        }
        transaction.executeWithoutResult(status -> {
            directory.write(outcomes);
            notifier.notifyOf(noticed);
        });
    }

    /** Sets the decision aside, then tells its waiting request, if any, that the change was not stored. */
    private void setAside(Read read, RuntimeException failure, String refusal) {
        Decision decision = read.decision();
        deadLetters.setAside(read.record(), decision.requestId(), failure.getClass(), refusal);
        Decision refused = new Decision(decision.requestId(), decision.tenant(),
                decision.outcome() instanceof Outcome.GroupApplied ? GROUP_SET_ASIDE : SET_ASIDE);
        transaction.executeWithoutResult(status -> notifier.notifyOf(List.of(refused)));
    }

    /**
     * An outage in a line, for the log and readiness: the exception and the first line of its message, which for a
     * connection failure names the host; further lines (a failed statement with its values) are left out.
     */
    private static String brief(Exception e) {
        String message = String.valueOf(e.getMessage()).lines().findFirst().orElse("");
        return e.getClass().getSimpleName() + ": " + (message.length() > 200 ? message.substring(0, 200) + "…" : message);
    }

    private long lag() {
        long lag = 0;
        for (TopicPartition partition : consumer.assignment()) {
            lag += consumer.currentLag(partition).orElse(0);
        }
        return lag;
    }

    /** Reads the batch again at the next poll; a partition taken away meanwhile (a failed commit) is left alone. */
    private void rewind(ConsumerRecords<byte[], byte[]> batch) {
        Set<TopicPartition> assigned = consumer.assignment();
        for (TopicPartition partition : batch.partitions()) {
            if (assigned.contains(partition)) {
                consumer.seek(partition, batch.records(partition).getFirst().offset());
            }
        }
    }

    /** How the materializer is doing, for readiness and metrics. */
    public MaterializerHealth health() {
        Thread worker = this.worker;
        return worker != null && !worker.isAlive() ? health.died() : health;
    }

    @Override
    public void stop() {
        Thread worker = this.worker;
        if (worker != null) {
            stopping.countDown(); // ends a back-off
            consumer.wakeup(); // ends a poll or a commit
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

    /** A record and the decision read from it. */
    private record Read(ConsumerRecord<byte[], byte[]> record, Decision decision) {
    }
}
