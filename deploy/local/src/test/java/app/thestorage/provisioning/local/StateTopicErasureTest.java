package app.thestorage.provisioning.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import app.thestorage.provisioning.contract.Topics;
import app.thestorage.provisioning.ingest.tenant.TenantTokens;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * A deleted user's personal data leaves the public state topic within the erasure bound: compaction removes every
 * value under the user's key, and later the tombstone itself. The bound is 7 seconds here instead of a week (the state
 * topics are declared with it before the pipeline starts, which then leaves them as they are), on a broker whose log
 * cleaner and retention checks run every fraction of a second instead of every 15 seconds and 5 minutes.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class StateTopicErasureTest {

    private static final Duration ERASURE_BOUND = Duration.ofSeconds(7);
    private static final int PARTITIONS = 3;

    @TempDir
    static Path work;

    private KafkaClusterTestKit kafka;
    private LocalPipeline pipeline;
    private ScimSession okta;

    @BeforeAll
    void start() throws Exception {
        kafka = new KafkaClusterTestKit.Builder(new TestKitNodes.Builder()
                .setCombined(true)
                .setNumBrokerNodes(1)
                .setNumControllerNodes(1)
                .build())
                .setConfigProp("transaction.state.log.replication.factor", "1")
                .setConfigProp("transaction.state.log.min.isr", "1")
                .setConfigProp("offsets.topic.replication.factor", "1")
                .setConfigProp("group.initial.rebalance.delay.ms", "0")
                .setConfigProp("log.cleaner.backoff.ms", "200")
                .setConfigProp("log.cleaner.min.cleanable.ratio", "0.01")
                .setConfigProp("log.retention.check.interval.ms", "500")
                .setConfigProp("log.initial.task.delay.ms", "0")
                .build();
        kafka.format();
        kafka.startup();
        kafka.waitForReadyBrokers();
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()))) {
            admin.createTopics(Topics.stateTopics().stream()
                    .map(topic -> new NewTopic(topic, PARTITIONS, (short) 1)
                            .configs(Topics.configs(topic, (short) 1, ERASURE_BOUND)))
                    .toList()).all().get();
        }
        pipeline = LocalPipeline.start(new PipelineSettings(kafka.bootstrapServers(), null, 0, 0, 0, "demo", work,
                Duration.ofSeconds(10), TenantTokens.generate(), Map.of(), PipelineSettings.newSecretKey(), Map.of(),
                context -> { }, Map.of("provisioning.topics.erasure-bound", ERASURE_BOUND.toSeconds() + "s")));
        okta = new ScimSession(pipeline.scimBaseUrl(), pipeline.tenantToken(), "Okta SCIM Client 1.0.0");
    }

    @AfterAll
    void stop() throws Exception {
        try {
            if (pipeline != null) {
                pipeline.close();
            }
        } finally {
            if (kafka != null) {
                kafka.close();
            }
        }
    }

    @Test
    void a_deleted_users_values_are_compacted_away_and_then_its_tombstone() {
        String run = UUID.randomUUID().toString();
        String personal = "Hopper-" + run;
        String id = created(okta.post("/Users", """
                {"userName":"grace.%s@acme.example","name":{"givenName":"Grace","familyName":"%s"},
                 "emails":[{"value":"grace.%s@acme.example","type":"work","primary":true}]}
                """.formatted(run, personal, run)));
        assertThat(okta.patch("/Users/" + id,
                "{\"schemas\":[\"urn:ietf:params:scim:api:messages:2.0:PatchOp\"],\"Operations\":[{\"op\":\"replace\",\"path\":\"title\",\"value\":\"Rear Admiral\"}]}").status())
                .isEqualTo(200);
        String key = Topics.userKey("demo", id);
        assertThat(valuesOf(key, usersState())).hasSize(2).allSatisfy(value -> assertThat(value).contains(personal));

        assertThat(okta.delete("/Users/" + id).status()).isEqualTo(204);
        Instant deleted = Instant.now();
        assertThat(usersState()).filteredOn(record -> record.key().equals(key)).last()
                .satisfies(tombstone -> assertThat(tombstone.value()).isNull());

        // A partition's open segment is closed by the next record written to it a segment.ms (1 s here) after its
        // first one, and only closed segments are compacted: other users keep being created, as they would be.
        List<String> others = new ArrayList<>();
        await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(500)).until(() -> {
            others.add(created(okta.post("/Users", "{\"userName\":\"other.%d.%s@acme.example\"}"
                    .formatted(others.size(), run))));
            List<ConsumerRecord<String, byte[]>> records = usersState();
            return valuesOf(key, records).isEmpty()
                    && records.stream().noneMatch(record -> text(record.value()).contains(personal));
        });
        Duration valuesGone = Duration.between(deleted, Instant.now());

        await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(500)).until(() -> {
            others.add(created(okta.post("/Users", "{\"userName\":\"other.%d.%s@acme.example\"}"
                    .formatted(others.size(), run))));
            return usersState().stream().noneMatch(record -> record.key().equals(key));
        });
        Duration tombstoneGone = Duration.between(deleted, Instant.now());
        System.out.printf("Erasure bound %s: the deleted user's values were gone after %s, its tombstone after %s, "
                + "%d other users created meanwhile%n", ERASURE_BOUND, valuesGone, tombstoneGone, others.size());

        // the others are still there: compaction removed only what was superseded
        assertThat(usersState().stream().map(ConsumerRecord::key).distinct())
                .containsAll(others.stream().map(other -> Topics.userKey("demo", other)).toList());
    }

    private static String created(ScimSession.Response response) {
        assertThat(response.status()).isEqualTo(201);
        return response.id();
    }

    private static List<String> valuesOf(String key, List<ConsumerRecord<String, byte[]>> records) {
        return records.stream()
                .filter(record -> record.key().equals(key) && record.value() != null)
                .map(record -> text(record.value()))
                .toList();
    }

    private static String text(byte[] value) {
        return value == null ? "" : new String(value, StandardCharsets.UTF_8);
    }

    /** Every committed record of users.state.v1, read from the beginning to the end it had when reading began. */
    private List<ConsumerRecord<String, byte[]>> usersState() {
        Map<String, Object> config = Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        List<ConsumerRecord<String, byte[]>> records = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer =
                     new KafkaConsumer<>(config, new StringDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(Topics.USER_STATE).stream()
                    .map(info -> new TopicPartition(info.topic(), info.partition()))
                    .toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
            while (ends.entrySet().stream().anyMatch(end -> consumer.position(end.getKey()) < end.getValue())) {
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
            }
        }
        return records;
    }
}
