package app.thestorage.provisioning.local;

import static app.thestorage.provisioning.local.ScimSession.encode;
import static org.assertj.core.api.Assertions.assertThat;

import app.thestorage.provisioning.contract.group.GroupChangeEvent;
import app.thestorage.provisioning.contract.group.GroupChangeType;
import app.thestorage.provisioning.local.ScimSession.Response;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.stream.IntStream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * Group provisioning as Microsoft Entra ID and Okta do it, request by request against the real pipeline, and what a
 * downstream service sees of it on {@code groups.changes.v1} and an operator in the directory.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class GroupProvisioningTest {

    private static final String GROUP = "urn:ietf:params:scim:schemas:core:2.0:Group";
    private static final String PATCH_OP = "urn:ietf:params:scim:api:messages:2.0:PatchOp";

    @TempDir
    static Path work;

    private LocalPipeline pipeline;
    private PipelineProbe probe;
    private ScimSession entra;
    private ScimSession okta;

    @BeforeAll
    void start() {
        pipeline = LocalPipeline.start(PipelineSettings.embedded(work));
        probe = new PipelineProbe(pipeline);
        entra = new ScimSession(pipeline.scimBaseUrl(), pipeline.tenantToken(), "Microsoft.AAD.Provisioning");
        okta = new ScimSession(pipeline.scimBaseUrl(), pipeline.tenantToken(), "Okta SCIM Client 1.0.0");
    }

    @AfterAll
    void stop() {
        if (pipeline != null) {
            pipeline.close();
        }
    }

    @Test
    void entra_creates_an_empty_group_adds_members_in_batches_removes_renames_and_deletes() throws Exception {
        String run = UUID.randomUUID().toString();
        List<String> users = users(entra, "entra", run, 5);

        // Test Connection and the lookup before a create: a random displayName finds nothing
        Response probeLookup = entra.get("/Groups?excludedAttributes=members&filter="
                + encode("displayName eq \"" + UUID.randomUUID() + "\""));
        assertThat(probeLookup.status()).isEqualTo(200);
        assertThat(probeLookup.body().path("totalResults").asInt()).isZero();

        Response created = entra.post("/Groups", """
                {"schemas":["%s"],"externalId":"ext-%s","displayName":"Engineering %s","members":[]}
                """.formatted(GROUP, run, run));
        assertThat(created.status()).isEqualTo(201);
        String id = created.id();
        assertThat(created.body().path("meta").path("resourceType").asString()).isEqualTo("Group");

        Response found = entra.get("/Groups?excludedAttributes=members&filter="
                + encode("displayName eq \"ENGINEERING " + run + "\""));
        assertThat(found.body().path("totalResults").asInt()).isEqualTo(1);
        assertThat(found.body().path("Resources").path(0).path("id").asString()).isEqualTo(id);
        assertThat(found.body().path("Resources").path(0).has("members")).isFalse();

        // members added in two batches, capitalised ops as Entra sends them
        assertThat(entra.patch("/Groups/" + id, addMembers("Add", users.subList(0, 3))).status()).isEqualTo(204);
        assertThat(entra.patch("/Groups/" + id, addMembers("Add", users.subList(3, 5))).status()).isEqualTo(204);
        assertThat(memberIds(entra.get("/Groups/" + id))).containsExactlyInAnyOrderElementsOf(users);

        // removed one by filter, one by value list
        assertThat(entra.patch("/Groups/" + id, """
                {"schemas":["%s"],"Operations":[{"op":"Remove","path":"members[value eq \\"%s\\"]"}]}
                """.formatted(PATCH_OP, users.get(0))).status()).isEqualTo(204);
        assertThat(entra.patch("/Groups/" + id, """
                {"schemas":["%s"],"Operations":[{"op":"Remove","path":"members","value":[{"value":"%s"}]}]}
                """.formatted(PATCH_OP, users.get(1))).status()).isEqualTo(204);
        assertThat(memberIds(entra.get("/Groups/" + id))).containsExactlyInAnyOrderElementsOf(users.subList(2, 5));

        // a member's user resource names its groups
        JsonNode member = entra.get("/Users/" + users.get(2)).body();
        assertThat(member.path("groups").path(0).path("value").asString()).isEqualTo(id);
        assertThat(member.path("groups").path(0).path("display").asString()).isEqualTo("Engineering " + run);

        assertThat(entra.patch("/Groups/" + id, """
                {"schemas":["%s"],"Operations":[{"op":"Replace","path":"displayName","value":"Platform %s"}]}
                """.formatted(PATCH_OP, run)).status()).isEqualTo(204);
        assertThat(entra.get("/Groups/" + id + "?excludedAttributes=members").body().path("displayName").asString())
                .isEqualTo("Platform " + run);

        assertThat(entra.delete("/Groups/" + id).status()).isEqualTo(204);
        assertThat(entra.get("/Groups/" + id).status()).isEqualTo(404);
        assertThat(entra.get("/Users/" + users.get(2)).body().path("groups").size()).isZero();

        // downstream: one event per version, member changes as deltas
        List<GroupChangeEvent> events = events(id, 7);
        assertThat(events).extracting(GroupChangeEvent::type).containsExactly(
                GroupChangeType.GROUP_CREATED, GroupChangeType.MEMBERS_ADDED, GroupChangeType.MEMBERS_ADDED,
                GroupChangeType.MEMBERS_REMOVED, GroupChangeType.MEMBERS_REMOVED, GroupChangeType.GROUP_UPDATED,
                GroupChangeType.GROUP_DELETED);
        assertThat(events).extracting(GroupChangeEvent::version).containsExactly(1L, 2L, 3L, 4L, 5L, 6L, 7L);
        assertThat(events.get(1).members()).containsExactlyInAnyOrderElementsOf(users.subList(0, 3));
        assertThat(events.get(3).members()).containsExactly(users.get(0));
        assertThat(probe.asOperator("SELECT count(*) FROM directory.groups WHERE id = '" + id + "'")).isEqualTo("0");
        assertThat(probe.asOperator("SELECT count(*) FROM directory.group_members WHERE group_id = '" + id + "'"))
                .isEqualTo("0");
    }

    @Test
    void okta_pushes_a_group_with_members_replaces_the_list_patches_it_and_unlinks_it() throws Exception {
        String run = UUID.randomUUID().toString();
        List<String> users = users(okta, "okta", run, 4);

        Response imported = okta.get("/Groups?startIndex=1&count=100");
        assertThat(imported.status()).isEqualTo(200);
        assertThat(imported.body().path("schemas").path(0).asString())
                .isEqualTo("urn:ietf:params:scim:api:messages:2.0:ListResponse");

        Response created = okta.post("/Groups", """
                {"schemas":["%s"],"displayName":"Sales %s",
                 "members":[{"value":"%s","display":"a"},{"value":"%s","display":"b"}]}
                """.formatted(GROUP, run, users.get(0), users.get(1)));
        assertThat(created.status()).isEqualTo(201);
        String id = created.id();
        assertThat(memberIds(created)).containsExactlyInAnyOrder(users.get(0), users.get(1));
        // a write answers its members as a GET shows them, with the directory's display, not the one sent
        assertThat(created.body().path("members")).isEqualTo(okta.get("/Groups/" + id).body().path("members"));

        Response replaced = okta.put("/Groups/" + id, """
                {"schemas":["%s"],"id":"%s","displayName":"Sales %s",
                 "members":[{"value":"%s"},{"value":"%s"}]}
                """.formatted(GROUP, id, run, users.get(1), users.get(2)));
        assertThat(replaced.status()).isEqualTo(200);
        assertThat(memberIds(okta.get("/Groups/" + id))).containsExactlyInAnyOrder(users.get(1), users.get(2));
        assertThat(replaced.body().path("members")).isEqualTo(okta.get("/Groups/" + id).body().path("members"));

        assertThat(okta.patch("/Groups/" + id, """
                {"schemas":["%s"],"Operations":[{"op":"replace","value":{"id":"%s","displayName":"Sales EMEA %s"}}]}
                """.formatted(PATCH_OP, id, run)).status()).isEqualTo(204);
        assertThat(okta.patch("/Groups/" + id, """
                {"schemas":["%s"],"Operations":[
                  {"op":"remove","path":"members[value eq \\"%s\\"]"},
                  {"op":"add","path":"members","value":[{"value":"%s","display":"d"}]}]}
                """.formatted(PATCH_OP, users.get(1), users.get(3))).status()).isEqualTo(204);
        Response group = okta.get("/Groups/" + id);
        assertThat(group.body().path("displayName").asString()).isEqualTo("Sales EMEA " + run);
        assertThat(memberIds(group)).containsExactlyInAnyOrder(users.get(2), users.get(3));

        // a user's groups filter as GET shows them: the members of a group by its id, by its displayName in any case
        for (String filter : List.of("groups.value eq \"" + id + "\"", "groups[value eq \"" + id + "\"]",
                "groups.display eq \"SALES emea " + run + "\"")) {
            Response members = okta.get("/Users?count=1&filter=" + encode(filter));
            assertThat(members.status()).as(filter).isEqualTo(200);
            assertThat(members.body().path("totalResults").asInt()).as(filter).isEqualTo(2);
            assertThat(okta.get("/Users?filter=" + encode(filter)).body().path("Resources").valueStream()
                    .map(user -> user.path("id").asString())).as(filter)
                    .containsExactlyInAnyOrder(users.get(2), users.get(3));
        }
        assertThat(okta.get("/Users?filter=" + encode("groups pr and userName sw \"okta.\" and userName ew \"" + run
                + "@acme.example\"")).body().path("Resources").valueStream().map(user -> user.path("id").asString()))
                .containsExactlyInAnyOrder(users.get(2), users.get(3));

        Response page = okta.get("/Groups?startIndex=1&count=100");
        assertThat(page.body().path("Resources")).anySatisfy(resource -> {
            assertThat(resource.path("id").asString()).isEqualTo(id);
            assertThat(resource.path("members")).hasSize(2);
        });

        assertThat(okta.delete("/Groups/" + id).status()).isEqualTo(204);
        assertThat(okta.get("/Groups/" + id).status()).isEqualTo(404);
        // the users stay
        assertThat(okta.get("/Users/" + users.get(2)).status()).isEqualTo(200);
    }

    @Test
    void members_must_be_users_of_the_tenant_and_a_refused_change_applies_nothing() {
        String run = UUID.randomUUID().toString();
        List<String> users = users(okta, "rules", run, 2);
        String id = okta.post("/Groups", """
                {"schemas":["%s"],"displayName":"Rules %s","members":[{"value":"%s"}]}
                """.formatted(GROUP, run, users.get(0))).id();

        Response unknown = okta.patch("/Groups/" + id, addMembers("add", List.of(users.get(1), "no-such-user")));

        assertThat(unknown.status()).isEqualTo(400);
        assertThat(unknown.body().path("scimType").asString()).isEqualTo("invalidValue");
        assertThat(unknown.body().path("detail").asString()).contains("no-such-user");
        assertThat(memberIds(okta.get("/Groups/" + id))).containsExactly(users.get(0));

        // a user of another tenant is no user of this one
        String stranger = new ScimSession(pipeline.scimBaseUrl().replace("/api/demo/", "/api/other-tenant/"),
                pipeline.issueToken("other-tenant"), "Okta SCIM Client 1.0.0")
                .post("/Users", "{\"userName\":\"stranger.%s@other.example\"}".formatted(run)).id();
        assertThat(okta.patch("/Groups/" + id, addMembers("add", List.of(stranger))).status()).isEqualTo(400);
        assertThat(memberIds(okta.get("/Groups/" + id))).containsExactly(users.get(0));

        Response unknownAtCreate = okta.post("/Groups", """
                {"schemas":["%s"],"displayName":"Other %s","members":[{"value":"no-such-user"}]}
                """.formatted(GROUP, run));
        assertThat(unknownAtCreate.status()).isEqualTo(400);
        assertThat(okta.get("/Groups?filter=" + encode("displayName eq \"Other " + run + "\""))
                .body().path("totalResults").asInt()).isZero();
    }

    @Test
    void display_names_are_unique_per_tenant_without_regard_to_case() {
        String run = UUID.randomUUID().toString();
        assertThat(entra.post("/Groups", "{\"schemas\":[\"%s\"],\"displayName\":\"Finance %s\"}".formatted(GROUP, run))
                .status()).isEqualTo(201);

        Response again = okta.post("/Groups", "{\"schemas\":[\"%s\"],\"displayName\":\"FINANCE %s\"}"
                .formatted(GROUP, run.toUpperCase()));

        assertThat(again.status()).isEqualTo(409);
        assertThat(again.body().path("scimType").asString()).isEqualTo("uniqueness");
    }

    @Test
    void deleting_a_user_ends_its_memberships_and_deactivating_keeps_them() {
        String run = UUID.randomUUID().toString();
        List<String> users = users(okta, "leaver", run, 2);
        String id = okta.post("/Groups", """
                {"schemas":["%s"],"displayName":"Leavers %s","members":[{"value":"%s"},{"value":"%s"}]}
                """.formatted(GROUP, run, users.get(0), users.get(1))).id();

        assertThat(okta.patch("/Users/" + users.get(0),
                "{\"schemas\":[\"urn:ietf:params:scim:api:messages:2.0:PatchOp\"],\"Operations\":[{\"op\":\"replace\",\"path\":\"active\",\"value\":false}]}").status()).isEqualTo(200);
        assertThat(okta.delete("/Users/" + users.get(1)).status()).isEqualTo(204);

        assertThat(memberIds(okta.get("/Groups/" + id))).containsExactly(users.get(0));
        List<GroupChangeEvent> events = events(id, 3);
        assertThat(events.getLast().type()).isEqualTo(GroupChangeType.MEMBERS_REMOVED);
        assertThat(events.getLast().members()).containsExactly(users.get(1));
    }

    @Test
    void a_thousand_members_in_one_patch_apply_as_one_change() {
        String run = UUID.randomUUID().toString();
        List<String> users = users(entra, "many", run, 1000);
        String id = entra.post("/Groups", "{\"schemas\":[\"%s\"],\"displayName\":\"All %s\"}".formatted(GROUP, run)).id();

        assertThat(entra.patch("/Groups/" + id, addMembers("Add", users)).status()).isEqualTo(204);

        assertThat(entra.get("/Groups/" + id).body().path("members")).hasSize(1000);
        List<GroupChangeEvent> events = events(id, 2);
        assertThat(events.get(1).members()).hasSize(1000);
        assertThat(entra.get("/Groups?excludedAttributes=members&filter=" + encode("displayName eq \"All " + run + "\""))
                .body().path("Resources").path(0).has("members")).isFalse();
    }

    @Test
    void discovery_advertises_groups() {
        assertThat(entra.get("/ResourceTypes").body().path("Resources"))
                .extracting(type -> type.path("endpoint").asString()).contains("/Users", "/Groups");
        assertThat(entra.get("/Schemas/" + GROUP).body().path("attributes"))
                .extracting(attribute -> attribute.path("name").asString()).contains("displayName", "members");
    }

    /** Users of the tenant, created through SCIM; their ids. */
    private static List<String> users(ScimSession client, String prefix, String run, int count) {
        return IntStream.range(0, count).parallel()
                .mapToObj(i -> client.post("/Users", "{\"userName\":\"%s.%d.%s@acme.example\"}".formatted(prefix, i, run)))
                .map(response -> {
                    assertThat(response.status()).isEqualTo(201);
                    return response.id();
                })
                .toList();
    }

    private static String addMembers(String op, List<String> userIds) {
        StringBuilder values = new StringBuilder();
        for (String userId : userIds) {
            values.append(values.isEmpty() ? "" : ",").append("{\"value\":\"").append(userId).append("\"}");
        }
        return "{\"schemas\":[\"%s\"],\"Operations\":[{\"op\":\"%s\",\"path\":\"members\",\"value\":[%s]}]}"
                .formatted(PATCH_OP, op, values);
    }

    private static List<String> memberIds(Response group) {
        assertThat(group.status()).isBetween(200, 201);
        return group.body().path("members").valueStream().map(member -> member.path("value").asString()).toList();
    }

    /** The group's events on groups.changes.v1, once there are at least {@code count}, in order. */
    private List<GroupChangeEvent> events(String groupId, int count) {
        return probe.groupChanges(seen -> seen.stream().filter(record -> record.value().groupId().equals(groupId))
                                .count() >= count, Duration.ofSeconds(30)).stream()
                .map(ConsumerRecord::value)
                .filter(event -> event.groupId().equals(groupId))
                .toList();
    }
}
