package app.thestorage.provisioning.ingest.scim;

import static org.assertj.core.api.Assertions.assertThat;

import app.thestorage.provisioning.contract.command.CreateUser;
import app.thestorage.provisioning.contract.command.PatchUser;
import app.thestorage.provisioning.contract.command.ReplaceUser;
import app.thestorage.provisioning.contract.user.IdentityProvider;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpHeaders;
import org.springframework.test.web.reactive.server.WebTestClient;
import tools.jackson.databind.JsonNode;

/** /Users as Entra ID, Okta and other SCIM clients use it, at the edge: what they send, what they are answered. */
@ScimSliceTest
class ScimUsersSliceTest {

    @Autowired
    WebTestClient web;
    @Autowired
    InMemoryProvisioning provisioning;

    private ScimClientSession acme() {
        return new ScimClientSession(web, "acme", ScimSlice.TOKEN, "Microsoft.Azure.AD (unit test)");
    }

    private static String unique(String prefix) {
        return prefix + "." + UUID.randomUUID() + "@acme.example";
    }

    @Test
    void a_create_is_201_with_the_user_its_location_and_its_version() {
        String userName = unique("ada");
        ScimClientSession.Answer created = acme().post("/Users", """
                {"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],"userName":"%s","externalId":"ext-ada",
                 "name":{"givenName":"Ada","familyName":"Lovelace"},"active":true}
                """.formatted(userName));

        assertThat(created.status()).isEqualTo(201);
        assertThat(created.contentType()).startsWith("application/scim+json");
        String id = created.body().path("id").asString();
        assertThat(created.headers().getLocation()).hasToString(ScimClientSession.HOST + "/api/acme/scim/v2/Users/" + id);
        assertThat(created.headers().getETag()).isEqualTo("W/\"1\"");
        assertThat(created.body().path("userName").asString()).isEqualTo(userName);
        assertThat(created.body().path("meta").path("resourceType").asString()).isEqualTo("User");
        assertThat(provisioning.last(CreateUser.class).attributes().userName()).isEqualTo(userName);
    }

    @Test
    void entra_is_recognised_by_its_user_agent_and_okta_by_its_own() {
        acme().post("/Users", "{\"userName\":\"%s\"}".formatted(unique("entra")));
        assertThat(provisioning.last(CreateUser.class).source()).isEqualTo(IdentityProvider.MICROSOFT_ENTRA_ID);

        new ScimClientSession(web, "acme", ScimSlice.TOKEN, "Okta SCIM Client 1.0.0")
                .post("/Users", "{\"userName\":\"%s\"}".formatted(unique("okta")));
        assertThat(provisioning.last(CreateUser.class).source()).isEqualTo(IdentityProvider.OKTA);

        new ScimClientSession(web, "acme", ScimSlice.TOKEN, "curl/8")
                .post("/Users", "{\"userName\":\"%s\"}".formatted(unique("other")));
        assertThat(provisioning.last(CreateUser.class).source()).isEqualTo(IdentityProvider.OTHER_SCIM_CLIENT);
    }

    @Test
    void the_identity_provider_a_tenant_chose_wins_over_the_user_agent() {
        new ScimClientSession(web, "chosen", ScimSlice.OKTA_TOKEN, "Microsoft.Azure.AD")
                .post("/Users", "{\"userName\":\"%s\"}".formatted(unique("chosen")));

        assertThat(provisioning.last(CreateUser.class).source()).isEqualTo(IdentityProvider.OKTA);
    }

    @Test
    void a_userName_taken_in_another_letter_case_is_a_409_uniqueness() {
        String userName = unique("Grace");
        acme().post("/Users", "{\"userName\":\"%s\"}".formatted(userName));

        ScimClientSession.Answer again = acme().post("/Users", "{\"userName\":\"%s\"}".formatted(userName.toUpperCase()));

        again.assertScimError(409, "uniqueness");
        assertThat(again.body().path("detail").asString()).contains("already exists");
    }

    @Test
    void a_create_without_userName_is_a_400_invalidValue_and_sends_nothing() {
        int before = provisioning.received().size();

        acme().post("/Users", "{\"name\":{\"givenName\":\"Nobody\"}}").assertScimError(400, "invalidValue");

        assertThat(provisioning.received()).hasSize(before);
    }

    @Test
    void malformed_json_is_a_400_invalidSyntax_that_does_not_quote_the_body() {
        ScimClientSession.Answer refused = acme().post("/Users", "{\"userName\":\"ada\",\"password\":\"s3cret-Value");

        refused.assertScimError(400, "invalidSyntax");
        assertThat(refused.body().path("detail").asString()).doesNotContain("s3cret");
    }

