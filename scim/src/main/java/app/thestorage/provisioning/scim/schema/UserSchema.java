package app.thestorage.provisioning.scim.schema;

import static app.thestorage.provisioning.scim.schema.AttributeDefinition.attribute;
import static app.thestorage.provisioning.scim.schema.AttributeDefinition.build;

import app.thestorage.provisioning.directory.DirectoryTables.Users;
import app.thestorage.provisioning.scim.ScimSchemas;
import app.thestorage.provisioning.scim.schema.ScimAttribute.Returned;
import app.thestorage.provisioning.scim.schema.ScimAttribute.Type;
import java.util.List;

/**
 * The attribute catalogue of the User resource: the core schema and the enterprise extension (RFC 7643 §4.1 and
 * §4.3), every attribute they define, and which of them TheStorage stores. An attribute defined here but not stored
 * (phoneNumbers, addresses, nickName, employeeNumber...) is accepted and ignored, as identity providers' default
 * mappings send them; a name in no schema at all is unknown. Attributes are found through {@link ResourceType#USER}.
 */
public final class UserSchema {

    /** The core User schema. */
    public static final List<ScimAttribute> CORE = build(ScimSchemas.USER,
            attribute("userName", Type.STRING).required().unique().column(Users.USER_NAME).field("userName")
                    .keyColumn(Users.USER_NAME_KEY)
                    .described("Unique per tenant, compared without regard to case."),
            attribute("name", Type.COMPLEX).field("name").described("The user's name.").sub(
                    attribute("formatted", Type.STRING),
                    attribute("familyName", Type.STRING).field("familyName"),
                    attribute("givenName", Type.STRING).field("givenName"),
                    attribute("middleName", Type.STRING),
                    attribute("honorificPrefix", Type.STRING),
                    attribute("honorificSuffix", Type.STRING)),
            attribute("displayName", Type.STRING).field("displayName"),
            attribute("nickName", Type.STRING),
            attribute("profileUrl", Type.REFERENCE),
            attribute("title", Type.STRING).field("title"),
            attribute("userType", Type.STRING),
            attribute("preferredLanguage", Type.STRING),
            attribute("locale", Type.STRING),
            attribute("timezone", Type.STRING),
            attribute("active", Type.BOOLEAN).column(Users.ACTIVE).field("active")
                    .described("false deactivates the user; the user stays readable with the same id."),
            attribute("password", Type.STRING).writeOnly().returned(Returned.NEVER),
            attribute("emails", Type.COMPLEX).multiValued().field("emails").sub(
                    attribute("value", Type.STRING).field("value"),
                    attribute("display", Type.STRING),
                    attribute("type", Type.STRING).field("type").described("work, home or other"),
                    attribute("primary", Type.BOOLEAN).field("primary")),
            plural("phoneNumbers", Type.STRING),
            plural("ims", Type.STRING),
            attribute("photos", Type.COMPLEX).multiValued().field("photos")
                    .described("Addresses of pictures of the user: at most 5, each an absolute https URI.").sub(
                    attribute("value", Type.REFERENCE).referenceTypes("external").field("value"),
                    attribute("display", Type.STRING).field("display"),
                    attribute("type", Type.STRING).canonicalValues("photo", "thumbnail").field("type"),
                    attribute("primary", Type.BOOLEAN).field("primary")),
            attribute("addresses", Type.COMPLEX).multiValued().sub(
                    attribute("formatted", Type.STRING),
                    attribute("streetAddress", Type.STRING),
                    attribute("locality", Type.STRING),
                    attribute("region", Type.STRING),
                    attribute("postalCode", Type.STRING),
                    attribute("country", Type.STRING),
                    attribute("type", Type.STRING),
                    attribute("primary", Type.BOOLEAN)),
            attribute("groups", Type.COMPLEX).multiValued().readOnly()
                    .described("The groups the user is a member of, kept by the groups: read-only here.").sub(
                    attribute("value", Type.STRING).caseExact().readOnly(),
                    attribute("$ref", Type.REFERENCE).caseExact().readOnly().referenceTypes("Group"),
                    attribute("display", Type.STRING).readOnly(),
                    attribute("type", Type.STRING).readOnly().canonicalValues("direct")),
            plural("entitlements", Type.STRING),
            plural("roles", Type.STRING),
            plural("x509Certificates", Type.BINARY));

    /** The enterprise extension. */
    public static final List<ScimAttribute> ENTERPRISE = build(ScimSchemas.ENTERPRISE_USER,
            attribute("employeeNumber", Type.STRING),
            attribute("costCenter", Type.STRING),
            attribute("organization", Type.STRING),
            attribute("division", Type.STRING),
            attribute("department", Type.STRING).field("department"),
            attribute("manager", Type.COMPLEX).sub(
                    attribute("value", Type.STRING),
                    attribute("$ref", Type.REFERENCE),
                    attribute("displayName", Type.STRING).readOnly()));

    /** A multi-valued complex attribute with the four sub-attributes of RFC 7643 §2.4: value, display, type, primary. */
    private static AttributeDefinition plural(String name, Type valueType) {
        return attribute(name, Type.COMPLEX).multiValued().sub(
                attribute("value", valueType),
                attribute("display", Type.STRING),
                attribute("type", Type.STRING),
                attribute("primary", Type.BOOLEAN));
    }

    private UserSchema() {
    }
}
