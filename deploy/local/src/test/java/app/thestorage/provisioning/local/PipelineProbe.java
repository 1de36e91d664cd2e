package app.thestorage.provisioning.local;

import app.thestorage.provisioning.contract.Topics;
import app.thestorage.provisioning.contract.event.UserChangeEvent;
import app.thestorage.provisioning.contract.event.UserPhotoEvent;
import app.thestorage.provisioning.contract.group.GroupChangeEvent;
import app.thestorage.provisioning.contract.serde.Serdes;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.springframework.test.web.reactive.server.EntityExchangeResult;
import org.springframework.test.web.reactive.server.WebTestClient;

/** What a downstream service or an operator sees of the pipeline: the public topics and the directory table. */
final class PipelineProbe {

    private final LocalPipeline pipeline;

    PipelineProbe(LocalPipeline pipeline) {
        this.pipeline = pipeline;
    }

    /**
     * Reads the committed user-change events from the start until {@code enough} holds or the deadline
     * passes, and then for one more second.
     */
    List<ConsumerRecord<String, UserChangeEvent>> userChanges(Predicate<List<ConsumerRecord<String, UserChangeEvent>>> enough,
                                                              Duration deadline) {
        return read(Topics.USER_CHANGES, Serdes.userChanges().deserializer(), enough, deadline);
    }

    /** The same, for the public group-change topic. */
    List<ConsumerRecord<String, GroupChangeEvent>> groupChanges(
            Predicate<List<ConsumerRecord<String, GroupChangeEvent>>> enough, Duration deadline) {
        return read(Topics.GROUP_CHANGES, Serdes.groupChanges().deserializer(), enough, deadline);
    }

    /** The same, for the public photo topic. */
    List<ConsumerRecord<String, UserPhotoEvent>> userPhotos(Predicate<List<ConsumerRecord<String, UserPhotoEvent>>> enough,
                                                            Duration deadline) {
        return read(Topics.USER_PHOTOS, Serdes.userPhotos().deserializer(), enough, deadline);
    }

    /**
     * The latest record of each key on a public topic, as a compacted state topic leaves it for a consumer reading from
     * the start: the JSON value, or null for a tombstone. Reads until {@code enough} holds or the deadline passes.
     */
    Map<String, String> latestByKey(String topic, Predicate<Map<String, String>> enough, Duration deadline) {
        Map<String, String> latest = new java.util.HashMap<>();
        read(topic, new StringDeserializer(), seen -> {
            latest.clear();
            seen.forEach(record -> latest.put(record.key(), record.value()));
            return enough.test(latest);
        }, deadline).forEach(record -> latest.put(record.key(), record.value()));
        return latest;
    }

    /** Every committed record of a topic from its beginning, until {@code enough} holds or the deadline passes, then 1 s more. */
    <T> List<ConsumerRecord<String, T>> read(String topic, Deserializer<T> values,
                                                     Predicate<List<ConsumerRecord<String, T>>> enough, Duration deadline) {
        Map<String, Object> config = Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, pipeline.bootstrapServers(),
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        List<ConsumerRecord<String, T>> seen = new ArrayList<>();
        try (KafkaConsumer<String, T> consumer = new KafkaConsumer<>(config, new StringDeserializer(), values)) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(info -> new TopicPartition(info.topic(), info.partition()))
                    .toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Instant end = Instant.now().plus(deadline);
            while (!enough.test(seen) && Instant.now().isBefore(end)) {
                consumer.poll(Duration.ofMillis(200)).forEach(seen::add);
            }
            // one more look, so that a duplicate right behind the expected events is seen too
            consumer.poll(Duration.ofSeconds(1)).forEach(seen::add);
        }
        return seen;
    }

    /** Writes a record as another producer would, bypassing ingest-api: how a poison reaches a topic. */
    void publish(String topic, String key, byte[] value) {
        Map<String, Object> config = Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, pipeline.bootstrapServers());
        try (KafkaProducer<byte[], byte[]> producer =
                     new KafkaProducer<>(config, new ByteArraySerializer(), new ByteArraySerializer())) {
            producer.send(new ProducerRecord<>(topic, key.getBytes(StandardCharsets.UTF_8), value)).get();
        } catch (InterruptedException | ExecutionException e) {
            throw new IllegalStateException("Could not publish on " + topic, e);
        }
    }

    /** A service's readiness: the status code, a space, and the body (which names what is down). */
    static String readiness(String serviceBaseUrl) {
        EntityExchangeResult<byte[]> result = WebTestClient.bindToServer().baseUrl(serviceBaseUrl)
                .responseTimeout(Duration.ofSeconds(30)).build()
                .get().uri("/actuator/health/readiness")
                .exchange().expectBody().returnResult();
        byte[] body = result.getResponseBody();
        return result.getStatus().value() + " " + (body == null ? "" : new String(body, StandardCharsets.UTF_8));
    }

    /** The directory row of a user, as columns, or null when there is none. */
    Map<String, Object> directoryRow(String tenant, String userId) throws SQLException {
        return directoryLookup("user_name, active, version, source", tenant, userId,
                row -> Map.of("user_name", row.getString(1), "active", row.getBoolean(2), "version", row.getLong(3),
                        "source", row.getString(4)));
    }

    /** The user as the directory holds it (the JSON of the last change), or null when there is none. */
    String directoryUser(String tenant, String userId) throws SQLException {
        return directoryLookup("resource::text", tenant, userId, row -> row.getString(1));
    }

    private interface RowReader<T> {
        T read(ResultSet row) throws SQLException;
    }

    /** The given columns of a user's directory row, read by {@code reader}; null when the user has no row. */
    private <T> T directoryLookup(String columns, String tenant, String userId, RowReader<T> reader)
            throws SQLException {
        try (Connection connection = connect();
             PreparedStatement query = connection.prepareStatement(
                     "SELECT " + columns + " FROM directory.users WHERE tenant = ? AND id = ?")) {
            query.setString(1, tenant);
            query.setString(2, userId);
            try (ResultSet row = query.executeQuery()) {
                return row.next() ? reader.read(row) : null;
            }
        }
    }

    long directoryCount(String tenant) throws SQLException {
        try (Connection connection = connect();
             PreparedStatement query = connection.prepareStatement("SELECT count(*) FROM directory.users WHERE tenant = ?")) {
            query.setString(1, tenant);
            try (ResultSet row = query.executeQuery()) {
                row.next();
                return row.getLong(1);
            }
        }
    }

    /** Every row of a table, as text: what an attacker with a database dump would see. */
    List<String> rowsAsText(String table) throws SQLException {
        List<String> rows = new ArrayList<>();
        try (Connection connection = connect();
             PreparedStatement query = connection.prepareStatement("SELECT t::text FROM " + table + " t");
             ResultSet row = query.executeQuery()) {
            while (row.next()) {
                rows.add(row.getString(1));
            }
        }
        return rows;
    }

    /** Runs a statement as an operator at a psql prompt would; the first value it returns, as text, if any. */
    String asOperator(String sql) throws SQLException {
        try (Connection connection = connect(); Statement statement = connection.createStatement()) {
            if (!statement.execute(sql)) {
                return null;
            }
            try (ResultSet row = statement.getResultSet()) {
                return row.next() ? row.getString(1) : null;
            }
        }
    }

    private Connection connect() throws SQLException {
        PipelineSettings.Database database = pipeline.database();
        return DriverManager.getConnection(database.jdbcUrl(), database.user(), database.password());
    }
}
