package app.thestorage.provisioning.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import app.thestorage.provisioning.contract.Topics;
import app.thestorage.provisioning.local.ScimSession.Response;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The pipeline's topics have one layout (provisioning.topics.*): a service started with other settings than the topics
 * have refuses to start, says which topic differs and how, and changes no topic, while the running pipeline goes on.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TopicLayoutAtStartTest {

    @TempDir
    static Path work;

    private LocalPipeline pipeline;
    private Admin admin;

    @BeforeAll
    void start() {
        // the first service to start creates the topics, with the default layout: 3 partitions each
        pipeline = LocalPipeline.start(PipelineSettings.embedded(work));
        admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, pipeline.bootstrapServers()));
    }

    @AfterAll
    void stop() {
        if (admin != null) {
            admin.close();
        }
        if (pipeline != null) {
            pipeline.close();
        }
    }

    @Test
    void a_service_set_to_more_partitions_refuses_to_start_and_no_topic_is_re_split() throws Exception {
        assertThat(partitions().values()).containsOnly(3);

        assertThatThrownBy(() -> pipeline.startAnotherIngest(Map.of("provisioning.topics.partitions", "4")))
                .rootCause()
                .hasMessageContaining("provisioning.commands.v1 has 3 partitions, the pipeline is set to 4")
                .hasMessageContaining("groups.members.state.v1 has 3 partitions, the pipeline is set to 4")
                .hasMessageContaining("changed no topic");

        assertThat(partitions()).containsOnlyKeys(Topics.all()).values().containsOnly(3);
        // the pipeline that was running goes on: a create is decided and written
        ScimSession okta = new ScimSession(pipeline.scimBaseUrl(), pipeline.tenantToken(), "Okta SCIM Client 1.0.0");
        Response created = okta.post("/Users", "{\"userName\":\"layout." + UUID.randomUUID() + "@acme.example\"}");
        assertThat(created.status()).isEqualTo(201);
    }

    @Test
    void a_topic_config_an_operator_changed_by_hand_is_named_and_left_as_it_is() throws Exception {
        ConfigResource changes = new ConfigResource(ConfigResource.Type.TOPIC, Topics.USER_CHANGES);
        // what the pipeline's default layout gives the change topics: 6 days
        String retention = Topics.configs(Topics.USER_CHANGES, (short) 1, Topics.DEFAULT_ERASURE_BOUND)
                .get(TopicConfig.RETENTION_MS_CONFIG);
        assertThat(retentionOf(changes)).isEqualTo(retention);
        alterRetention(changes, "3600000");
        try {
            // the broker answers describe requests with the change once it has applied it
            await().atMost(Duration.ofSeconds(30)).until(() -> retentionOf(changes).equals("3600000"));
            assertThatThrownBy(() -> pipeline.startAnotherIngest())
                    .rootCause()
                    .hasMessageContaining("users.changes.v1 has retention.ms=3600000, the pipeline needs retention.ms="
                            + retention);

            assertThat(retentionOf(changes)).isEqualTo("3600000");
        } finally {
            alterRetention(changes, retention);
            await().atMost(Duration.ofSeconds(30)).until(() -> retentionOf(changes).equals(retention));
        }
    }

    private Map<String, Integer> partitions() throws Exception {
        return admin.describeTopics(Topics.all()).allTopicNames().get(30, TimeUnit.SECONDS).entrySet().stream()
                .collect(Collectors.toMap(Map.Entry::getKey, topic -> topic.getValue().partitions().size()));
    }

    private String retentionOf(ConfigResource topic) throws Exception {
        return admin.describeConfigs(List.of(topic)).all().get(30, TimeUnit.SECONDS).get(topic)
                .get(TopicConfig.RETENTION_MS_CONFIG).value();
    }

    private void alterRetention(ConfigResource topic, String retention) throws Exception {
        Map<ConfigResource, Collection<AlterConfigOp>> change = Map.of(topic, List.of(new AlterConfigOp(
                new ConfigEntry(TopicConfig.RETENTION_MS_CONFIG, retention), AlterConfigOp.OpType.SET)));
        admin.incrementalAlterConfigs(change).all().get(30, TimeUnit.SECONDS);
    }
}
