package app.thestorage.provisioning.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import app.thestorage.provisioning.contract.Topics;
import app.thestorage.provisioning.contract.event.UserChangeEvent;
import app.thestorage.provisioning.contract.serde.Serdes;
import app.thestorage.provisioning.ingest.tenant.TenantTokens;
import app.thestorage.provisioning.local.ScimSession.Response;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
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
import org.yaml.snakeyaml.Yaml;

/**
 * A Kafka as a platform team runs it, the way the Kubernetes operators overlay expects: it requires SASL, creates no
 * topic on demand, and its topics are declared by the platform (Strimzi's KafkaTopic resources of the overlay), so the
 * services start with {@code provisioning.topics.declare=false}. The pipeline is configured the way Spring Boot
 * documents it and nothing else: the standard {@code spring.kafka.*} settings reach every client (the command producer,
 * the Streams projector, the materializer and its dead letters, photo-fetcher's consumer and producers, the admin).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PlatformKafkaTest {

    private static final String JAAS = "org.apache.kafka.common.security.plain.PlainLoginModule required username=\""
            + JaasUtils.KAFKA_PLAIN_ADMIN + "\" password=\"" + JaasUtils.KAFKA_PLAIN_ADMIN_PASSWORD + "\";";
    /** The topics as the operators overlay declares them for Strimzi's topic operator. */
    private static final Path KAFKA_TOPICS = Path.of("..", "kubernetes", "operators", "kafka-topics.yaml");
    /** The services' settings as the manifests give them (the topics' partitions and erasure bound among them). */
    private static final Path PIPELINE_CONFIG = Path.of("..", "kubernetes", "base", "pipeline-config.yaml");
    /**
     * What an operator writes in the services' configuration (here as system properties, which Boot reads too): the
     * Kafka client settings, and the topics' layout as the ConfigMap says (one replica: one broker here).
     */
    private static final Map<String, String> SERVICE_SETTINGS = serviceSettings();

    @TempDir
    static Path work;

    private KafkaClusterTestKit kafka;
    private LocalPipeline pipeline;
    private Map<String, Integer> declaredByThePlatform;

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
                .setConfigProp("auto.create.topics.enable", "false")
                .build();
        kafka.format();
        kafka.startup();
        kafka.waitForReadyBrokers();
        declaredByThePlatform = declareTopicsAsTheOverlayDoes();
        SERVICE_SETTINGS.forEach(System::setProperty);
        // the first write waits for the projector's tasks on 12 partitions to be assigned and restored: on a busy
        // machine that can take longer than an identity provider's usual wait, which is not what this test is about
        pipeline = LocalPipeline.start(new PipelineSettings(kafka.bootstrapServers(), null, 0, 0, 0, "demo", work,
                Duration.ofSeconds(60), TenantTokens.generate(), Map.of(), PipelineSettings.newSecretKey(), Map.of(),
                context -> { }, Map.of()));
    }

    @AfterAll
    void stop() throws Exception {
        SERVICE_SETTINGS.keySet().forEach(System::clearProperty);
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

    @Test
    void the_services_use_the_topics_the_platform_declared_and_change_none_of_them() throws Exception {
        assertThat(declaredByThePlatform.keySet()).containsExactlyInAnyOrderElementsOf(Topics.all());
        try (Admin admin = admin()) {
            Map<String, TopicDescription> topics = admin.describeTopics(Topics.all()).allTopicNames()
                    .get(10, TimeUnit.SECONDS);
            topics.forEach((name, topic) -> assertThat(topic.partitions()).as(name)
                    .hasSize(declaredByThePlatform.get(name)));
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, String> serviceSettings() {
        try {
            Map<String, Object> config = (Map<String, Object>) new Yaml()
                    .<Map<String, Object>>load(Files.readString(PIPELINE_CONFIG)).get("data");
            return Map.of(
                    "spring.kafka.security.protocol", "SASL_PLAINTEXT",
                    "spring.kafka.properties.sasl.mechanism", "PLAIN",
                    "spring.kafka.properties.sasl.jaas.config", JAAS,
                    "provisioning.topics.declare", "false",
                    "provisioning.topics.partitions", (String) config.get("PROVISIONING_TOPICS_PARTITIONS"),
                    "provisioning.topics.erasure-bound", (String) config.get("PROVISIONING_TOPICS_ERASURE_BOUND"),
                    "provisioning.topics.replication-factor", "1");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * What Strimzi's topic operator does with the overlay's KafkaTopic resources: each topic with its name, partitions
     * and configuration (one replica here: the test's cluster has one broker).
     */
    @SuppressWarnings("unchecked")
    private Map<String, Integer> declareTopicsAsTheOverlayDoes() throws Exception {
        Map<String, Integer> partitions = new HashMap<>();
        List<NewTopic> topics = new ArrayList<>();
        for (Object document : new Yaml().loadAll(Files.readString(KAFKA_TOPICS))) {
            Map<String, Object> spec = (Map<String, Object>) ((Map<String, Object>) document).get("spec");
            String name = (String) spec.get("topicName");
            int count = (Integer) spec.get("partitions");
            Map<String, String> config = new HashMap<>();
            ((Map<String, Object>) spec.getOrDefault("config", Map.of()))
                    .forEach((key, value) -> config.put(key, String.valueOf(value)));
            config.put("min.insync.replicas", "1");
            topics.add(new NewTopic(name, count, (short) 1).configs(config));
            partitions.put(name, count);
        }
        try (Admin admin = admin()) {
            admin.createTopics(topics).all().get(30, TimeUnit.SECONDS);
        }
        return partitions;
    }

    private Admin admin() {
        return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                "security.protocol", "SASL_PLAINTEXT", "sasl.mechanism", "PLAIN", "sasl.jaas.config", JAAS));
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
