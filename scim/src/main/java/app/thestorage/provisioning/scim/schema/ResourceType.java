package app.thestorage.provisioning.scim.schema;

import app.thestorage.provisioning.scim.ScimSchemas;
import java.util.List;
import java.util.Optional;

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

    /** The attribute a path names in this type's schemas (see {@link UserSchema#find}, {@link GroupSchema#find}). */
    public Optional<ScimAttribute> find(AttributePath path) {
        return switch (this) {
            case USER -> UserSchema.find(path);
            case GROUP -> GroupSchema.find(path);
        };
    }

    /** The top-level attribute a path starts with, in this type's schemas. */
    public Optional<ScimAttribute> findTop(AttributePath path) {
        return find(new AttributePath(path.schema(), path.attribute(), null));
    }
}
