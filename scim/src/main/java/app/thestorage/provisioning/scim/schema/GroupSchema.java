package app.thestorage.provisioning.scim.schema;

import static app.thestorage.provisioning.scim.schema.AttributeDefinition.attribute;
import static app.thestorage.provisioning.scim.schema.AttributeDefinition.build;

import app.thestorage.provisioning.directory.DirectoryTables.Groups;
import app.thestorage.provisioning.scim.ScimSchemas;
import app.thestorage.provisioning.scim.schema.ScimAttribute.Type;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The attribute catalogue of the Group resource (RFC 7643 §4.2): displayName, unique per tenant without regard to
 * case, and members, which are users only (no nested groups). A member is named by its id ({@code value}); its
 * {@code $ref} and {@code display} are written by TheStorage in responses and ignored in requests. The storage
 * ({@link ScimAttribute.Storage}) names the columns and document fields a group is kept in, and the fields members
 * are written under; the directory keeps members one per row rather than in the group's document, as a group may
 * have 100,000.
 */
public final class GroupSchema {

    /** The attributes every resource has (RFC 7643 §3.1), in the Group schema. */
    public static final List<ScimAttribute> COMMON = AttributeDefinition.common(ScimSchemas.GROUP, Groups.ID,
            Groups.EXTERNAL_ID, Groups.CREATED, Groups.LAST_MODIFIED);

    /** The core Group schema. */
    public static final List<ScimAttribute> CORE = build(ScimSchemas.GROUP,
            attribute("displayName", Type.STRING).required().unique().column(Groups.DISPLAY_NAME).field("displayName")
                    .keyColumn(Groups.DISPLAY_NAME_KEY)
                    .described("The group's name: unique per tenant, compared without regard to case."),
            attribute("members", Type.COMPLEX).multiValued().field("members")
                    .described("The users in the group.").sub(
                    attribute("value", Type.STRING).caseExact().immutable().field("value")
                            .described("The id of the member, a User."),
                    attribute("$ref", Type.REFERENCE).caseExact().readOnly().referenceTypes("User")
                            .described("The member's URI."),
                    attribute("display", Type.STRING).readOnly().described("The member's display name."),
                    attribute("type", Type.STRING).immutable().canonicalValues("User")
                            .described("User: a group holds users only.")));

    private static final List<ScimAttribute> CORE_AND_COMMON = Stream.concat(COMMON.stream(), CORE.stream()).toList();

    /**
     * The attribute a path names, in the Group schema (a path without schema URN, or with the Group one); the
     * sub-attribute when the path has one. Empty when the schema does not define it.
     */
    public static Optional<ScimAttribute> find(AttributePath path) {
        return ScimAttribute.find(attributesOf(path.schema()), path);
    }

    /** The top-level attribute a path starts with (members for members.value); empty when the schema does not define it. */
    public static Optional<ScimAttribute> findTop(AttributePath path) {
        return find(new AttributePath(path.schema(), path.attribute(), null));
    }

    /** The attributes a path with this schema URN may name: the Group schema's and the common ones for null or its URN. */
    public static List<ScimAttribute> attributesOf(String schema) {
        return schema == null || schema.equalsIgnoreCase(ScimSchemas.GROUP) ? CORE_AND_COMMON : List.of();
    }

    private GroupSchema() {
    }
}
