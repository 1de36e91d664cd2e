package app.thestorage.provisioning.local;

import static org.assertj.core.api.Assertions.assertThat;

import app.thestorage.provisioning.contract.Topics;
import app.thestorage.provisioning.contract.serde.Serdes;
import app.thestorage.provisioning.contract.state.GroupMemberState;
import app.thestorage.provisioning.contract.state.UserState;
import app.thestorage.provisioning.local.ScimSession.Response;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.serialization.Deserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The public state topics on a real broker: what SCIM writes leave there (the latest state per user and membership,
 * tombstones for what is gone), and a tenant's state published again through the admin API for a downstream service
 * that lost its copy.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class StateTopicsTest {

    private static final String PATCH_OP = "urn:ietf:params:scim:api:messages:2.0:PatchOp";

    @TempDir
    static Path work;

    private PipelineSettings settings;
    private LocalPipeline pipeline;
    private PipelineProbe probe;
    private ScimSession okta;
    private ScimSession admin;

    @BeforeAll
    void start() {
        settings = PipelineSettings.embedded(work);
        pipeline = LocalPipeline.start(settings);
        probe = new PipelineProbe(pipeline);
        okta = new ScimSession(pipeline.scimBaseUrl(), pipeline.tenantToken(), "Okta SCIM Client 1.0.0");
        admin = new ScimSession(pipeline.ingestBaseUrl() + "/admin/tenants", pipeline.adminToken(),
                "TheStorage admin console", "application/json");
    }

    @AfterAll
    void stop() {
        if (pipeline != null) {
            pipeline.close();
        }
    }

    @Test
    void the_state_topics_hold_each_users_latest_state_and_tombstones_and_are_published_again_on_request() {
        String run = UUID.randomUUID().toString();
        String kept = create("kept." + run);
        String leaver = create("leaver." + run);
        String deleted = create("deleted." + run);
        assertThat(okta.patch("/Users/" + leaver, """
                {"schemas":["%s"],"Operations":[{"op":"replace","value":{"active":false}}]}
                """.formatted(PATCH_OP)).status()).isEqualTo(200);
        Response group = okta.post("/Groups", """
                {"schemas":["urn:ietf:params:scim:schemas:core:2.0:Group"],"displayName":"Team %s",
                 "members":[{"value":"%s"},{"value":"%s"}]}
                """.formatted(run, kept, deleted));
        assertThat(group.status()).isEqualTo(201);
        assertThat(okta.delete("/Users/" + deleted).status()).isEqualTo(204);

        String tenant = settings.tenant();
        Map<String, UserState> users = latestOf(read(Topics.USER_STATE, Serdes.userStates().deserializer(),
                seen -> latestOf(seen).containsKey(key(tenant, deleted)) && latestOf(seen).get(key(tenant, deleted)) == null));
        assertThat(users.get(key(tenant, kept)).user().userName()).isEqualTo("kept." + run + "@acme.example");
        assertThat(users.get(key(tenant, leaver)).user().attributes().active()).isFalse();
        assertThat(users.get(key(tenant, leaver)).version()).isEqualTo(2);
        assertThat(users).containsEntry(key(tenant, deleted), null);
        String groupId = group.id();
        Map<String, GroupMemberState> members = latestOf(read(Topics.GROUP_MEMBER_STATE,
                Serdes.groupMemberStates().deserializer(), seen -> latestOf(seen).get(tenant + "/" + groupId + "/" + deleted) == null
                        && latestOf(seen).containsKey(tenant + "/" + groupId + "/" + deleted)));
        assertThat(members.get(tenant + "/" + groupId + "/" + kept)).isNotNull();
        assertThat(members).containsEntry(tenant + "/" + groupId + "/" + deleted, null);

        int before = count(read(Topics.USER_STATE, Serdes.userStates().deserializer(), seen -> false), key(tenant, kept));
        Response published = admin.post("/" + tenant + "/state/publish", "");
        assertThat(published.status()).isEqualTo(202);
        assertThat(published.body().path("topics").size()).isEqualTo(3);

        List<ConsumerRecord<String, UserState>> again = read(Topics.USER_STATE, Serdes.userStates().deserializer(),
                seen -> count(seen, key(tenant, kept)) > before && count(seen, key(tenant, leaver)) > 2);
        assertThat(count(again, key(tenant, kept))).isEqualTo(before + 1);
        Map<String, UserState> republished = latestOf(again);
        assertThat(republished.get(key(tenant, kept))).as("versions unchanged").isEqualTo(users.get(key(tenant, kept)));
        assertThat(republished.get(key(tenant, leaver)).version()).isEqualTo(2);
        assertThat(republished).as("a deleted user stays deleted").containsEntry(key(tenant, deleted), null);

        assertThat(admin.post("/no-such-tenant/state/publish", "").status()).isEqualTo(404);
    }

    @Test
    void the_state_topics_and_the_projectors_changelogs_forget_a_superseded_value_within_the_erasure_bound()
            throws Exception {
        Map<String, String> expected = Topics.configs(Topics.USER_STATE, (short) 1, Topics.DEFAULT_ERASURE_BOUND);
        try (Admin kafka = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, pipeline.bootstrapServers()))) {
            for (String topic : List.of(Topics.USER_STATE, Topics.GROUP_STATE, Topics.GROUP_MEMBER_STATE,
                    "user-projector-users-changelog", "user-projector-user-name-keys-changelog")) {
                ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
                Config config = kafka.describeConfigs(List.of(resource)).all().get().get(resource);
                for (String name : List.of("cleanup.policy", "max.compaction.lag.ms", "delete.retention.ms",
                        "segment.ms")) {
                    assertThat(config.get(name).value()).as(topic + " " + name).isEqualTo(expected.get(name));
                }
            }
        }
    }

    private String create(String name) {
        Response created = okta.post("/Users", "{\"userName\":\"%s@acme.example\"}".formatted(name));
        assertThat(created.status()).isEqualTo(201);
        return created.id();
    }

    private static String key(String tenant, String userId) {
        return Topics.userKey(tenant, userId);
    }

    private static <T> int count(List<ConsumerRecord<String, T>> records, String key) {
        return (int) records.stream().filter(record -> record.key().equals(key)).count();
    }

    private static <T> Map<String, T> latestOf(List<ConsumerRecord<String, T>> records) {
        Map<String, T> latest = new HashMap<>();
        records.forEach(record -> latest.put(record.key(), record.value()));
        return latest;
    }

    private <T> List<ConsumerRecord<String, T>> read(String topic, Deserializer<T> values,
                                                     Predicate<List<ConsumerRecord<String, T>>> enough) {
        return probe.read(topic, values, enough, Duration.ofSeconds(30));
    }
}
