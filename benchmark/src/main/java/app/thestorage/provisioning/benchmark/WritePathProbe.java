package app.thestorage.provisioning.benchmark;

import app.thestorage.provisioning.contract.Topics;
import app.thestorage.provisioning.contract.serde.DecisionNotice;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;

/**
 * Where a write's time goes between ingest-api and its answer: for every command sent while it watches, how
 * long after ingest-api sent it (the record's CreateTime) the command could be read, the projector's decision
 * could be read (before and after the projector's transaction commits), and the outcome was heard, as ingest-api
 * hears it (a PostgreSQL notification sent as the directory transaction commits). Its own consumers and its own
 * listening connection see each stage as soon as it happens, so every stage includes one hop of its own; the
 * times compare clocks, so they are meaningful where the probe runs on the services' machine.
 */
final class WritePathProbe {

    private static final Pattern REQUEST_ID = Pattern.compile("\"requestId\"\\s*:\\s*\"([^\"]+)\"");

    /** The stages of a write, in order; each is reported as {@code <name>_p50} and {@code <name>_p99}. */
    private enum Stage {
        COMMAND_READABLE, DECISION_READABLE_UNCOMMITTED, DECISION_READABLE_COMMITTED, OUTCOME_HEARD;

        String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** Per request id: when ingest-api sent the command (epoch ms), then each stage (epoch ms, fractional). */
    private final Map<String, double[]> writes = new ConcurrentHashMap<>();
    private final long nanoOrigin = System.nanoTime();
    private final long milliOrigin = System.currentTimeMillis();
    private final List<Thread> watchers = new ArrayList<>();
    private volatile boolean running = true;

    /** Starts watching; returns once both watchers are at their topics' end and the outcomes are listened to. */
    WritePathProbe(String bootstrap, Connection outcomes) throws InterruptedException, SQLException {
        DecisionNotice.requestIdOf(""); // loads the contract's JSON mapper now: a second or more on a busy machine
        try (Statement listen = outcomes.createStatement()) {
            listen.execute("LISTEN " + DecisionNotice.CHANNEL);
        }
        CountDownLatch ready = new CountDownLatch(2);
        watchers.add(watch(bootstrap, List.of(Topics.COMMANDS, Topics.DECISIONS), "read_uncommitted", ready));
        watchers.add(watch(bootstrap, List.of(Topics.DECISIONS), "read_committed", ready));
        watchers.add(listen(outcomes.unwrap(PGConnection.class)));
        ready.await();
    }

    /** Stops watching and says, for the writes seen from command to outcome, the p50 and p99 of each stage. */
    String stopAndReport() throws InterruptedException {
        running = false;
        for (Thread watcher : watchers) {
            watcher.join(Duration.ofSeconds(5));
        }
        List<double[]> complete = writes.values().stream()
                .filter(write -> write[0] > 0 && write[Stage.OUTCOME_HEARD.ordinal() + 1] > 0)
                .toList();
        StringBuilder report = new StringBuilder("WRITE_PATH writes=").append(complete.size());
        for (Stage stage : Stage.values()) {
            List<Long> after = new ArrayList<>();
            for (double[] write : complete) {
                double at = write[stage.ordinal() + 1];
                if (at > 0) {
                    after.add(Math.round((at - write[0]) * 1e6));
                }
            }
            report.append(String.format(" %s_p50=%.1f %s_p99=%.1f", stage.label(), LagProbe.millis(after, 50),
                    stage.label(), LagProbe.millis(after, 99)));
        }
        return report.toString();
    }

    private Thread watch(String bootstrap, List<String> topics, String isolation, CountDownLatch ready) {
        boolean committed = isolation.equals("read_committed");
        return Thread.ofPlatform().name("write-path-" + isolation).daemon(true).start(() -> {
            Map<String, Object> config = Map.of(
                    ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                    ConsumerConfig.ISOLATION_LEVEL_CONFIG, isolation,
                    ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
            try (KafkaConsumer<String, byte[]> consumer =
                         new KafkaConsumer<>(config, new StringDeserializer(), new ByteArrayDeserializer())) {
                LagProbe.atEnd(consumer, topics);
                ready.countDown();
                while (running) {
                    for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(100))) {
                        note(record, now(), committed);
                    }
                }
            }
        });
    }

    private Thread listen(PGConnection outcomes) {
        return Thread.ofPlatform().name("write-path-outcomes").daemon(true).start(() -> {
            try {
                while (running) {
                    for (PGNotification notice : outcomes.getNotifications(100)) {
                        String requestId = DecisionNotice.requestIdOf(notice.getParameter());
                        if (requestId != null) {
                            writeOf(requestId)[Stage.OUTCOME_HEARD.ordinal() + 1] = now();
                        }
                    }
                }
            } catch (SQLException e) {
                throw new IllegalStateException("The write path probe stopped hearing outcomes", e);
            }
        });
    }

    private void note(ConsumerRecord<String, byte[]> record, double now, boolean committed) {
        String requestId = requestIdOf(record.value());
        if (requestId == null) {
            return;
        }
        double[] write = writeOf(requestId);
        if (committed) {
            write[Stage.DECISION_READABLE_COMMITTED.ordinal() + 1] = now;
        } else if (record.topic().equals(Topics.COMMANDS)) {
            write[0] = record.timestamp();
            write[Stage.COMMAND_READABLE.ordinal() + 1] = now;
        } else {
            write[Stage.DECISION_READABLE_UNCOMMITTED.ordinal() + 1] = now;
        }
    }

    private double[] writeOf(String requestId) {
        return writes.computeIfAbsent(requestId, id -> new double[Stage.values().length + 1]);
    }

    private double now() {
        return milliOrigin + (System.nanoTime() - nanoOrigin) / 1e6;
    }

    private static String requestIdOf(byte[] value) {
        if (value == null) {
            return null;
        }
        Matcher requestId = REQUEST_ID.matcher(new String(value, StandardCharsets.UTF_8));
        return requestId.find() ? requestId.group(1) : null;
    }
}
