package app.thestorage.provisioning.local;

import static app.thestorage.provisioning.local.PipelineProbe.readiness;
import static org.assertj.core.api.Assertions.assertThat;

import app.thestorage.provisioning.contract.Topics;
import app.thestorage.provisioning.contract.command.CreateUser;
import app.thestorage.provisioning.contract.command.Decision;
import app.thestorage.provisioning.contract.command.Outcome;
import app.thestorage.provisioning.contract.serde.DecisionNotice;
import app.thestorage.provisioning.contract.command.Rejection;
import app.thestorage.provisioning.contract.event.UserChangeEvent;
import app.thestorage.provisioning.contract.event.UserChangeType;
import app.thestorage.provisioning.contract.serde.Serdes;
import app.thestorage.provisioning.contract.user.IdentityProvider;
import app.thestorage.provisioning.contract.user.User;
import app.thestorage.provisioning.contract.user.UserAttributes;
import app.thestorage.provisioning.local.ScimSession.Response;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * A record that can never be applied, written onto the pipeline's topics by some other producer, is set aside on a
 * dead-letter topic, and every tenant (its own included) goes on provisioning: nothing is retried forever.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PoisonRecordTest {

    private static final Duration PATIENCE = Duration.ofSeconds(30);

    @TempDir
    static Path work;

    private LocalPipeline pipeline;
    private PipelineProbe probe;
    private ScimSession demo;
    private ScimSession other;

    @BeforeAll
    void start() {
        pipeline = LocalPipeline.start(PipelineSettings.embedded(work));
        probe = new PipelineProbe(pipeline);
        demo = new ScimSession(pipeline.scimBaseUrl(), pipeline.tenantToken(), "Okta SCIM Client 1.0.0");
        other = new ScimSession(pipeline.scimBaseUrl().replace("/api/demo/", "/api/other/"),
                pipeline.issueToken("other"), "Okta SCIM Client 1.0.0");
    }

    @AfterAll
    void stop() {
        if (pipeline != null) {
            pipeline.close();
        }
    }

    @Test
    void a_decision_postgresql_refuses_is_set_aside_its_request_is_answered_and_every_tenant_goes_on() throws Exception {
        String requestId = "poison-" + UUID.randomUUID();
        String userId = UUID.randomUUID().toString();
        long deadBefore = count(Topics.DECISIONS_DEAD_LETTER);
        List<String> heard = new ArrayList<>();

        try (Connection listener = connect()) {
            try (Statement listen = listener.createStatement()) {
                listen.execute("LISTEN " + DecisionNotice.CHANNEL);
            }
            // a change the projector would never publish: a userName with U+0000, which PostgreSQL cannot store
            probe.publish(Topics.DECISIONS, "demo", Serdes.decisions().serialize(Topics.DECISIONS,
                    new Decision(requestId, "demo", new Outcome.Applied(UserChangeEvent.of(UserChangeType.USER_CREATED,
                            user(userId, "nul\u0000byte@acme.example"), Instant.now())))));
            probe.publish(Topics.DECISIONS, "demo", "not a decision".getBytes(StandardCharsets.UTF_8));

            assertThat(createIn(demo).status()).isEqualTo(201);
            assertThat(createIn(other).status()).isEqualTo(201);

            Instant deadline = Instant.now().plus(PATIENCE);
            while (heard.stream().noneMatch(payload -> payload.startsWith(requestId + "\n"))
                    && Instant.now().isBefore(deadline)) {
                PGNotification[] notifications = listener.unwrap(PGConnection.class).getNotifications(500);
                for (PGNotification notification : notifications == null ? new PGNotification[0] : notifications) {
                    heard.add(notification.getParameter());
                }
            }
        }

        Decision answered = heard.stream().filter(payload -> payload.startsWith(requestId + "\n"))
                .map(DecisionNotice::parse).findFirst().orElseThrow().decision();
        assertThat(answered.outcome()).isInstanceOfSatisfying(Outcome.Rejected.class,
                rejected -> assertThat(rejected.reason()).isEqualTo(Rejection.NOT_STORED));
        assertThat(probe.directoryRow("demo", userId)).isNull();
        assertThat(count(Topics.DECISIONS_DEAD_LETTER)).isEqualTo(deadBefore + 2);
        List<ConsumerRecord<byte[], byte[]>> letters = read(Topics.DECISIONS_DEAD_LETTER);
        assertThat(letters).anySatisfy(letter -> {
            assertThat(new String(letter.key(), StandardCharsets.UTF_8)).isEqualTo("demo");
            assertThat(new String(letter.headers().lastHeader("__streams.errors.message").value(), StandardCharsets.UTF_8))
                    .startsWith("SQLSTATE 22");
        });
        assertThat(readiness(pipeline.projectorBaseUrl())).startsWith("200");
    }

    @Test
    void a_command_that_cannot_be_read_is_set_aside_and_one_beyond_the_limits_is_rejected_without_a_change() {
        long deadBefore = count(Topics.COMMANDS_DEAD_LETTER);
        long changesBefore = count(Topics.USER_CHANGES);
        String userId = UUID.randomUUID().toString();

        probe.publish(Topics.COMMANDS, "demo", "{\"command\":\"NoSuchCommand\"".getBytes(StandardCharsets.UTF_8));
        probe.publish(Topics.COMMANDS, "demo", Serdes.commands().serialize(Topics.COMMANDS, new CreateUser("raw-" + userId,
                "demo", IdentityProvider.OTHER_SCIM_CLIENT, Instant.now(), userId,
                new UserAttributes("nul\u0000byte@acme.example", null, null, null, null, null, true, null))));
        probe.publish(Topics.COMMANDS, "demo", Serdes.commands().serialize(Topics.COMMANDS, new CreateUser("raw-null-" + userId,
                "demo", IdentityProvider.OTHER_SCIM_CLIENT, Instant.now(), userId, null)));

        Response created = createIn(demo);
        assertThat(created.status()).isEqualTo(201);
        assertThat(createIn(other).status()).isEqualTo(201);
        assertThat(count(Topics.COMMANDS_DEAD_LETTER)).isEqualTo(deadBefore + 1);
        assertThat(WebTestClient.bindToServer().baseUrl(pipeline.projectorBaseUrl()).build().get()
                .uri("/actuator/metrics/provisioning.dead.letters?tag=stage:projector").exchange()
                .expectStatus().isOk().expectBody().jsonPath("$.measurements[0].value").value(value ->
                        assertThat(((Number) value).doubleValue()).isGreaterThanOrEqualTo(1)));
        // the two creates just answered are the only new changes: nothing of the raw commands was published
        assertThat(count(Topics.USER_CHANGES)).isEqualTo(changesBefore + 2);
        assertThat(read(Topics.DECISIONS))
                .filteredOn(record -> new String(record.value(), StandardCharsets.UTF_8).contains("\"raw-"))
                .map(record -> Serdes.decisions().deserialize(Topics.DECISIONS, record.value()).outcome())
                .containsExactly(
                        new Outcome.Rejected(Rejection.INVALID_VALUE,
                                "userName contains the control character U+0000, which TheStorage cannot store."),
                        new Outcome.Rejected(Rejection.INVALID_VALUE, "userName is required."));
        assertThat(readiness(pipeline.projectorBaseUrl())).startsWith("200");
    }

    private Response createIn(ScimSession tenant) {
        return tenant.post("/Users", "{\"userName\":\"after-poison." + UUID.randomUUID() + "@acme.example\"}");
    }

    private static User user(String id, String userName) {
        return new User("demo", id, new UserAttributes(userName, null, null, null, null, null, true, null),
                IdentityProvider.OTHER_SCIM_CLIENT, Instant.now(), Instant.now(), 1);
    }

    /** Committed records of a topic. */
    private long count(String topic) {
        return read(topic).size();
    }

    private List<ConsumerRecord<byte[], byte[]>> read(String topic) {
        List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer = consumer()) {
            List<TopicPartition> partitions = partitions(consumer, topic);
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            Instant deadline = Instant.now().plus(PATIENCE);
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p)) && Instant.now().isBefore(deadline)) {
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
            }
        }
        return records;
    }

    private KafkaConsumer<byte[], byte[]> consumer() {
        return new KafkaConsumer<>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, pipeline.bootstrapServers(),
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"),
                new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }

    private static List<TopicPartition> partitions(KafkaConsumer<?, ?> consumer, String topic) {
        return consumer.partitionsFor(topic).stream().map(info -> new TopicPartition(info.topic(), info.partition()))
                .toList();
    }

    private Connection connect() throws Exception {
        PipelineSettings.Database database = pipeline.database();
        return DriverManager.getConnection(database.jdbcUrl(), database.user(), database.password());
    }
}
