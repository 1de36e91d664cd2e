package app.thestorage.provisioning.scim.patch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import app.thestorage.provisioning.scim.ScimException;
import app.thestorage.provisioning.scim.document.ScimUserDocument;
import app.thestorage.provisioning.contract.user.UserAttributes;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

class UserPatchTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private static final String ADA = """
            {"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],"id":"u1","userName":"ada@contoso.example",
             "externalId":"obj-1","name":{"givenName":"Ada","familyName":"Lovelace"},"displayName":"Ada Lovelace",
             "emails":[{"value":"ada@contoso.example","type":"work","primary":true}],"active":true,
             "meta":{"resourceType":"User","version":"W/\\"1\\""}}
            """;

    @Test
    void entra_disables_a_user_with_a_capitalised_replace_and_the_string_False() {
        UserAttributes patched = patch(ADA, """
                {"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
                 "Operations":[{"op":"Replace","path":"active","value":"False"}]}
                """);

        assertThat(patched.active()).isFalse();
        assertThat(patched.userName()).isEqualTo("ada@contoso.example");
    }

    @Test
    void entra_replaces_the_work_email_value_through_a_value_filter() {
        UserAttributes patched = patch(ADA, """
                {"Operations":[{"op":"Replace","path":"emails[type eq \\"work\\"].value","value":"ada.l@contoso.example"}]}
                """);

        assertThat(patched.emails()).singleElement().satisfies(email -> {
            assertThat(email.value()).isEqualTo("ada.l@contoso.example");
            assertThat(email.type()).isEqualTo("work");
            assertThat(email.primary()).isTrue();
        });
    }

    @Test
    void entra_replacing_a_work_email_that_does_not_exist_yet_adds_it() {
        UserAttributes patched = patch("""
                {"userName":"grace@contoso.example","active":true}
                """, """
                {"Operations":[{"op":"replace","path":"emails[type eq \\"work\\"].value","value":"grace@contoso.example"}]}
                """);

        assertThat(patched.emails()).singleElement().satisfies(email -> {
            assertThat(email.value()).isEqualTo("grace@contoso.example");
            assertThat(email.type()).isEqualTo("work");
        });
    }

    @Test
    void entra_path_less_replace_with_dotted_keys_and_the_enterprise_urn() {
        UserAttributes patched = patch(ADA, """
                {"Operations":[{"op":"replace","value":{
                   "name.givenName":"Augusta",
                   "displayName":"Augusta Ada King",
                   "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department":"Analytical Engines",
                   "active":"True"}}]}
                """);

        assertThat(patched.name().givenName()).isEqualTo("Augusta");
        assertThat(patched.name().familyName()).isEqualTo("Lovelace");
        assertThat(patched.displayName()).isEqualTo("Augusta Ada King");
        assertThat(patched.department()).isEqualTo("Analytical Engines");
        assertThat(patched.active()).isTrue();
    }

    @Test
    void entra_path_less_add_with_the_extension_as_an_object() {
        UserAttributes patched = patch(ADA, """
                {"Operations":[{"op":"Add","value":{
                   "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User":{"department":"Research"},
                   "title":"Mathematician"}}]}
                """);

        assertThat(patched.department()).isEqualTo("Research");
        assertThat(patched.title()).isEqualTo("Mathematician");
    }

    @Test
    void okta_deactivates_with_a_path_less_replace_of_active() {
        UserAttributes patched = patch(ADA, """
                {"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
                 "Operations":[{"op":"replace","value":{"active":false}}]}
                """);

        assertThat(patched.active()).isFalse();
    }

    @Test
    void add_appends_to_emails_and_remove_with_a_filter_takes_the_matching_ones_away() {
        UserAttributes added = patch(ADA, """
                {"Operations":[{"op":"add","path":"emails","value":[{"value":"ada@home.example","type":"home"}]}]}
                """);
        assertThat(added.emails()).hasSize(2);

        UserAttributes removed = patch(ADA, """
                {"Operations":[{"op":"add","path":"emails","value":[{"value":"ada@home.example","type":"home"}]},
                               {"op":"remove","path":"emails[type eq \\"home\\"]"}]}
                """);
        assertThat(removed.emails()).extracting(e -> e.type()).containsExactly("work");
    }

    @Test
    void remove_of_a_simple_attribute_clears_it() {
        UserAttributes patched = patch(ADA, """
                {"Operations":[{"op":"remove","path":"displayName"}]}
                """);

        assertThat(patched.displayName()).isNull();
    }

    @Test
    void the_input_resource_is_not_modified() {
        ObjectNode original = (ObjectNode) JSON.readTree(ADA);
        ObjectNode copy = original.deepCopy();

        UserPatch.apply(original, JSON.readTree("""
                {"Operations":[{"op":"replace","path":"userName","value":"other"}]}
                """));

        assertThat(original).isEqualTo(copy);
    }

    @Test
    void a_password_in_a_patch_tells_the_admin_to_turn_sync_password_off() {
        assertThatThrownBy(() -> patch(ADA, """
                {"Operations":[{"op":"replace","path":"password","value":"s3cret!"}]}
                """))
                .isInstanceOfSatisfying(ScimException.class, e -> {
                    assertThat(e.status()).isEqualTo(400);
                    assertThat(e.detail()).contains("Sync Password").doesNotContain("s3cret!");
                });
    }

    @Test
    void remove_without_path_is_no_target_and_id_is_read_only() {
        assertThatThrownBy(() -> patch(ADA, "{\"Operations\":[{\"op\":\"remove\"}]}"))
                .isInstanceOfSatisfying(ScimException.class, e -> assertThat(e.scimType()).isEqualTo("noTarget"));
        assertThatThrownBy(() -> patch(ADA, "{\"Operations\":[{\"op\":\"replace\",\"path\":\"id\",\"value\":\"x\"}]}"))
                .isInstanceOfSatisfying(ScimException.class, e -> assertThat(e.scimType()).isEqualTo("mutability"));
    }

    @Test
    void unknown_ops_and_missing_operations_are_400() {
        assertThatThrownBy(() -> patch(ADA, "{\"Operations\":[{\"op\":\"merge\",\"path\":\"title\",\"value\":\"x\"}]}"))
                .isInstanceOfSatisfying(ScimException.class, e -> assertThat(e.status()).isEqualTo(400));
        assertThatThrownBy(() -> patch(ADA, "{\"schemas\":[]}"))
                .isInstanceOfSatisfying(ScimException.class, e -> assertThat(e.status()).isEqualTo(400));
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "{\"op\":\"remove\",\"path\":\"NonExistingAttr\"}",
            "{\"op\":\"replace\",\"path\":\"urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:employeNumber\",\"value\":\"1\"}",
            "{\"op\":\"replace\",\"path\":\"name.nickName\",\"value\":\"Ada\"}",
            "{\"op\":\"replace\",\"path\":\"emails[type eq \\\"work\\\"].address\",\"value\":\"a@b.example\"}",
            "{\"op\":\"replace\",\"value\":{\"noSuchAttribute\":\"x\"}}",
            "{\"op\":\"add\",\"path\":\"urn:example:custom:2.0:User:badge\",\"value\":\"x\"}"})
    void a_path_in_no_schema_is_a_400_invalid_path_and_nothing_is_applied(String unknown) {
        ObjectNode ada = (ObjectNode) JSON.readTree(ADA);
        JsonNode request = JSON.readTree("""
                {"Operations":[{"op":"replace","path":"displayName","value":"Countess of Lovelace"},%s]}
                """.formatted(unknown));

        assertThatThrownBy(() -> UserPatch.apply(ada, request))
                .isInstanceOfSatisfying(ScimException.class, e -> {
                    assertThat(e.status()).isEqualTo(400);
                    assertThat(e.scimType()).isEqualTo("invalidPath");
                });
        assertThat(ada).isEqualTo(JSON.readTree(ADA));
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "{\"op\":\"add\",\"path\":\"groups\",\"value\":[{\"value\":\"g1\"}]}",
            "{\"op\":\"replace\",\"value\":{\"groups\":[{\"value\":\"g1\",\"type\":\"direct\"}]}}",
            "{\"op\":\"remove\",\"path\":\"groups[value eq \\\"g1\\\"]\"}",
            "{\"op\":\"replace\",\"path\":\"Groups.value\",\"value\":\"g1\"}",
            "{\"op\":\"remove\",\"path\":\"groups\"}"})
    void a_users_groups_are_read_only_as_memberships_change_through_the_group(String operation) {
        ObjectNode ada = (ObjectNode) JSON.readTree(ADA);

        assertThatThrownBy(() -> UserPatch.apply(ada, JSON.readTree("{\"Operations\":[" + operation + "]}")))
                .isInstanceOfSatisfying(ScimException.class, e -> {
                    assertThat(e.status()).isEqualTo(400);
                    assertThat(e.scimType()).isEqualTo("mutability");
                });
    }

    @Test
    void an_attribute_added_in_other_letter_case_to_a_user_without_it_is_kept() {
        UserAttributes patched = patch("""
                {"id":"u2","userName":"grace@contoso.example","active":true}
                """, """
                {"Operations":[{"op":"add","path":"DisplayName","value":"Grace Hopper"},
                               {"op":"add","path":"Name.GivenName","value":"Grace"},
                               {"op":"add","value":{"Title":"Rear Admiral"}}]}
                """);

        assertThat(patched.displayName()).isEqualTo("Grace Hopper");
        assertThat(patched.name().givenName()).isEqualTo("Grace");
        assertThat(patched.title()).isEqualTo("Rear Admiral");
    }

    @Test
    void attributes_a_schema_defines_but_theStorage_does_not_keep_are_accepted_and_ignored() {
        UserAttributes patched = patch(ADA, """
                {"Operations":[
                  {"op":"add","path":"phoneNumbers","value":[{"value":"+1 555 0100","type":"work"}]},
                  {"op":"replace","path":"addresses[type eq \\"work\\"].locality","value":"London"},
                  {"op":"replace","path":"urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:employeeNumber","value":"42"},
                  {"op":"replace","value":{"nickName":"Ada","userType":"Employee","name.middleName":"King"}},
                  {"op":"replace","path":"title","value":"Analyst"}]}
                """);

        assertThat(patched.title()).isEqualTo("Analyst");
        assertThat(patched.userName()).isEqualTo("ada@contoso.example");
    }

    @Test
    void the_edge_check_refuses_what_is_wrong_whatever_the_user_is() {
        assertRefused("""
                {"Operations":[{"op":"replace","path":"nickname2","value":"x"}]}""", "invalidPath");
        assertRefused("""
                {"Operations":[{"op":"replace","path":"id","value":"x"}]}""", "mutability");
        assertRefused("""
                {"Operations":[{"op":"replace","value":{"title":"bad\\u0000value"}}]}""", "invalidValue");
        assertRefused("""
                {"Operations":[{"op":"add","path":"emails","value":[{"value":"bad\\ud800@acme.example"}]}]}""",
                "invalidValue");
        assertRefused("""
                {"Operations":[{"op":"replace","path":"userName","value":"%s"}]}""".formatted("a".repeat(300)),
                "invalidValue");
        assertRefused("""
                {"Operations":[{"op":"jump","path":"title","value":"x"}]}""", "invalidSyntax");
    }

    @Test
    void the_edge_check_leaves_to_the_user_what_depends_on_it() {
        // no email of this user may match, and the filter does not say which one to add: the projector decides
        String unmatched = """
                {"Operations":[{"op":"replace","path":"emails[value sw \\"x\\"].type","value":"home"}]}""";
        UserPatch.check(JSON.readTree(unmatched));
        UserPatch.check(JSON.readTree("""
                {"Operations":[{"op":"Replace","path":"emails[type eq \\"work\\"].value","value":"ada@acme.example"},
                               {"op":"Replace","path":"active","value":"False"},
                               {"op":"Replace","value":{"name.givenName":"Ada","urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department":"R&D"}}]}"""));

        assertThatThrownBy(() -> patch(ADA, unmatched)).isInstanceOfSatisfying(ScimException.class,
                refused -> assertThat(refused.scimType()).isEqualTo("noTarget"));
    }

    private static void assertRefused(String request, String scimType) {
        assertThatThrownBy(() -> UserPatch.check(JSON.readTree(request))).isInstanceOfSatisfying(ScimException.class,
                refused -> {
                    assertThat(refused.status()).isEqualTo(400);
                    assertThat(refused.scimType()).isEqualTo(scimType);
                });
    }

    private static UserAttributes patch(String resource, String request) {
        JsonNode patched = UserPatch.apply((ObjectNode) JSON.readTree(resource), JSON.readTree(request));
        return ScimUserDocument.attributesOf(patched, ScimUserDocument.Intent.REPLACE);
    }
}
