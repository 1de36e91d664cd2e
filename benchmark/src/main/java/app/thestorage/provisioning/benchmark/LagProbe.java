package app.thestorage.provisioning.benchmark;

import app.thestorage.provisioning.contract.Topics;
import app.thestorage.provisioning.directory.DirectoryTables.Users;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * The end-to-end lag, measured while the benchmark's create load runs: every {@code interval} it creates a
 * user of the loaded tenant, and from the 2xx measures how long until the user's row is in the directory
 * (PostgreSQL) and its event has reached a consumer of the public user-change topic (read_committed, as a
 * downstream service reads it). Something already there when the 2xx arrives has a lag of 0.
 *
 * <p>Arguments: scimBaseUrl token kafkaBootstrap jdbcUrl dbUser dbPassword seconds intervalMs. Prints one
 * {@code LAG ...} line, then the {@code WRITE_PATH ...} line of a {@link WritePathProbe} that watched meanwhile.
 */
public final class LagProbe {

    private static final Pattern ID = Pattern.compile("\"id\"\\s*:\\s*\"([^\"]+)\"");
    private static final Duration PATIENCE = Duration.ofSeconds(30);

    private final Map<String, Long> eventArrivals = new ConcurrentHashMap<>();
    private volatile boolean running = true;

    public static void main(String[] args) throws Exception {
        String scimBaseUrl = args[0];
        String token = args[1];
        String bootstrap = args[2];
        String jdbcUrl = args[3];
        String dbUser = args[4];
        String dbPassword = args.length > 5 ? args[5] : "";
        Duration duration = Duration.ofSeconds(Long.parseLong(args.length > 6 ? args[6] : "20"));
        Duration interval = Duration.ofMillis(Long.parseLong(args.length > 7 ? args[7] : "50"));
        new LagProbe().run(scimBaseUrl, token, bootstrap, jdbcUrl, dbUser, dbPassword, duration, interval);
    }

    private void run(String scimBaseUrl, String token, String bootstrap, String jdbcUrl, String dbUser,
                     String dbPassword, Duration duration, Duration interval) throws Exception {
        String tenant = tenantOf(scimBaseUrl);
        CountDownLatch listening = new CountDownLatch(1);
        Thread listener = Thread.ofPlatform().name("user-change-listener")
                .start(() -> listen(bootstrap, tenant, listening));
        List<Long> rowLags = new ArrayList<>();
        List<Long> eventLags = new ArrayList<>();
        int visibleAtFirstRead = 0;
        int failures = 0;
        String stages;
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        try (Connection db = DriverManager.getConnection(jdbcUrl, dbUser, dbPassword);
             Connection outcomes = DriverManager.getConnection(jdbcUrl, dbUser, dbPassword);
             PreparedStatement row = db.prepareStatement(
                     "SELECT 1 FROM %s WHERE %s = ? AND %s = ?".formatted(Users.TABLE, Users.TENANT, Users.ID))) {
            listening.await(); // at the topic's end before the first create
            WritePathProbe writePath = new WritePathProbe(bootstrap, outcomes);
            long end = System.nanoTime() + duration.toNanos();
            for (int n = 1; System.nanoTime() < end; n++) {
                long next = System.nanoTime() + interval.toNanos();
                String userName = "lag-" + ProcessHandle.current().pid() + "-" + n + "@example.com";
                HttpResponse<String> created = http.send(HttpRequest.newBuilder(URI.create(scimBaseUrl + "/Users"))
                        .header("Authorization", "Bearer " + token)
                        .header("Content-Type", "application/scim+json")
                        .POST(HttpRequest.BodyPublishers.ofString("""
                                {"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],"userName":"%s","active":true}"""
                                .formatted(userName)))
                        .build(), HttpResponse.BodyHandlers.ofString());
                long answered = System.nanoTime();
                Matcher id = ID.matcher(created.body());
                if (created.statusCode() != 201 || !id.find()) {
                    failures++;
                    continue;
                }
                row.setString(1, tenant);
                row.setString(2, id.group(1));
                int reads = 0;
                long rowSeen;
                do {
                    reads++;
                    rowSeen = System.nanoTime();
                } while (!exists(row) && pause(answered));
                visibleAtFirstRead += reads == 1 ? 1 : 0;
                rowLags.add(reads == 1 ? 0 : rowSeen - answered);
                String key = Topics.userKey(tenant, id.group(1));
                while (!eventArrivals.containsKey(key) && pause(answered)) {
                    // waiting for the event
                }
                Long arrival = eventArrivals.remove(key);
                if (arrival == null) {
                    failures++;
                } else {
                    eventLags.add(Math.max(0, arrival - answered));
                }
                Thread.sleep(Math.max(0, (next - System.nanoTime()) / 1_000_000));
            }
            stages = writePath.stopAndReport(); // while its connection is open
        } finally {
            running = false;
            listener.join(Duration.ofSeconds(5));
        }
        System.out.printf("LAG samples=%d failures=%d row_visible_at_first_read=%d row_p50=%.2f row_p99=%.2f row_max=%.2f "
                        + "event_p50=%.2f event_p99=%.2f event_max=%.2f%n", rowLags.size(), failures, visibleAtFirstRead,
                millis(rowLags, 50), millis(rowLags, 99), millis(rowLags, 100),
                millis(eventLags, 50), millis(eventLags, 99), millis(eventLags, 100));
        System.out.println(stages);
    }