    @Test
    void an_attribute_named_twice_is_a_400_invalidSyntax() {
        acme().post("/Users", "{\"userName\":\"a@acme.example\",\"userName\":\"b@acme.example\"}")
                .assertScimError(400, "invalidSyntax");
    }

    @Test
    void a_body_that_is_not_an_object_is_a_400_invalidSyntax() {
        acme().post("/Users", "[\"userName\"]").assertScimError(400, "invalidSyntax");
        acme().post("/Users", "\"ada\"").assertScimError(400, "invalidSyntax");
    }

    @Test
    void a_create_without_a_body_is_a_400_invalidSyntax() {
        acme().post("/Users", null).assertScimError(400, "invalidSyntax");
    }

    @Test
    void okta_may_send_a_placeholder_password_on_create_but_it_is_never_returned() {
        ScimClientSession.Answer created = acme().post("/Users", """
                {"userName":"%s","password":"1mP0sSible-Placeholder","active":true}""".formatted(unique("okta")));

        assertThat(created.status()).isEqualTo(201);
        assertThat(created.body().has("password")).isFalse();
    }

    @Test
    void a_replace_with_a_password_tells_the_admin_to_turn_off_sync_password_without_echoing_it() {
        String id = acme().post("/Users", "{\"userName\":\"%s\"}".formatted(unique("pw"))).id();

        ScimClientSession.Answer refused = acme().put("/Users/" + id,
                "{\"userName\":\"pw@acme.example\",\"password\":\"Sup3r-Secret\"}");

        refused.assertScimError(400, "mutability");
        assertThat(refused.body().path("detail").asString()).contains("Sync Password").doesNotContain("Sup3r-Secret");
    }

    @Test
    void entra_disables_a_user_with_the_string_False() {
        String id = acme().post("/Users", "{\"userName\":\"%s\",\"active\":true}".formatted(unique("off"))).id();

        ScimClientSession.Answer disabled = acme().patch("/Users/" + id, """
                {"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
                 "Operations":[{"op":"Replace","path":"active","value":"False"}]}""");

        assertThat(disabled.status()).isEqualTo(200);
        assertThat(disabled.body().path("active").asBoolean(true)).isFalse();
        assertThat(disabled.headers().getETag()).isEqualTo("W/\"2\"");
        assertThat(acme().get("/Users/" + id).body().path("active").asBoolean(true)).isFalse();
    }

    @Test
    void entra_replaces_a_work_email_through_a_value_filter_path() {
        String id = acme().post("/Users", """
                {"userName":"%s","emails":[{"value":"old@acme.example","type":"work","primary":true}]}
                """.formatted(unique("mail"))).id();

        ScimClientSession.Answer patched = acme().patch("/Users/" + id, """
                {"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
                 "Operations":[{"op":"Replace","path":"emails[type eq \\"work\\"].value","value":"new@acme.example"}]}""");

        assertThat(patched.status()).isEqualTo(200);
        assertThat(patched.body().path("emails").path(0).path("value").asString()).isEqualTo("new@acme.example");
    }

    @Test
    void okta_deactivates_with_a_path_less_replace() {
        String id = acme().post("/Users", "{\"userName\":\"%s\",\"active\":true}".formatted(unique("okta"))).id();

        ScimClientSession.Answer deactivated = acme().patch("/Users/" + id, """
                {"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
                 "Operations":[{"op":"replace","value":{"active":false}}]}""");

        assertThat(deactivated.status()).isEqualTo(200);
        assertThat(deactivated.body().path("active").asBoolean(true)).isFalse();
    }

    @Test
    void a_patch_goes_to_the_projector_unapplied_with_the_if_match_version() {
        String id = acme().post("/Users", "{\"userName\":\"%s\"}".formatted(unique("etag"))).id();

        acme().send("PATCH", "/Users/" + id, """
                {"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
                 "Operations":[{"op":"replace","path":"title","value":"Lead"}]}""", "W/\"1\"");

        PatchUser sent = provisioning.last(PatchUser.class);
        assertThat(sent.userId()).isEqualTo(id);
        assertThat(sent.expectedVersion()).isEqualTo(1L);
        assertThat(sent.patch().path("Operations").path(0).path("path").asString()).isEqualTo("title");
    }

    @Test
    void a_stale_if_match_is_a_412() {
        String id = acme().post("/Users", "{\"userName\":\"%s\"}".formatted(unique("stale"))).id();

        ScimClientSession.Answer stale = acme().send("PUT", "/Users/" + id,
                "{\"userName\":\"stale@acme.example\"}", "W/\"7\"");

        assertThat(stale.status()).isEqualTo(412);
        assertThat(stale.body().path("schemas").path(0).asString()).isEqualTo("urn:ietf:params:scim:api:messages:2.0:Error");
        assertThat(provisioning.last(ReplaceUser.class).expectedVersion()).isEqualTo(7L);
    }

