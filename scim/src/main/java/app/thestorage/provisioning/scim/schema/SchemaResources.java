package app.thestorage.provisioning.scim.schema;

import app.thestorage.provisioning.scim.ScimSchemas;
import java.util.List;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * The {@code /Schemas} resources (RFC 7643 §7), written from the catalogue: the attributes TheStorage stores, each
 * with the characteristics the catalogue gives it. Attributes it accepts and ignores are not advertised.
 */
public final class SchemaResources {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final String SCHEMA = "urn:ietf:params:scim:schemas:core:2.0:Schema";

    /** The core User schema, then the enterprise extension, each without its meta.location. */
    public static List<ObjectNode> all() {
        return List.of(
                resource(ScimSchemas.USER, "User", "User Account", UserSchema.CORE),
                resource(ScimSchemas.ENTERPRISE_USER, "EnterpriseUser", "Enterprise User", UserSchema.ENTERPRISE));
    }

    private static ObjectNode resource(String id, String name, String description, List<ScimAttribute> attributes) {
        ObjectNode resource = NODES.objectNode();
        resource.putArray("schemas").add(SCHEMA);
        resource.put("id", id).put("name", name).put("description", description);
        ArrayNode array = resource.putArray("attributes");
        attributes.stream().filter(SchemaResources::advertised).forEach(attribute -> array.add(describe(attribute)));
        resource.putObject("meta").put("resourceType", "Schema");
        return resource;
    }

    /** What a client may send and read back: stored, and not only in a column the pipeline fills (id, meta). */
    private static boolean advertised(ScimAttribute attribute) {
        return attribute.stored() && attribute.storage().field() != null;
    }

    private static ObjectNode describe(ScimAttribute attribute) {
        ObjectNode node = NODES.objectNode()
                .put("name", attribute.name())
                .put("type", attribute.type().scimName)
                .put("multiValued", attribute.multiValued())
                .put("description", attribute.description())
                .put("required", attribute.required())
                .put("caseExact", attribute.caseExact())
                .put("mutability", attribute.mutability().scimName)
                .put("returned", attribute.returned().scimName())
                .put("uniqueness", attribute.uniqueness().scimName());
        if (attribute.type() == ScimAttribute.Type.COMPLEX) {
            ArrayNode subs = node.putArray("subAttributes");
            attribute.subAttributes().stream().filter(SchemaResources::advertised).forEach(sub -> subs.add(describe(sub)));
        }
        return node;
    }

    private SchemaResources() {
    }
}
