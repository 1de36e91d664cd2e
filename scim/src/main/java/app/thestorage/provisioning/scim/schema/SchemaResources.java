package app.thestorage.provisioning.scim.schema;

import app.thestorage.provisioning.scim.ScimSchemas;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * The {@code /Schemas} resources (RFC 7643 §7) and the {@code /ResourceTypes} resources (RFC 7643 §6), written from
 * the catalogue: the attributes TheStorage stores, each with the characteristics the catalogue gives it, and the
 * sub-attributes TheStorage writes or checks itself (a member's {@code $ref}, {@code display} and {@code type}).
 * Attributes it accepts and ignores are not advertised. None of the resources has its meta.location, which depends on
 * the base URL.
 */
public final class SchemaResources {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final String SCHEMA = "urn:ietf:params:scim:schemas:core:2.0:Schema";
    private static final String RESOURCE_TYPE = "urn:ietf:params:scim:schemas:core:2.0:ResourceType";

    /** The schemas of the User resource type (the core User schema, then the enterprise extension): {@code of(USER)}. */
    public static List<ObjectNode> all() {
        return of(ResourceType.USER);
    }

    /**
     * The schemas of the resource types an endpoint serves, in that order: User gives the core User schema and the
     * enterprise extension, Group the core Group schema. Where groups are served, the User schema advertises the
     * user's read-only groups too: they are not kept with the user, they are the memberships of the groups.
     */
    public static List<ObjectNode> of(ResourceType... served) {
        boolean groups = List.of(served).contains(ResourceType.GROUP);
        List<ObjectNode> schemas = new ArrayList<>();
        for (ResourceType type : served) {
            switch (type) {
                case USER -> {
                    schemas.add(resource(ScimSchemas.USER, "User", "User Account", UserSchema.CORE.stream()
                            .filter(attribute -> advertised(attribute) || (groups && isUsersGroups(attribute))).toList()));
                    schemas.add(resource(ScimSchemas.ENTERPRISE_USER, "EnterpriseUser", "Enterprise User",
                            advertisedOf(UserSchema.ENTERPRISE)));
                }
                case GROUP -> schemas.add(resource(ScimSchemas.GROUP, "Group", "Group", advertisedOf(GroupSchema.CORE)));
            }
        }
        return schemas;
    }

    /** The {@code /ResourceTypes} resources of the resource types an endpoint serves, in that order. */
    public static List<ObjectNode> resourceTypes(ResourceType... served) {
        List<ObjectNode> resources = new ArrayList<>();
        for (ResourceType type : served) {
            ObjectNode resource = NODES.objectNode();
            resource.putArray("schemas").add(RESOURCE_TYPE);
            resource.put("id", type.scimName()).put("name", type.scimName()).put("endpoint", type.endpoint())
                    .put("description", type.description()).put("schema", type.schema());
            if (!type.extensions().isEmpty()) {
                ArrayNode extensions = resource.putArray("schemaExtensions");
                type.extensions().forEach(urn -> extensions.addObject().put("schema", urn).put("required", false));
            }
            resource.putObject("meta").put("resourceType", "ResourceType");
            resources.add(resource);
        }
        return resources;
    }

    private static ObjectNode resource(String id, String name, String description, List<ScimAttribute> attributes) {
        ObjectNode resource = NODES.objectNode();
        resource.putArray("schemas").add(SCHEMA);
        resource.put("id", id).put("name", name).put("description", description);
        ArrayNode array = resource.putArray("attributes");
        attributes.forEach(attribute -> array.add(describe(attribute)));
        resource.putObject("meta").put("resourceType", "Schema");
        return resource;
    }

    private static List<ScimAttribute> advertisedOf(List<ScimAttribute> attributes) {
        return attributes.stream().filter(SchemaResources::advertised).toList();
    }

    private static boolean isUsersGroups(ScimAttribute attribute) {
        return attribute.schema().equals(ScimSchemas.USER) && attribute.isNamed("groups");
    }

    /** What a client may send and read back: stored, and not only in a column the pipeline fills (id, meta). */
    private static boolean advertised(ScimAttribute attribute) {
        return attribute.stored() && attribute.storage().field() != null;
    }

    /** A sub-attribute of an advertised attribute: stored, or one TheStorage writes or checks (not read-write). */
    private static boolean advertisedSub(ScimAttribute sub) {
        return advertised(sub) || sub.mutability() != ScimAttribute.Mutability.READ_WRITE;
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
        if (!attribute.canonicalValues().isEmpty()) {
            attribute.canonicalValues().forEach(node.putArray("canonicalValues")::add);
        }
        if (!attribute.referenceTypes().isEmpty()) {
            attribute.referenceTypes().forEach(node.putArray("referenceTypes")::add);
        }
        if (attribute.type() == ScimAttribute.Type.COMPLEX) {
            ArrayNode subs = node.putArray("subAttributes");
            attribute.subAttributes().stream().filter(SchemaResources::advertisedSub).forEach(sub -> subs.add(describe(sub)));
        }
        return node;
    }

    private SchemaResources() {
    }
}