    @Test
    void an_if_match_that_is_not_our_tag_can_match_no_version() {
        String id = acme().post("/Users", "{\"userName\":\"%s\"}".formatted(unique("tag"))).id();

        assertThat(acme().send("PUT", "/Users/" + id, "{\"userName\":\"tag@acme.example\"}", "\"abc\"").status())
                .isEqualTo(412);
    }

    @Test
    void a_patch_naming_an_attribute_that_does_not_exist_is_a_400_and_sends_nothing() {
        String id = acme().post("/Users", "{\"userName\":\"%s\"}".formatted(unique("path"))).id();
        int before = provisioning.received().size();

        ScimClientSession.Answer refused = acme().patch("/Users/" + id, """
                {"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
                 "Operations":[{"op":"replace","path":"favouriteColour","value":"blue"}]}""");

        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.body().path("scimType").asString()).isIn("invalidPath", "invalidValue");
        assertThat(provisioning.received()).hasSize(before);
    }

    @Test
    void a_patch_of_the_password_is_refused_without_echoing_it() {
        String id = acme().post("/Users", "{\"userName\":\"%s\"}".formatted(unique("pwpatch"))).id();

        ScimClientSession.Answer refused = acme().patch("/Users/" + id, """
                {"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
                 "Operations":[{"op":"replace","path":"password","value":"Sup3r-Secret"}]}""");

        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.body().path("detail").asString()).doesNotContain("Sup3r-Secret");
    }

    @Test
    void a_patch_without_the_PatchOp_schema_is_a_400_invalidSyntax_and_sends_nothing() {
        String id = acme().post("/Users", "{\"userName\":\"%s\"}".formatted(unique("noschema"))).id();
        int before = provisioning.received().size();

        ScimClientSession.Answer refused = acme().patch("/Users/" + id,
                "{\"Operations\":[{\"op\":\"replace\",\"path\":\"active\",\"value\":false}]}");

        refused.assertScimError(400, "invalidSyntax");
        assertThat(refused.body().path("detail").asString()).contains("urn:ietf:params:scim:api:messages:2.0:PatchOp");
        assertThat(provisioning.received()).hasSize(before);
        assertThat(acme().get("/Users/" + id).body().path("active").asBoolean()).isTrue();
    }

    @Test
    void a_patch_with_another_schema_than_PatchOp_is_a_400_invalidSyntax() {
        String id = acme().post("/Users", "{\"userName\":\"%s\"}".formatted(unique("wrongschema"))).id();

        for (String schemas : new String[] {"[\"urn:ietf:params:scim:schemas:core:2.0:User\"]", "[]",
                "\"urn:ietf:params:scim:api:messages:2.0:PatchOp\"", "null"}) {
            acme().patch("/Users/" + id, """
                    {"schemas":%s,"Operations":[{"op":"replace","path":"title","value":"x"}]}""".formatted(schemas))
                    .assertScimError(400, "invalidSyntax");
        }
    }

    @Test
    void the_PatchOp_schema_is_recognised_in_any_letter_case_as_urns_compare() {
        String id = acme().post("/Users", "{\"userName\":\"%s\"}".formatted(unique("case"))).id();

        assertThat(acme().patch("/Users/" + id, """
                {"Schemas":["URN:ietf:params:scim:api:messages:2.0:PatchOp"],
                 "Operations":[{"op":"replace","path":"title","value":"Lead"}]}""").status()).isEqualTo(200);
    }

    @Test
    void an_unknown_patch_op_is_a_400_invalidSyntax() {
        acme().patch("/Users/any", """
                {"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
                 "Operations":[{"op":"merge","path":"title","value":"x"}]}""").assertScimError(400, "invalidSyntax");
    }

    @Test
    void a_patch_with_no_operations_is_a_400_invalidSyntax() {
        acme().patch("/Users/any", """
                {"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],"Operations":[]}""")
                .assertScimError(400, "invalidSyntax");
    }

    @Test
    void a_patch_of_a_user_that_is_not_there_is_a_404() {
        acme().patch("/Users/" + UUID.randomUUID(), """
                {"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
                 "Operations":[{"op":"replace","path":"title","value":"x"}]}""").assertScimError(404, null);
    }

    @Test
    void get_shows_the_user_with_the_groups_it_is_in() {
        String id = acme().post("/Users", "{\"userName\":\"%s\"}".formatted(unique("member"))).id();
        String groupId = acme().post("/Groups", """
                {"displayName":"Readers %s","members":[{"value":"%s"}]}""".formatted(UUID.randomUUID(), id)).id();

        JsonNode user = acme().get("/Users/" + id).body();

        assertThat(user.path("groups").path(0).path("value").asString()).isEqualTo(groupId);
        assertThat(user.path("groups").path(0).path("display").asString()).startsWith("Readers ");
        assertThat(user.path("groups").path(0).path("$ref").asString())
                .isEqualTo(ScimClientSession.HOST + "/api/acme/scim/v2/Groups/" + groupId);
    }

    @Test
    void an_unknown_user_is_a_404_scim_error() {
        acme().get("/Users/" + UUID.randomUUID()).assertScimError(404, null);
    }

    @Test
    void an_id_no_user_can_have_is_a_404_not_a_500() {
        acme().get("/Users/" + "x".repeat(5000)).assertScimError(404, null);
        acme().get("/Users/a%01b").assertScimError(404, null);
    }

    @Test
    void if_none_match_with_the_current_version_is_a_304() {
        String id = acme().post("/Users", "{\"userName\":\"%s\"}".formatted(unique("cache"))).id();

        WebTestClient.ResponseSpec response = web.get().uri("/api/acme/scim/v2/Users/" + id)
                .header(HttpHeaders.AUTHORIZATION, "Bearer " + ScimSlice.TOKEN)
                .header(HttpHeaders.IF_NONE_MATCH, "W/\"1\"")
                .exchange();

        response.expectStatus().isNotModified().expectHeader().valueEquals(HttpHeaders.ETAG, "W/\"1\"");
    }

    @Test
    void the_lookup_before_a_create_finds_the_user_in_any_letter_case() {
        String userName = unique("Lookup");
        String id = acme().post("/Users", "{\"userName\":\"%s\"}".formatted(userName)).id();

        JsonNode found = acme().get("/Users?filter=" + ScimClientSession.encode(
                "userName eq \"" + userName.toLowerCase() + "\"")).body();

        assertThat(found.path("schemas").path(0).asString())
                .isEqualTo("urn:ietf:params:scim:api:messages:2.0:ListResponse");
        assertThat(found.path("totalResults").asInt()).isEqualTo(1);
        assertThat(found.path("Resources").path(0).path("id").asString()).isEqualTo(id);
    }

    @Test
    void a_lookup_that_finds_nobody_is_an_empty_list_not_a_404() {
        JsonNode none = acme().get("/Users?filter=" + ScimClientSession.encode("userName eq \"nobody@acme.example\""))
                .body();

        assertThat(none.path("totalResults").asInt()).isZero();
        assertThat(none.path("Resources").isEmpty()).isTrue();
    }

    @Test
    void attributes_shape_a_create_response() {
        ScimClientSession.Answer created = acme().post("/Users?attributes=userName",
                "{\"userName\":\"%s\",\"title\":\"Tester\"}".formatted(unique("shape")));

        assertThat(created.body().propertyNames()).containsExactlyInAnyOrder("schemas", "id", "userName");
    }

    @Test
    void an_attribute_list_that_is_not_attributes_is_a_400_invalidValue_and_creates_nothing() {
        int before = provisioning.received().size();

        acme().post("/Users?attributes=" + ScimClientSession.encode("user name!"),
                "{\"userName\":\"%s\"}".formatted(unique("bad"))).assertScimError(400, "invalidValue");

        assertThat(provisioning.received()).hasSize(before);
    }

    @Test
    void a_delete_is_204_and_the_user_is_gone() {
        String id = acme().post("/Users", "{\"userName\":\"%s\"}".formatted(unique("leaver"))).id();

        assertThat(acme().delete("/Users/" + id).status()).isEqualTo(204);
        acme().get("/Users/" + id).assertScimError(404, null);
        acme().delete("/Users/" + id).assertScimError(404, null);
    }

    @Test
    void a_tenant_never_sees_another_tenants_user() {
        String id = acme().post("/Users", "{\"userName\":\"%s\"}".formatted(unique("wall"))).id();

        new ScimClientSession(web, "globex", ScimSlice.OTHER_TOKEN, "curl/8").get("/Users/" + id)
                .assertScimError(404, null);
    }

    @Test
    void a_trailing_slash_is_the_same_endpoint() {
        String id = acme().post("/Users/", "{\"userName\":\"%s\"}".formatted(unique("slash"))).id();

        assertThat(acme().get("/Users/" + id + "/").status()).isEqualTo(200);
    }
}
