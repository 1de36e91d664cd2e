package app.thestorage.provisioning.ingest.scim;

import static org.assertj.core.api.Assertions.assertThat;

import app.thestorage.provisioning.contract.command.ChangeGroup;
import app.thestorage.provisioning.contract.command.CreateGroup;
import app.thestorage.provisioning.contract.command.GroupEdit;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.web.reactive.server.WebTestClient;
import tools.jackson.databind.JsonNode;

/** /Groups at the edge: member batches as Entra ID and Okta send them, and what every write and read shows. */
@ScimSliceTest
class ScimGroupsSliceTest {

    @Autowired
    WebTestClient web;
    @Autowired
    InMemoryProvisioning provisioning;

    private ScimClientSession acme() {
        return new ScimClientSession(web, "acme", ScimSlice.TOKEN, "Okta SCIM Client 1.0.0");
    }

    private String user(String displayName) {
        return acme().post("/Users", "{\"userName\":\"%s@acme.example\",\"displayName\":\"%s\"}"
                .formatted(UUID.randomUUID(), displayName)).id();
    }

    private static String name(String prefix) {
        return prefix + " " + UUID.randomUUID();
    }

    @Test
    void a_create_is_201_with_the_group_its_location_and_version() {
        String displayName = name("Engineering");

        ScimClientSession.Answer created = acme().post("/Groups", """
                {"schemas":["urn:ietf:params:scim:schemas:core:2.0:Group"],"displayName":"%s","externalId":"g-ext"}
                """.formatted(displayName));

        assertThat(created.status()).isEqualTo(201);
        assertThat(created.contentType()).startsWith("application/scim+json");
        assertThat(created.body().path("displayName").asString()).isEqualTo(displayName);
        assertThat(created.headers().getLocation()).hasToString(
                ScimClientSession.HOST + "/api/acme/scim/v2/Groups/" + created.body().path("id").asString());
        assertThat(created.headers().getETag()).isEqualTo("W/\"1\"");
    }

    @Test
    void a_create_answers_its_members_with_display_as_a_get_does() {
        String ada = user("Ada Lovelace");
        String grace = user("Grace Hopper");

        ScimClientSession.Answer created = acme().post("/Groups", """
                {"displayName":"%s","members":[{"value":"%s"},{"value":"%s"}]}""".formatted(name("Pioneers"), grace, ada));

        JsonNode got = acme().get("/Groups/" + created.id()).body();
        assertThat(created.body().path("members")).isEqualTo(got.path("members"));
        assertThat(got.path("members").valueStream().map(member -> member.path("display").asString()))
                .containsExactlyInAnyOrder("Ada Lovelace", "Grace Hopper");
    }

    @Test
    void a_replace_answers_its_members_with_display_as_a_get_does() {
        String ada = user("Ada Lovelace");
        String grace = user("Grace Hopper");
        String id = acme().post("/Groups", "{\"displayName\":\"%s\",\"members\":[{\"value\":\"%s\"}]}"
                .formatted(name("Team"), ada)).id();

        ScimClientSession.Answer replaced = acme().put("/Groups/" + id, """
                {"displayName":"%s","members":[{"value":"%s"},{"value":"%s"}]}""".formatted(name("Team"), ada, grace));

        assertThat(replaced.status()).isEqualTo(200);
        assertThat(replaced.body().path("members")).isEqualTo(acme().get("/Groups/" + id).body().path("members"));
        assertThat(replaced.body().path("members").size()).isEqualTo(2);
    }

    @Test
    void a_write_answers_its_members_without_reading_every_member_of_the_group() {
        String ada = user("Ada Lovelace");
        int before = provisioning.memberReads();

        acme().post("/Groups", "{\"displayName\":\"%s\",\"members\":[{\"value\":\"%s\"}]}".formatted(name("Big"), ada));

        assertThat(provisioning.memberReads()).isEqualTo(before);
    }

    @Test
    void a_write_with_excludedAttributes_members_answers_without_them() {
        String ada = user("Ada Lovelace");

        ScimClientSession.Answer created = acme().post("/Groups?excludedAttributes=members",
                "{\"displayName\":\"%s\",\"members\":[{\"value\":\"%s\"}]}".formatted(name("Quiet"), ada));

        assertThat(created.status()).isEqualTo(201);
        assertThat(created.body().has("members")).isFalse();
    }

    @Test
    void a_displayName_taken_in_another_letter_case_is_a_409_uniqueness() {
        String displayName = name("Sales");
        acme().post("/Groups", "{\"displayName\":\"%s\"}".formatted(displayName));

        acme().post("/Groups", "{\"displayName\":\"%s\"}".formatted(displayName.toUpperCase()))
                .assertScimError(409, "uniqueness");
    }

    @Test
    void a_group_without_displayName_is_a_400_invalidValue() {
        acme().post("/Groups", "{\"externalId\":\"x\"}").assertScimError(400, "invalidValue");
    }

    @Test
    void a_member_that_is_a_group_is_a_400_invalidValue() {
        acme().post("/Groups", """
                {"displayName":"%s","members":[{"value":"g1","type":"Group"}]}""".formatted(name("Nested")))
                .assertScimError(400, "invalidValue");
    }

