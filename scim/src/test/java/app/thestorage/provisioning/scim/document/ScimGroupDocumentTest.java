package app.thestorage.provisioning.scim.document;

import app.thestorage.provisioning.scim.ScimException;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import app.thestorage.provisioning.contract.group.Group;
import app.thestorage.provisioning.contract.user.IdentityProvider;
import app.thestorage.provisioning.scim.group.GroupAttributes;
import app.thestorage.provisioning.scim.group.GroupMember;
import app.thestorage.provisioning.scim.schema.ResourceType;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

class ScimGroupDocumentTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String BASE = "https://app.example/api/acme/scim/v2";
    private static final Group ENGINEERING = new Group("acme", "g1", "Engineering", "ext-g1",
            IdentityProvider.MICROSOFT_ENTRA_ID, Instant.parse("2026-11-23T10:00:00Z"),
            Instant.parse("2026-11-23T11:00:00Z"), 7);

    @Test
    void reads_an_entra_create_with_its_extension_schema_and_no_members() {
        GroupAttributes attributes = ScimGroupDocument.attributesOf(json("""
                {"schemas":["urn:ietf:params:scim:schemas:core:2.0:Group",
                            "http://schemas.microsoft.com/2006/11/ResourceManagement/ADSCIM/2.0/Group"],
                 "externalId":"8aa1a0c0-c4c3-4bc0-b4a5-2ef676900159","displayName":"Group1DisplayName","members":[]}
                """));

        assertThat(attributes).isEqualTo(new GroupAttributes("Group1DisplayName",
                "8aa1a0c0-c4c3-4bc0-b4a5-2ef676900159", Set.of()));
    }

    @Test
    void reads_an_okta_create_with_members_and_ignores_their_display() {
        GroupAttributes attributes = ScimGroupDocument.attributesOf(json("""
                {"schemas":["urn:ietf:params:scim:schemas:core:2.0:Group"],"displayName":"Test SCIMv2",
                 "members":[{"value":"23a35c27-23d3-4c03-b4c5-6443c09e7173","display":"test.user@okta.local"},
                            {"value":"5d3b1e7a-0c1f-4e8e-9a55-2f3c6b7d9e01","display":"other.user@okta.local"}]}
                """));

        assertThat(attributes.displayName()).isEqualTo("Test SCIMv2");
        assertThat(attributes.externalId()).isNull();
        assertThat(attributes.members()).containsExactly("23a35c27-23d3-4c03-b4c5-6443c09e7173",
                "5d3b1e7a-0c1f-4e8e-9a55-2f3c6b7d9e01");
    }

    @Test
    void duplicate_members_collapse_in_the_order_first_given_and_names_are_read_in_any_letter_case() {
        GroupAttributes attributes = ScimGroupDocument.attributesOf(json("""
                {"DisplayName":"Ops","EXTERNALID":"e-1","id":"ignored","meta":{"version":"W/\\"3\\""},"owner":"x",
                 "Members":[{"Value":"u2","Type":"user"},{"value":"u1","$ref":"https://elsewhere/Users/u1"},
                            {"value":"u2","type":"User"}]}
                """));

        assertThat(attributes).isEqualTo(new GroupAttributes("Ops", "e-1", Set.of("u1", "u2")));
        assertThat(attributes.members()).containsExactly("u2", "u1");
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "{\"members\":[]}",
            "{\"displayName\":\"\"}",
            "{\"displayName\":\"   \"}",
            "{\"displayName\":null}",
            "{\"displayName\":42}",
            "{\"displayName\":[\"Ops\"]}",
            "{\"displayName\":\"Ops\\u0000\"}",
            "{\"displayName\":\"Ops\",\"externalId\":7}",
            "{\"displayName\":\"Ops\",\"externalId\":\"e\\u0007\"}",
            "{\"displayName\":\"Ops\",\"members\":\"u1\"}",
            "{\"displayName\":\"Ops\",\"members\":[\"u1\"]}",
            "{\"displayName\":\"Ops\",\"members\":[{\"display\":\"Ada\"}]}",
            "{\"displayName\":\"Ops\",\"members\":[{\"value\":\"\"}]}",
            "{\"displayName\":\"Ops\",\"members\":[{\"value\":12}]}",
            "{\"displayName\":\"Ops\",\"members\":[{\"value\":\"u1\\ud800\"}]}",
            "{\"displayName\":\"Ops\",\"members\":[{\"value\":\"g2\",\"type\":\"Group\"}]}",
            "{\"displayName\":\"Ops\",\"members\":[{\"value\":\"u1\",\"type\":1}]}"})
    void what_cannot_be_a_group_is_an_invalid_value(String body) {
        assertThatThrownBy(() -> ScimGroupDocument.attributesOf(json(body)))
                .isInstanceOfSatisfying(ScimException.class, e -> {
                    assertThat(e.status()).isEqualTo(400);
                    assertThat(e.scimType()).isEqualTo("invalidValue");
                    assertThat(e.detail()).doesNotContain("\u0000", "\u0007");
                });
    }

    @Test
    void names_and_ids_longer_than_an_index_holds_are_refused() {
        String name = "n".repeat(257);
        assertThatThrownBy(() -> ScimGroupDocument.attributesOf(json("{\"displayName\":\"" + name + "\"}")))
                .isInstanceOfSatisfying(ScimException.class, e -> assertThat(e.detail()).contains("displayName")
                        .doesNotContain(name));
        assertThat(ScimGroupDocument.attributesOf(json("{\"displayName\":\"" + "n".repeat(256) + "\"}"))
                .displayName()).hasSize(256);
        assertThatThrownBy(() -> ScimGroupDocument.attributesOf(json(
                "{\"displayName\":\"Ops\",\"members\":[{\"value\":\"" + "u".repeat(257) + "\"}]}")))
                .isInstanceOfSatisfying(ScimException.class, e -> assertThat(e.detail()).contains("members.value"));
    }

    @Test
    void more_members_than_one_request_may_carry_are_refused() {
        String members = IntStream.rangeClosed(1, ScimGroupDocument.MAX_MEMBERS_PER_REQUEST + 1)
                .mapToObj(i -> "{\"value\":\"u" + i + "\"}").collect(Collectors.joining(","));

        assertThatThrownBy(() -> ScimGroupDocument.attributesOf(json("{\"displayName\":\"All\",\"members\":[" + members + "]}")))
                .isInstanceOfSatisfying(ScimException.class, e -> {
                    assertThat(e.scimType()).isEqualTo("invalidValue");
                    assertThat(e.detail()).contains("10000");
                });
    }

    @Test
    void a_body_that_is_not_an_object_is_invalid_syntax() {
        assertThatThrownBy(() -> ScimGroupDocument.attributesOf(json("[]")))
                .isInstanceOfSatisfying(ScimException.class, e -> assertThat(e.scimType()).isEqualTo("invalidSyntax"));
    }

    @Test
    void writes_the_group_with_its_members_refs_and_meta() {
        ObjectNode resource = ScimGroupDocument.resourceOf(ENGINEERING,
                List.of(new GroupMember("u1", "Ada Lovelace"), new GroupMember("u2", null)), BASE);

        assertThat(resource).isEqualTo(json("""
                {"schemas":["urn:ietf:params:scim:schemas:core:2.0:Group"],"id":"g1","externalId":"ext-g1",
                 "displayName":"Engineering",
                 "members":[{"value":"u1","$ref":"https://app.example/api/acme/scim/v2/Users/u1","display":"Ada Lovelace",
                             "type":"User"},
                            {"value":"u2","$ref":"https://app.example/api/acme/scim/v2/Users/u2","type":"User"}],
                 "meta":{"resourceType":"Group","created":"2026-11-23T10:00:00Z","lastModified":"2026-11-23T11:00:00Z",
                         "location":"https://app.example/api/acme/scim/v2/Groups/g1","version":"W/\\"7\\""}}
                """));
    }

    @Test
    void without_members_read_there_is_no_members_attribute_and_with_none_an_empty_one() {
        assertThat(ScimGroupDocument.resourceOf(ENGINEERING, BASE).has("members")).isFalse();
        assertThat(ScimGroupDocument.resourceOf(ENGINEERING, List.of(), BASE).get("members").isEmpty()).isTrue();
    }

    @Test
    void what_a_group_response_shows_survives_a_round_trip_through_a_put_body() {
        ObjectNode resource = ScimGroupDocument.resourceOf(ENGINEERING,
                List.of(new GroupMember("u1", "Ada"), new GroupMember("u2", "Grace")), BASE);

        assertThat(ScimGroupDocument.attributesOf(resource))
                .isEqualTo(new GroupAttributes("Engineering", "ext-g1", Set.of("u1", "u2")));
    }

    @ParameterizedTest
    @ValueSource(strings = {"|members", "|MEMBERS", "|urn:ietf:params:scim:schemas:core:2.0:Group:members",
            "displayName|", "id,externalId|", "urn:ietf:params:scim:schemas:core:2.0:Group:displayName|",
            "displayName,members|members"})
    void members_are_not_needed_when_the_response_would_not_show_them(String selection) {
        String[] parameters = selection.split("\\|", -1);

        assertThat(ScimGroupDocument.needsMembers(AttributeSelection.of(parameters[0], parameters[1]))).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"|", "|members.display", "members|", "members.value|", "MEMBERS.value,displayName|",
            "|displayName,meta", "|urn:ietf:params:scim:schemas:core:2.0:User:members"})
    void members_are_needed_when_the_response_shows_any_of_them(String selection) {
        String[] parameters = selection.split("\\|", -1);

        assertThat(ScimGroupDocument.needsMembers(AttributeSelection.of(parameters[0], parameters[1]))).isTrue();
    }

    @Test
    void a_selection_shapes_a_group_by_the_group_schema() {
        ObjectNode resource = ScimGroupDocument.resourceOf(ENGINEERING, List.of(new GroupMember("u1", "Ada")), BASE);

        assertThat(AttributeSelection.of("displayName", null).apply(resource, ResourceType.GROUP).propertyNames())
                .containsExactlyInAnyOrder("schemas", "id", "displayName");
        assertThat(AttributeSelection.of("urn:ietf:params:scim:schemas:core:2.0:Group:displayName", null)
                .apply(resource, ResourceType.GROUP).propertyNames())
                .containsExactlyInAnyOrder("schemas", "id", "displayName");
        assertThat(AttributeSelection.of("members.value", null).apply(resource, ResourceType.GROUP)
                .get("members").get(0).propertyNames()).containsExactly("value");
        ObjectNode withoutMembers = AttributeSelection.of(null, "members,id").apply(resource, ResourceType.GROUP);
        assertThat(withoutMembers.has("members")).isFalse();
        assertThat(withoutMembers.get("id").stringValue()).isEqualTo("g1");
        assertThat(AttributeSelection.of(null, "members").apply(ScimGroupDocument.resourceOf(ENGINEERING, BASE),
                ResourceType.GROUP)).isEqualTo(withoutMembers);
    }

    private static JsonNode json(String text) {
        return JSON.readTree(text);
    }
}
