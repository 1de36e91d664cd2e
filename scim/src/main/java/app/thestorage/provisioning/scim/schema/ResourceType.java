package app.thestorage.provisioning.scim.schema;

import app.thestorage.provisioning.directory.DirectoryTables.Groups;
import app.thestorage.provisioning.directory.DirectoryTables.Users;
import app.thestorage.provisioning.scim.ScimSchemas;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The resource types TheStorage provisions (RFC 7643 §6), each with its endpoint, its core schema and extensions,
 * and its attribute catalogue. Code that reads a resource of either type (filters, attribute selection) takes the
 * type, and finds attributes through it.
 */
public enum ResourceType {

    USER("User", "/Users", "A person who uses TheStorage", ScimSchemas.USER, List.of(ScimSchemas.ENTERPRISE_USER)),
    GROUP("Group", "/Groups", "A group of users of TheStorage", ScimSchemas.GROUP, List.of());

    private final String scimName;
    private final String endpoint;
    private final String description;
    private final String schema;
    private final List<String> extensions;

    ResourceType(String scimName, String endpoint, String description, String schema, List<String> extensions) {
        this.scimName = scimName;
        this.endpoint = endpoint;
        this.description = description;
        this.schema = schema;
        this.extensions = extensions;
    }

    /** Its name and id in {@code /ResourceTypes} and in {@code meta.resourceType}: User, Group. */
    public String scimName() {
        return scimName;
    }

    /** Its endpoint relative to the SCIM base URL: /Users, /Groups. */
    public String endpoint() {
        return endpoint;
    }

    public String description() {
        return description;
    }

    /** The URN of its core schema. */
    public String schema() {
        return schema;
    }

    /** The URNs of its schema extensions, none of them required. */
    public List<String> extensions() {
        return extensions;
    }

    /** Whether a path's schema URN (null when the path has none) is the core schema, in any letter case. */
    public boolean isCore(String schemaUrn) {
        return schemaUrn == null || schemaUrn.equalsIgnoreCase(schema);
    }

    /**
     * The attributes a path with this schema URN may name (any letter case): for null or the core schema's URN, the
     * core schema's and the common attributes; for an extension's URN, the extension's; none for any other URN.
     */
    public List<ScimAttribute> attributesOf(String schemaUrn) {
        return switch (this) {
            case USER -> isCore(schemaUrn) ? WithCommon.USER
                    : schemaUrn.equalsIgnoreCase(ScimSchemas.ENTERPRISE_USER) ? UserSchema.ENTERPRISE : List.of();
            case GROUP -> isCore(schemaUrn) ? WithCommon.GROUP : List.of();
        };
    }

    /**
     * The attribute a path names in this type's schemas: in the core schema when the path has no schema URN or the
     * core one, in an extension for its URN; the sub-attribute when the path has one. Empty when none defines it.
     */
    public Optional<ScimAttribute> find(AttributePath path) {
        return ScimAttribute.find(attributesOf(path.schema()), path);
    }

    /** The top-level attribute a path starts with (name for name.givenName), in this type's schemas. */
    public Optional<ScimAttribute> findTop(AttributePath path) {
        return find(new AttributePath(path.schema(), path.attribute(), null));
    }

    /**
     * The core schemas with the attributes every resource has (RFC 7643 §3.1: id, externalId, meta), which belong to
     * no schema's attribute list: what a path without schema URN may name. Built on first use.
     */
    private static final class WithCommon {

        static final List<ScimAttribute> USER = Stream.concat(AttributeDefinition.common(ScimSchemas.USER, Users.ID,
                Users.EXTERNAL_ID, Users.CREATED, Users.LAST_MODIFIED).stream(), UserSchema.CORE.stream()).toList();
        static final List<ScimAttribute> GROUP = Stream.concat(AttributeDefinition.common(ScimSchemas.GROUP, Groups.ID,
                Groups.EXTERNAL_ID, Groups.CREATED, Groups.LAST_MODIFIED).stream(), GroupSchema.CORE.stream()).toList();
    }
}
