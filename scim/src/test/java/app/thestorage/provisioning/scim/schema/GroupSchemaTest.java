package app.thestorage.provisioning.scim.schema;

import static org.assertj.core.api.Assertions.assertThat;

import app.thestorage.provisioning.scim.ScimSchemas;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

class GroupSchemaTest {

    @Test
    void a_path_finds_its_group_attribute_in_any_letter_case_and_with_the_group_urn() {
        assertThat(ResourceType.GROUP.find(AttributePath.parse("DISPLAYNAME"))).hasValueSatisfying(attribute -> {
            assertThat(attribute.name()).isEqualTo("displayName");
            assertThat(attribute.caseExact()).isFalse();
            assertThat(attribute.required()).isTrue();
            assertThat(attribute.uniqueness()).isEqualTo(ScimAttribute.Uniqueness.SERVER);
        });
        assertThat(ResourceType.GROUP.find(AttributePath.parse(ScimSchemas.GROUP + ":displayName"))).isPresent();
        assertThat(ResourceType.GROUP.find(AttributePath.parse("externalId"))).hasValueSatisfying(
                attribute -> assertThat(attribute.schema()).isEqualTo(ScimSchemas.GROUP));
        assertThat(ResourceType.GROUP.find(AttributePath.parse("members.VALUE"))).hasValueSatisfying(attribute -> {
            assertThat(attribute.caseExact()).isTrue();
            assertThat(attribute.mutability()).isEqualTo(ScimAttribute.Mutability.IMMUTABLE);
        });
        assertThat(ResourceType.GROUP.find(AttributePath.parse("userName"))).isEmpty();
        assertThat(ResourceType.GROUP.find(AttributePath.parse(ScimSchemas.USER + ":displayName"))).isEmpty();
        assertThat(ResourceType.GROUP.findTop(AttributePath.parse("members.display")))
                .hasValueSatisfying(attribute -> assertThat(attribute.multiValued()).isTrue());
        assertThat(ResourceType.USER.find(AttributePath.parse("members"))).isEmpty();
    }

    @Test
    void a_member_is_a_user_and_nothing_else() {
        ScimAttribute type = ResourceType.GROUP.find(AttributePath.parse("members.type")).orElseThrow();

        assertThat(type.accepts("User")).isTrue();
        assertThat(type.accepts("user")).isTrue();
        assertThat(type.accepts("Group")).isFalse();
    }

    @Test
    void the_group_schema_advertises_display_name_and_members_with_what_theStorage_writes_into_them() {
        ObjectNode group = SchemaResources.of(ResourceType.GROUP).getFirst();

        assertThat(group.path("id").asString()).isEqualTo(ScimSchemas.GROUP);
        assertThat(group.path("attributes")).extracting(attribute -> attribute.path("name").asString())
                .containsExactly("displayName", "members");
        JsonNode displayName = group.path("attributes").path(0);
        assertThat(displayName.path("caseExact").asBoolean()).isFalse();
        assertThat(displayName.path("uniqueness").asString()).isEqualTo("server");
        assertThat(displayName.path("required").asBoolean()).isTrue();
        JsonNode members = group.path("attributes").path(1).path("subAttributes");
        assertThat(members).extracting(sub -> sub.path("name").asString())
                .containsExactly("value", "$ref", "display", "type");
        assertThat(members.path(0).path("mutability").asString()).isEqualTo("immutable");
        assertThat(members.path(1).path("referenceTypes").toString()).isEqualTo("[\"User\"]");
        assertThat(members.path(2).path("mutability").asString()).isEqualTo("readOnly");
        assertThat(members.path(3).path("canonicalValues").toString()).isEqualTo("[\"User\"]");
    }

    @Test
    void schemas_and_resource_types_are_those_of_the_types_served() {
        assertThat(SchemaResources.all()).isEqualTo(SchemaResources.of(ResourceType.USER));
        assertThat(SchemaResources.of(ResourceType.USER, ResourceType.GROUP))
                .extracting(schema -> schema.path("id").asString())
                .containsExactly(ScimSchemas.USER, ScimSchemas.ENTERPRISE_USER, ScimSchemas.GROUP);

        List<ObjectNode> types = SchemaResources.resourceTypes(ResourceType.USER, ResourceType.GROUP);

        assertThat(types).extracting(type -> type.path("endpoint").asString()).containsExactly("/Users", "/Groups");
        assertThat(types.get(0).path("schemaExtensions").path(0).path("schema").asString())
                .isEqualTo(ScimSchemas.ENTERPRISE_USER);
        assertThat(types.get(1).path("id").asString()).isEqualTo("Group");
        assertThat(types.get(1).path("schema").asString()).isEqualTo(ScimSchemas.GROUP);
        assertThat(types.get(1).has("schemaExtensions")).isFalse();
        assertThat(types.get(1).path("meta").path("resourceType").asString()).isEqualTo("ResourceType");
    }

    @Test
    void a_users_groups_are_read_only_and_advertised_where_groups_are_served() {
        ScimAttribute groups = ResourceType.USER.find(AttributePath.parse("groups")).orElseThrow();

        assertThat(groups.mutability()).isEqualTo(ScimAttribute.Mutability.READ_ONLY);
        assertThat(groups.returned()).isEqualTo(ScimAttribute.Returned.DEFAULT);
        assertThat(groups.multiValued()).isTrue();
        assertThat(groups.subAttribute("type").orElseThrow().canonicalValues()).containsExactly("direct");
        assertThat(groups.subAttributes()).allSatisfy(
                sub -> assertThat(sub.mutability()).isEqualTo(ScimAttribute.Mutability.READ_ONLY));
        assertThat(SchemaResources.of(ResourceType.USER).getFirst().path("attributes"))
                .extracting(attribute -> attribute.path("name").asString()).doesNotContain("groups");
        JsonNode advertised = SchemaResources.of(ResourceType.USER, ResourceType.GROUP).getFirst().path("attributes");
        assertThat(advertised).extracting(attribute -> attribute.path("name").asString())
                .containsExactly("userName", "name", "displayName", "title", "active", "emails", "photos", "groups");
        JsonNode userGroups = advertised.path(7);
        assertThat(userGroups.path("mutability").asString()).isEqualTo("readOnly");
        assertThat(userGroups.path("subAttributes")).extracting(sub -> sub.path("name").asString())
                .containsExactly("value", "$ref", "display", "type");
        assertThat(userGroups.path("subAttributes").path(1).path("referenceTypes").toString()).isEqualTo("[\"Group\"]");
        assertThat(userGroups.path("subAttributes").path(3).path("canonicalValues").toString()).isEqualTo("[\"direct\"]");
    }
}