    @Test
    void entra_adds_and_removes_members_with_one_patch_answered_204() {
        String ada = user("Ada");
        String grace = user("Grace");
        String id = acme().post("/Groups", "{\"displayName\":\"%s\",\"members\":[{\"value\":\"%s\"}]}"
                .formatted(name("Batch"), ada)).id();

        ScimClientSession.Answer patched = acme().patch("/Groups/" + id, """
                {"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
                 "Operations":[{"op":"Add","path":"members","value":[{"value":"%s"}]},
                               {"op":"Remove","path":"members","value":[{"value":"%s"}]}]}""".formatted(grace, ada));

        assertThat(patched.status()).isEqualTo(204);
        assertThat(patched.headers().getETag()).isEqualTo("W/\"2\"");
        assertThat(provisioning.last(ChangeGroup.class).edits()).containsExactlyInAnyOrder(
                new GroupEdit.AddMembers(List.of(grace)), new GroupEdit.RemoveMembers(List.of(ada)));
        assertThat(acme().get("/Groups/" + id).body().path("members").path(0).path("value").asString())
                .isEqualTo(grace);
    }

    @Test
    void okta_removes_a_member_by_a_value_filter_and_renames_the_group() {
        String ada = user("Ada");
        String id = acme().post("/Groups", "{\"displayName\":\"%s\",\"members\":[{\"value\":\"%s\"}]}"
                .formatted(name("Okta"), ada)).id();
        String renamed = name("Renamed");

        assertThat(acme().patch("/Groups/" + id, """
                {"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
                 "Operations":[{"op":"remove","path":"members[value eq \\"%s\\"]"},
                               {"op":"replace","value":{"id":"%s","displayName":"%s"}}]}""".formatted(ada, id, renamed))
                .status()).isEqualTo(204);

        JsonNode group = acme().get("/Groups/" + id).body();
        assertThat(group.path("displayName").asString()).isEqualTo(renamed);
        assertThat(group.path("members").isEmpty()).isTrue();
    }

    @Test
    void a_group_patch_without_the_PatchOp_schema_is_a_400_invalidSyntax_and_sends_nothing() {
        String ada = user("Ada");
        String id = acme().post("/Groups", "{\"displayName\":\"%s\"}".formatted(name("Schemaless"))).id();
        int before = provisioning.received().size();

        acme().patch("/Groups/" + id, """
                {"Operations":[{"op":"add","path":"members","value":[{"value":"%s"}]}]}""".formatted(ada))
                .assertScimError(400, "invalidSyntax");

        assertThat(provisioning.received()).hasSize(before);
    }

    @Test
    void a_member_that_is_not_a_user_is_refused_and_nothing_changes() {
        String id = acme().post("/Groups", "{\"displayName\":\"%s\"}".formatted(name("Strict"))).id();

        acme().patch("/Groups/" + id, """
                {"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
                 "Operations":[{"op":"add","path":"members","value":[{"value":"no-such-user"}]}]}""")
                .assertScimError(400, "invalidValue");
        assertThat(acme().get("/Groups/" + id).body().path("members").isEmpty()).isTrue();
    }

    @Test
    void entra_asks_for_groups_without_members_and_none_are_read() {
        String ada = user("Ada");
        String displayName = name("Lookup");
        acme().post("/Groups", "{\"displayName\":\"%s\",\"members\":[{\"value\":\"%s\"}]}".formatted(displayName, ada));
        int before = provisioning.memberReads();

        JsonNode found = acme().get("/Groups?excludedAttributes=members&filter="
                + ScimClientSession.encode("displayName eq \"" + displayName.toLowerCase() + "\"")).body();

        assertThat(found.path("totalResults").asInt()).isEqualTo(1);
        assertThat(found.path("Resources").path(0).has("members")).isFalse();
        assertThat(provisioning.memberReads()).isEqualTo(before);
    }

    @Test
    void a_group_filter_the_directory_cannot_answer_is_a_400_invalidFilter() {
        acme().get("/Groups?filter=" + ScimClientSession.encode("displayName co \"Sales\""))
                .assertScimError(400, "invalidFilter");
        acme().get("/Groups?filter=" + ScimClientSession.encode("displayName eq \"a\" or displayName eq \"b\""))
                .assertScimError(400, "invalidFilter");
    }

    @Test
    void an_unknown_group_is_a_404_and_its_delete_too() {
        acme().get("/Groups/" + UUID.randomUUID()).assertScimError(404, null);
        acme().delete("/Groups/" + UUID.randomUUID()).assertScimError(404, null);
    }

    @Test
    void a_deleted_group_is_gone_and_its_members_stay() {
        String ada = user("Ada");
        String id = acme().post("/Groups", "{\"displayName\":\"%s\",\"members\":[{\"value\":\"%s\"}]}"
                .formatted(name("Gone"), ada)).id();

        assertThat(acme().delete("/Groups/" + id).status()).isEqualTo(204);

        acme().get("/Groups/" + id).assertScimError(404, null);
        assertThat(acme().get("/Users/" + ada).body().has("groups")).isFalse();
    }

    @Test
    void a_stale_if_match_on_a_group_is_a_412() {
        String id = acme().post("/Groups", "{\"displayName\":\"%s\"}".formatted(name("Versioned"))).id();

        assertThat(acme().send("PATCH", "/Groups/" + id, """
                {"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
                 "Operations":[{"op":"replace","path":"displayName","value":"%s"}]}""".formatted(name("New")), "W/\"5\"")
                .status()).isEqualTo(412);
        assertThat(provisioning.last(ChangeGroup.class).expectedVersion()).isEqualTo(5L);
    }

    @Test
    void a_create_sends_the_members_it_names_once_each() {
        String ada = user("Ada");

        acme().post("/Groups", "{\"displayName\":\"%s\",\"members\":[{\"value\":\"%s\"},{\"value\":\"%s\"}]}"
                .formatted(name("Twice"), ada, ada));

        assertThat(provisioning.last(CreateGroup.class).members()).containsExactly(ada);
    }
}
