package app.thestorage.provisioning.scim.document;

import app.thestorage.provisioning.scim.ScimSchemas;
import app.thestorage.provisioning.scim.ScimException;
import app.thestorage.provisioning.contract.DirectoryLimits;
import app.thestorage.provisioning.contract.group.Group;
import app.thestorage.provisioning.scim.group.GroupAttributes;
import app.thestorage.provisioning.scim.group.GroupMember;
import app.thestorage.provisioning.scim.schema.AttributeNames;
import app.thestorage.provisioning.scim.schema.AttributePath;
import app.thestorage.provisioning.scim.schema.ResourceType;
import app.thestorage.provisioning.scim.schema.ScimAttribute;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.SequencedSet;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * The SCIM Group resource (RFC 7643 §4.2) as TheStorage keeps it: read from a POST or PUT body into
 * {@link GroupAttributes}, written from a {@link Group} and, when the response shows them, its members. Attribute names
 * are read in any letter case (RFC 7643 §2.1). As for users, read-only attributes (id, meta, a member's $ref and
 * display) and names the Group schema does not define are ignored in a body.
 *
 * <p>displayName and externalId are held to {@link DirectoryLimits#identifier} limits: displayName is unique per
 * tenant and looked up by filter, so it is indexed like userName. Member ids are opaque here; whether they are users of
 * the tenant is for the projector to decide.
 */
public final class ScimGroupDocument {

    /**
     * Member values one request may carry: a POST or PUT body, or all operations of one PATCH together. Entra ID and
     * Okta send members in batches well below it (and ingest-api's body limit holds about 5,000); a larger group is
     * built by several PATCH requests.
     */
    public static final int MAX_MEMBERS_PER_REQUEST = 10_000;

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final ScimAttribute MEMBER_TYPE = ResourceType.GROUP.find(AttributePath.parse("members.type")).orElseThrow();

    public static GroupAttributes attributesOf(JsonNode body) {
        if (body == null || !body.isObject()) {
            throw ScimException.invalidSyntax("The request body must be a JSON object (a SCIM Group resource).");
        }
        return new GroupAttributes(displayNameOf(AttributeNames.valueOf(body, "displayName")),
                externalIdOf(AttributeNames.valueOf(body, "externalId")),
                memberIdsOf(AttributeNames.valueOf(body, "members")));
    }

    /** A displayName as a body or a PATCH gives it: a non-empty string TheStorage can store, else a 400 invalidValue. */
    public static String displayNameOf(JsonNode value) {
        String displayName = string(value, "displayName");
        if (displayName == null || displayName.isBlank()) {
            throw ScimException.invalidValue("displayName is required and must not be empty.");
        }
        return checked(DirectoryLimits.identifier("displayName", displayName), displayName);
    }

    /** An externalId as a body or a PATCH gives it (absent or null: none), else a 400 invalidValue. */
    public static String externalIdOf(JsonNode value) {
        String externalId = string(value, "externalId");
        return checked(DirectoryLimits.identifier("externalId", externalId), externalId);
    }

    /**
     * The member ids of a members value as a body or a PATCH operation gives it: an array of {value, type, display,
     * $ref} (one such object is read as an array of one); absent or null is none. Ids come in the order given, each
     * once. type, when given, must be User; display and $ref are the server's and ignored. Anything else (no value, a
     * value TheStorage cannot store, more than {@value #MAX_MEMBERS_PER_REQUEST} values) is a 400 invalidValue.
     */
    public static SequencedSet<String> memberIdsOf(JsonNode value) {
        SequencedSet<String> ids = new LinkedHashSet<>();
        if (value == null || value.isNull()) {
            return ids;
        }
        if (!value.isArray() && !value.isObject()) {
            throw ScimException.invalidValue("members must be an array of {\"value\": \"<user id>\"}.");
        }
        if (value.isArray() && value.size() > MAX_MEMBERS_PER_REQUEST) {
            throw ScimException.invalidValue("At most " + MAX_MEMBERS_PER_REQUEST + " members per request; send "
                    + "the others in further PATCH requests.");
        }
        for (JsonNode member : value.isArray() ? value : List.of(value)) {
            ids.add(memberIdOf(member));
        }
        return ids;
    }

    private static String memberIdOf(JsonNode member) {
        if (!member.isObject()) {
            throw ScimException.invalidValue("Every member is an object {\"value\": \"<user id>\"}.");
        }
        String id = string(AttributeNames.valueOf(member, "value"), "members.value");
        if (id == null || id.isBlank()) {
            throw ScimException.invalidValue("Every member needs a value: the id of a user.");
        }
        String type = string(AttributeNames.valueOf(member, "type"), "members.type");
        if (type != null && !MEMBER_TYPE.accepts(type)) {
            throw ScimException.invalidValue("A member's type must be User: TheStorage groups hold users only, "
                    + "not other groups.");
        }
        return checked(DirectoryLimits.identifier("members.value", id), id);
    }

    /**
     * Whether a response with this selection shows members. When it does not ({@code excludedAttributes=members}, as
     * Entra ID asks), the caller renders the group with {@link #resourceOf(Group, String)} and never reads them.
     */
    public static boolean needsMembers(AttributeSelection selection) {
        return selection.returns(ResourceType.GROUP, "members");
    }

    /** The group without its members, for a response that does not show them. */
    public static ObjectNode resourceOf(Group group, String baseUrl) {
        return resource(group, null, baseUrl);
    }

    /** The group with these members, in this order (none: an empty members array). */
    public static ObjectNode resourceOf(Group group, List<GroupMember> members, String baseUrl) {
        return resource(group, members, baseUrl);
    }

    public static String locationOf(Group group, String baseUrl) {
        return baseUrl + ResourceType.GROUP.endpoint() + "/" + group.id();
    }

    /** The weak ETag of a group: its version, which grows with every change, of its members too. */
    public static String versionOf(Group group) {
        return "W/\"" + group.version() + "\"";
    }

    private static ObjectNode resource(Group group, List<GroupMember> members, String baseUrl) {
        ObjectNode resource = NODES.objectNode();
        resource.putArray("schemas").add(ScimSchemas.GROUP);
        resource.put("id", group.id());
        if (group.externalId() != null) {
            resource.put("externalId", group.externalId());
        }
        resource.put("displayName", group.displayName());
        if (members != null) {
            ArrayNode array = resource.putArray("members");
            for (GroupMember member : members) {
                ObjectNode node = array.addObject()
                        .put("value", member.id())
                        .put("$ref", baseUrl + ResourceType.USER.endpoint() + "/" + member.id());
                if (member.display() != null) {
                    node.put("display", member.display());
                }
                node.put("type", ResourceType.USER.scimName());
            }
        }
        ObjectNode meta = resource.putObject("meta");
        meta.put("resourceType", ResourceType.GROUP.scimName());
        meta.put("created", group.created().toString());
        meta.put("lastModified", group.lastModified().toString());
        meta.put("location", locationOf(group, baseUrl));
        meta.put("version", versionOf(group));
        return resource;
    }

    private static String string(JsonNode value, String attribute) {
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isString()) {
            throw ScimException.invalidValue(attribute + " must be a string.");
        }
        return value.stringValue();
    }

    private static String checked(String problem, String value) {
        if (problem != null) {
            throw ScimException.invalidValue(problem);
        }
        return value;
    }

    private ScimGroupDocument() {
    }
}
