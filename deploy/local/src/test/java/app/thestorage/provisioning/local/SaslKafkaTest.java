package app.thestorage.provisioning.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import app.thestorage.provisioning.contract.Topics;
import app.thestorage.provisioning.contract.event.UserChangeEvent;
import app.thestorage.provisioning.contract.serde.Serdes;
import app.thestorage.provisioning.ingest.tenant.TenantTokens;
import app.thestorage.provisioning.local.ScimSession.Response;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.security.auth.SecurityProtocol;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.test.JaasUtils;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * A Kafka that requires SASL, configured for the pipeline the way Spring Boot documents it and nothing else: the
 * standard {@code spring.kafka.*} settings reach every client (the command producer, the Streams projector, the
 * materializer and its dead letters, photo-fetcher's consumer and producers, the topic admin).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SaslKafkaTest {

    private static final String JAAS = "org.apache.kafka.common.security.plain.PlainLoginModule required username=\""
            + JaasUtils.KAFKA_PLAIN_ADMIN + "\" password=\"" + JaasUtils.KAFKA_PLAIN_ADMIN_PASSWORD + "\";";
    /** What an operator writes in the services' configuration (here as system properties, which Boot reads too). */
    private static final Map<String, String> SPRING_KAFKA = Map.of(
            "spring.kafka.security.protocol", "SASL_PLAINTEXT",
            "spring.kafka.properties.sasl.mechanism", "PLAIN",
            "spring.kafka.properties.sasl.jaas.config", JAAS);

    @TempDir
    static Path work;

    private KafkaClusterTestKit kafka;
    private LocalPipeline pipeline;

    @BeforeAll
    void start() throws Exception {
        kafka = new KafkaClusterTestKit.Builder(new TestKitNodes.Builder()
                .setCombined(true)
                .setNumBrokerNodes(1)
                .setNumControllerNodes(1)
                .setBrokerSecurityProtocol(SecurityProtocol.SASL_PLAINTEXT)
                .setControllerSecurityProtocol(SecurityProtocol.SASL_PLAINTEXT)
                .build())
                .setConfigProp("transaction.state.log.replication.factor", "1")
                .setConfigProp("transaction.state.log.min.isr", "1")
                .setConfigProp("offsets.topic.replication.factor", "1")
                .setConfigProp("group.initial.rebalance.delay.ms", "0")
                .build();
        kafka.format();
        kafka.startup();
        kafka.waitForReadyBrokers();
        SPRING_KAFKA.forEach(System::setProperty);
        pipeline = LocalPipeline.start(new PipelineSettings(kafka.bootstrapServers(), null, 0, 0, 0, "demo", work,
                Duration.ofSeconds(10), TenantTokens.generate(), Map.of(), PipelineSettings.newSecretKey(), Map.of(),
                context -> { }, Map.of()));
    }

    @AfterAll
    void stop() throws Exception {
        SPRING_KAFKA.keySet().forEach(System::clearProperty);
        if (pipeline != null) {
            pipeline.close();
        }
        if (kafka != null) {
            kafka.close();
        }
    }

    @Test
    void the_broker_refuses_a_client_without_credentials() {
        try (Admin anonymous = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 3_000, AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 2_000))) {
            assertThatThrownBy(() -> anonymous.listTopics().names().get(10, TimeUnit.SECONDS)).isNotNull();
        }
    }

    @Test
    void a_create_goes_through_every_client_of_the_pipeline_over_sasl() {
        ScimSession okta = new ScimSession(pipeline.scimBaseUrl(), pipeline.tenantToken(), "Okta SCIM Client 1.0.0");
        String userName = "sasl." + UUID.randomUUID() + "@acme.example";

        Response created = okta.post("/Users", "{\"userName\":\"" + userName + "\",\"externalId\":\"e-1\"}");

        // 201: published by ingest-api, decided by Kafka Streams, written by the materializer, heard back
        assertThat(created.status()).isEqualTo(201);
        assertThat(changesOf(created.id())).singleElement()
                .satisfies(event -> assertThat(event.user().userName()).isEqualTo(userName));
    }

    /** The user's events on the public topic, read with the credentials a downstream service would have. */
    private List<UserChangeEvent> changesOf(String userId) {
        Map<String, Object> config = Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                "security.protocol", "SASL_PLAINTEXT", "sasl.mechanism", "PLAIN", "sasl.jaas.config", JAAS);
        List<UserChangeEvent> events = new ArrayList<>();
        try (KafkaConsumer<String, UserChangeEvent> consumer =
                     new KafkaConsumer<>(config, new StringDeserializer(), Serdes.userChanges())) {
            List<TopicPartition> partitions = consumer.partitionsFor(Topics.USER_CHANGES).stream()
                    .map(info -> new TopicPartition(info.topic(), info.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Instant deadline = Instant.now().plusSeconds(30);
            while (events.isEmpty() && Instant.now().isBefore(deadline)) {
                consumer.poll(Duration.ofMillis(200)).forEach(record -> {
                    if (record.value().userId().equals(userId)) {
                        events.add(record.value());
                    }
                });
            }
        }
        return events;
    }
}