    /** Notes when each event of the tenant arrives; forgets arrivals older than a minute (the load's users). */
    private void listen(String bootstrap, String tenant, CountDownLatch listening) {
        Map<String, Object> config = Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        try (KafkaConsumer<String, byte[]> consumer =
                     new KafkaConsumer<>(config, new StringDeserializer(), new ByteArrayDeserializer())) {
            atEnd(consumer, List.of(Topics.USER_CHANGES));
            listening.countDown();
            String prefix = Topics.userKey(tenant, "");
            long forgetAt = System.nanoTime();
            while (running) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(100))) {
                    if (record.key() != null && record.key().startsWith(prefix)) {
                        eventArrivals.putIfAbsent(record.key(), System.nanoTime());
                    }
                }
                long now = System.nanoTime();
                if (now - forgetAt > Duration.ofSeconds(10).toNanos()) {
                    eventArrivals.values().removeIf(arrival -> now - arrival > Duration.ofMinutes(1).toNanos());
                    forgetAt = now;
                }
            }
        }
    }

    /** Assigns the consumer every partition of the topics, at their end: it reads what comes from now on. */
    static void atEnd(KafkaConsumer<?, ?> consumer, List<String> topics) {
        List<TopicPartition> partitions = new ArrayList<>();
        for (String topic : topics) {
            consumer.partitionsFor(topic).forEach(info -> partitions.add(new TopicPartition(topic, info.partition())));
        }
        consumer.assign(partitions);
        consumer.seekToEnd(partitions);
        partitions.forEach(consumer::position);
    }

    private static boolean exists(PreparedStatement row) throws SQLException {
        try (ResultSet result = row.executeQuery()) {
            return result.next();
        }
    }

    /** Waits a little; false once the patience since the answer is spent. */
    private static boolean pause(long answered) {
        try {
            Thread.sleep(0, 200_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
        return System.nanoTime() - answered < PATIENCE.toNanos();
    }

    private static String tenantOf(String scimBaseUrl) {
        Matcher tenant = Pattern.compile("/api/([^/]+)/scim/v2/?$").matcher(scimBaseUrl);
        if (!tenant.find()) {
            throw new IllegalArgumentException("Not a tenant's SCIM base URL: " + scimBaseUrl);
        }
        return tenant.group(1);
    }

    static double millis(List<Long> nanos, int percentile) {
        if (nanos.isEmpty()) {
            return Double.NaN;
        }
        List<Long> sorted = new ArrayList<>(nanos);
        Collections.sort(sorted);
        int index = (int) Math.ceil(percentile / 100.0 * sorted.size()) - 1;
        return sorted.get(Math.max(0, index)) / 1e6;
    }
}
