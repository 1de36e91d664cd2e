package app.thestorage.provisioning.scim.schema;

import static app.thestorage.provisioning.scim.schema.AttributeDefinition.attribute;
import static app.thestorage.provisioning.scim.schema.AttributeDefinition.build;

import app.thestorage.provisioning.directory.DirectoryTables.Groups;
import app.thestorage.provisioning.scim.ScimSchemas;
import app.thestorage.provisioning.scim.schema.ScimAttribute.Type;
import java.util.List;

/**
 * The attribute catalogue of the Group resource (RFC 7643 §4.2): displayName, unique per tenant without regard to
 * case, and members, which are users only (no nested groups). A member is named by its id ({@code value}); its
 * {@code $ref} and {@code display} are written by TheStorage in responses and ignored in requests. The storage
 * ({@link ScimAttribute.Storage}) names the columns and document fields a group is kept in, and the fields members
 * are written under; the directory keeps members one per row rather than in the group's document, as a group may
 * have 100,000. Attributes are found through {@link ResourceType#GROUP}.
 */
public final class GroupSchema {

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

    private GroupSchema() {
    }
}
