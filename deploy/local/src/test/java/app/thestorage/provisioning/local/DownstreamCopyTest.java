package app.thestorage.provisioning.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import app.thestorage.provisioning.contract.Topics;
import app.thestorage.provisioning.downstream.DirectoryFollower;
import app.thestorage.provisioning.downstream.InMemoryDirectoryCopy;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.RecordsToDelete;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * A downstream service rebuilds its copy of the directory from the public state topics alone, after the change topics
 * have lost every record, and follows it from there: the reference consumer of {@code downstream-example} against the
 * real pipeline, compared with what PostgreSQL's directory holds.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DownstreamCopyTest {

    private static final String GROUP = "urn:ietf:params:scim:schemas:core:2.0:Group";
    private static final String PATCH_OP = "urn:ietf:params:scim:api:messages:2.0:PatchOp";

    @TempDir
    static Path work;

    private LocalPipeline pipeline;
    private ScimSession demo;
    private ScimSession globex;
    private DirectoryFollower follower;
    private CompletableFuture<Void> following;

    /** What a tenant was made of: each user and group named by what happened to it. */
    private record Provisioned(String renamed, String deactivated, String deleted, String removedMember, String kept,
                               String group, String deletedGroup) {
    }

    /** Users (tenant, id, userName, active), groups (tenant, id, displayName), memberships (tenant, group, user). */
    private record Directory(Set<List<Object>> users, Set<List<Object>> groups, Set<List<Object>> members) {
    }

    @BeforeAll
    void start() {
        pipeline = LocalPipeline.start(PipelineSettings.embedded(work));
        demo = new ScimSession(pipeline.scimBaseUrl(), pipeline.tenantToken(), "Okta SCIM Client 1.0.0");
        globex = new ScimSession(pipeline.scimBaseUrl().replace("/api/demo/", "/api/globex/"),
                pipeline.issueToken("globex"), "Microsoft.AAD.Provisioning");
    }

    @AfterAll
    void stop() throws Exception {
        try {
            if (follower != null) {
                follower.close();
                following.get(30, TimeUnit.SECONDS);
            }
        } finally {
            if (pipeline != null) {
                pipeline.close();
            }
        }
    }

    @Test
    void a_copy_rebuilt_from_the_state_topics_alone_holds_what_the_directory_holds_and_follows_it() throws Exception {
        Provisioned atDemo = provision(demo);
        Provisioned atGlobex = provision(globex);
        forgetTheChangeTopicsHistory();

        InMemoryDirectoryCopy copy = new InMemoryDirectoryCopy();
        follower = new DirectoryFollower(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, pipeline.bootstrapServers()),
                copy);
        following = CompletableFuture.runAsync(follower, task -> Thread.ofPlatform().name("directory-follower").start(task));
        await().atMost(Duration.ofSeconds(60)).failFast("the follower stopped", following::isDone)
                .until(follower::bootstrapped);

        // every write above was answered once decided: a bootstrapped copy holds all of it
        assertThat(held(copy)).isEqualTo(directory());
        for (String tenant : List.of("demo", "globex")) {
            Provisioned at = tenant.equals("demo") ? atDemo : atGlobex;
            assertThat(copy.user(tenant, at.renamed()).orElseThrow().user().userName()).startsWith("renamed.");
            assertThat(copy.user(tenant, at.deactivated()).orElseThrow().user().attributes().active()).isFalse();
            assertThat(copy.user(tenant, at.deleted())).isEmpty();
            assertThat(copy.groups(tenant)).containsOnlyKeys(at.group());
            assertThat(copy.members(tenant)).isEqualTo(Map.of(at.group(), Set.of(at.renamed(), at.deactivated())));
        }

        // and it follows what happens next
        assertThat(demo.patch("/Users/" + atDemo.kept(), rename("later." + UUID.randomUUID())).status()).isEqualTo(200);
        assertThat(demo.delete("/Users/" + atDemo.deactivated()).status()).isEqualTo(204);
        assertThat(globex.patch("/Groups/" + atGlobex.group(), removeMember(atGlobex.renamed())).status()).isEqualTo(204);

        await().atMost(Duration.ofSeconds(30)).failFast("the follower stopped", following::isDone)
                .untilAsserted(() -> assertThat(held(copy)).isEqualTo(directory()));
        assertThat(copy.user("demo", atDemo.kept()).orElseThrow().user().userName()).startsWith("later.");
        assertThat(copy.user("demo", atDemo.deactivated())).isEmpty();
        assertThat(copy.members("demo")).isEqualTo(Map.of(atDemo.group(), Set.of(atDemo.renamed())));
        assertThat(copy.members("globex")).isEqualTo(Map.of(atGlobex.group(), Set.of(atGlobex.deactivated())));
    }

    /**
     * Users created, renamed, deactivated and deleted; a group whose members are added, removed, or deleted as users;
     * a group with members deleted.
     */
    private static Provisioned provision(ScimSession scim) {
        String run = UUID.randomUUID().toString();
        List<String> users = IntStream.range(0, 5)
                .mapToObj(i -> created(scim.post("/Users", "{\"userName\":\"user.%d.%s@acme.example\"}".formatted(i, run))))
                .toList();
        String renamed = users.get(0);
        String deactivated = users.get(1);
        String deleted = users.get(2);
        String removedMember = users.get(3);
        String kept = users.get(4);
        String group = created(scim.post("/Groups", """
                {"schemas":["%s"],"displayName":"Engineering %s","members":[
                 {"value":"%s"},{"value":"%s"},{"value":"%s"},{"value":"%s"}]}
                """.formatted(GROUP, run, renamed, deactivated, deleted, removedMember)));
        String deletedGroup = created(scim.post("/Groups", """
                {"schemas":["%s"],"displayName":"Contractors %s","members":[{"value":"%s"},{"value":"%s"}]}
                """.formatted(GROUP, run, kept, renamed)));

        assertThat(scim.patch("/Users/" + renamed, rename("renamed." + run)).status()).isEqualTo(200);
        assertThat(scim.patch("/Users/" + deactivated,
                "{\"schemas\":[\"urn:ietf:params:scim:api:messages:2.0:PatchOp\"],\"Operations\":[{\"op\":\"replace\",\"path\":\"active\",\"value\":false}]}").status()).isEqualTo(200);
        assertThat(scim.delete("/Users/" + deleted).status()).isEqualTo(204);
        assertThat(scim.patch("/Groups/" + group, removeMember(removedMember)).status()).isEqualTo(204);
        assertThat(scim.delete("/Groups/" + deletedGroup).status()).isEqualTo(204);
        return new Provisioned(renamed, deactivated, deleted, removedMember, kept, group, deletedGroup);
    }

    private static String created(ScimSession.Response response) {
        assertThat(response.status()).isEqualTo(201);
        return response.id();
    }

    private static String rename(String userName) {
        return "{\"schemas\":[\"urn:ietf:params:scim:api:messages:2.0:PatchOp\"],\"Operations\":[{\"op\":\"replace\",\"path\":\"userName\",\"value\":\"%s@acme.example\"}]}"
                .formatted(userName);
    }

    private static String removeMember(String userId) {
        return "{\"schemas\":[\"%s\"],\"Operations\":[{\"op\":\"remove\",\"path\":\"members[value eq \\\"%s\\\"]\"}]}"
                .formatted(PATCH_OP, userId);
    }

    /**
     * Deletes every record of the change topics written so far, as retention would once they are old enough: from here
     * on, what happened before can only be learnt from the state topics.
     */
    private void forgetTheChangeTopicsHistory() throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, pipeline.bootstrapServers()))) {
            Set<TopicPartition> partitions = admin.describeTopics(List.of(Topics.USER_CHANGES, Topics.GROUP_CHANGES))
                    .allTopicNames().get().values().stream()
                    .flatMap(topic -> topic.partitions().stream()
                            .map(partition -> new TopicPartition(topic.name(), partition.partition())))
                    .collect(Collectors.toSet());
            Map<TopicPartition, Long> ends = offsets(admin, partitions, OffsetSpec.latest());
            assertThat(ends.values().stream().mapToLong(Long::longValue).sum()).isPositive();
            admin.deleteRecords(ends.entrySet().stream().collect(Collectors.toMap(Map.Entry::getKey,
                    end -> RecordsToDelete.beforeOffset(end.getValue())))).all().get();
            assertThat(offsets(admin, partitions, OffsetSpec.earliest())).isEqualTo(ends);
        }
    }

    private static Map<TopicPartition, Long> offsets(Admin admin, Set<TopicPartition> partitions, OffsetSpec spec)
            throws Exception {
        return admin.listOffsets(partitions.stream().collect(Collectors.toMap(partition -> partition, partition -> spec)))
                .all().get().entrySet().stream()
                .collect(Collectors.toMap(Map.Entry::getKey, entry -> entry.getValue().offset()));
    }

    private static Directory held(InMemoryDirectoryCopy copy) {
        Set<List<Object>> users = new HashSet<>();
        Set<List<Object>> groups = new HashSet<>();
        Set<List<Object>> members = new HashSet<>();
        for (String tenant : copy.tenants()) {
            copy.users(tenant).values().forEach(user -> users.add(
                    List.of(tenant, user.userId(), user.user().userName(), user.user().attributes().active())));
            copy.groups(tenant).values().forEach(group -> groups.add(
                    List.of(tenant, group.groupId(), group.group().displayName())));
            copy.members(tenant).forEach((groupId, userIds) -> userIds.forEach(userId -> members.add(
                    List.of(tenant, groupId, userId))));
        }
        return new Directory(users, groups, members);
    }

    private Directory directory() throws SQLException {
        return new Directory(rows("SELECT tenant, id, user_name, active FROM directory.users"),
                rows("SELECT tenant, id, display_name FROM directory.groups"),
                rows("SELECT tenant, group_id, user_id FROM directory.group_members"));
    }

    private Set<List<Object>> rows(String query) throws SQLException {
        PipelineSettings.Database database = pipeline.database();
        Set<List<Object>> rows = new HashSet<>();
        try (Connection connection = DriverManager.getConnection(database.jdbcUrl(), database.user(), database.password());
             Statement statement = connection.createStatement();
             ResultSet row = statement.executeQuery(query)) {
            int columns = row.getMetaData().getColumnCount();
            while (row.next()) {
                List<Object> values = new ArrayList<>();
                for (int column = 1; column <= columns; column++) {
                    values.add(row.getObject(column));
                }
                rows.add(List.copyOf(values));
            }
        }
        return rows;
    }
}
