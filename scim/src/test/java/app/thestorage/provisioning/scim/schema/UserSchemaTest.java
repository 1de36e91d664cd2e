package app.thestorage.provisioning.scim.schema;

import static org.assertj.core.api.Assertions.assertThat;

import app.thestorage.provisioning.contract.user.IdentityProvider;
import app.thestorage.provisioning.contract.user.User;
import app.thestorage.provisioning.scim.ScimSchemas;
import app.thestorage.provisioning.scim.document.ScimUserDocument;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/** The catalogue and the document mapper agree: what the catalogue says is stored is read, kept and returned. */
class UserSchemaTest {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    @Test
    void every_attribute_the_catalogue_stores_and_a_client_may_write_survives_a_round_trip() {
        for (AttributePath path : writableStoredPaths()) {
            ObjectNode sent = NODES.objectNode().put("userName", "ada@acme.example");
            JsonNode value = sampleOf(ResourceType.USER.find(path).orElseThrow());
            put(sent, path, value);

            User kept = new User("acme", "u-1", ScimUserDocument.attributesOf(sent, ScimUserDocument.Intent.CREATE),
                    IdentityProvider.OKTA, Instant.EPOCH, Instant.EPOCH, 1);
            ObjectNode returned = ScimUserDocument.resourceOf(kept, "https://scim.example");

            assertThat(get(returned, path)).as(path.toString()).isEqualTo(value);
        }
    }

    @Test
    void a_path_finds_its_attribute_in_any_letter_case_and_in_the_right_schema() {
        assertThat(ResourceType.USER.find(AttributePath.parse("NAME.givenname"))).hasValueSatisfying(
                attribute -> assertThat(attribute.name()).isEqualTo("givenName"));
        assertThat(ResourceType.USER.find(AttributePath.parse(ScimSchemas.USER + ":userName"))).isPresent();
        assertThat(ResourceType.USER.find(AttributePath.parse(ScimSchemas.ENTERPRISE_USER.toUpperCase() + ":department")))
                .hasValueSatisfying(attribute -> assertThat(attribute.stored()).isTrue());
        assertThat(ResourceType.USER.find(AttributePath.parse("department"))).isEmpty(); // not in the core schema
        assertThat(ResourceType.USER.find(AttributePath.parse("urn:example:custom:2.0:User:badge"))).isEmpty();
        assertThat(ResourceType.USER.find(AttributePath.parse("phoneNumbers.value"))).hasValueSatisfying(
                attribute -> assertThat(attribute.stored()).isFalse());
    }

    @Test
    void schemas_advertise_what_theStorage_stores_and_not_the_common_attributes() {
        List<ObjectNode> schemas = SchemaResources.all();

        assertThat(schemas.get(0).path("attributes")).extracting(attribute -> attribute.path("name").asString())
                .containsExactly("userName", "name", "displayName", "title", "active", "emails", "photos");
        assertThat(schemas.get(0).path("attributes").path(0).path("uniqueness").asString()).isEqualTo("server");
        assertThat(schemas.get(1).path("attributes")).extracting(attribute -> attribute.path("name").asString())
                .containsExactly("department");
    }

    /** Leaf attributes kept in the user's document and writable by a client, as paths. */
    private static List<AttributePath> writableStoredPaths() {
        List<AttributePath> paths = new ArrayList<>();
        for (String schema : List.of(ScimSchemas.USER, ScimSchemas.ENTERPRISE_USER)) {
            for (ScimAttribute attribute : ResourceType.USER.attributesOf(schema)) {
                if (!attribute.stored() || attribute.storage().field() == null
                        || attribute.mutability() != ScimAttribute.Mutability.READ_WRITE) {
                    continue;
                }
                String urn = schema.equals(ScimSchemas.USER) ? null : schema;
                if (attribute.subAttributes().isEmpty()) {
                    paths.add(new AttributePath(urn, attribute.name(), null));
                }
                attribute.subAttributes().stream().filter(ScimAttribute::stored)
                        .forEach(sub -> paths.add(new AttributePath(urn, attribute.name(), sub.name())));
            }
        }
        return paths;
    }

    private static JsonNode sampleOf(ScimAttribute attribute) {
        if (!attribute.canonicalValues().isEmpty()) {
            return NODES.stringNode(attribute.canonicalValues().getLast());
        }
        return switch (attribute.type()) {
            case BOOLEAN -> NODES.booleanNode(attribute.isNamed("active") ? false : true);
            case REFERENCE -> NODES.stringNode("https://cdn.acme.example/" + attribute.name() + "-sample");
            default -> NODES.stringNode(attribute.name() + "-sample");
        };
    }

    private static void put(ObjectNode resource, AttributePath path, JsonNode value) {
        ObjectNode container = path.schema() == null ? resource : resource.putObject(path.schema());
        ScimAttribute attribute = ResourceType.USER.findTop(path).orElseThrow();
        if (path.subAttribute() == null) {
            container.set(path.attribute(), value);
        } else if (attribute.multiValued()) {
            ObjectNode element = container.putArray(path.attribute()).addObject()
                    .set("value", sampleOf(attribute.subAttribute("value").orElseThrow()));
            element.set(path.subAttribute(), value);
        } else {
            container.putObject(path.attribute()).set(path.subAttribute(), value);
        }
    }

    private static JsonNode get(ObjectNode resource, AttributePath path) {
        JsonNode container = path.schema() == null ? resource : resource.path(path.schema());
        JsonNode attribute = container.path(path.attribute());
        if (path.subAttribute() == null) {
            return attribute;
        }
        return (attribute.isArray() ? attribute.path(0) : attribute).path(path.subAttribute());
    }
}
