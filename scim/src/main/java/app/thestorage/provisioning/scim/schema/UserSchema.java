package app.thestorage.provisioning.scim.schema;

import app.thestorage.provisioning.scim.ScimSchemas;
import app.thestorage.provisioning.scim.schema.ScimAttribute.Mutability;
import app.thestorage.provisioning.scim.schema.ScimAttribute.Returned;
import app.thestorage.provisioning.scim.schema.ScimAttribute.Storage;
import app.thestorage.provisioning.scim.schema.ScimAttribute.Type;
import app.thestorage.provisioning.scim.schema.ScimAttribute.Uniqueness;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The attribute catalogue of the User resource: the core schema and the enterprise extension (RFC 7643 §4.1 and
 * §4.3), every attribute they define, and which of them TheStorage stores. An attribute defined here but not stored
 * (phoneNumbers, addresses, nickName, employeeNumber...) is accepted and ignored, as identity providers' default
 * mappings send them; a name in no schema at all is unknown.
 */
public final class UserSchema {

    /** The attributes every resource has (RFC 7643 §3.1); they belong to no schema's attribute list. */
    public static final List<ScimAttribute> COMMON = build(ScimSchemas.USER,
            attribute("id", Type.STRING).caseExact().readOnly().returned(Returned.ALWAYS).unique().column("id"),
            attribute("externalId", Type.STRING).caseExact().column("external_id").field("externalId"),
            attribute("meta", Type.COMPLEX).readOnly().sub(
                    attribute("resourceType", Type.STRING).caseExact().readOnly(),
                    attribute("created", Type.DATE_TIME).readOnly().column("created"),
                    attribute("lastModified", Type.DATE_TIME).readOnly().column("last_modified"),
                    attribute("location", Type.REFERENCE).caseExact().readOnly(),
                    attribute("version", Type.STRING).caseExact().readOnly()));

    /** The core User schema. */
    public static final List<ScimAttribute> CORE = build(ScimSchemas.USER,
            attribute("userName", Type.STRING).required().unique().column("user_name").field("userName")
                    .keyColumn("user_name_key")
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
            attribute("active", Type.BOOLEAN).column("active").field("active")
                    .described("false deactivates the user; the user stays readable with the same id."),
            attribute("password", Type.STRING).writeOnly().returned(Returned.NEVER),
            attribute("emails", Type.COMPLEX).multiValued().field("emails").sub(
                    attribute("value", Type.STRING).field("value"),
                    attribute("display", Type.STRING),
                    attribute("type", Type.STRING).field("type").described("work, home or other"),
                    attribute("primary", Type.BOOLEAN).field("primary")),
            plural("phoneNumbers", Type.STRING),
            plural("ims", Type.STRING),
            plural("photos", Type.REFERENCE),
            attribute("addresses", Type.COMPLEX).multiValued().sub(
                    attribute("formatted", Type.STRING),
                    attribute("streetAddress", Type.STRING),
                    attribute("locality", Type.STRING),
                    attribute("region", Type.STRING),
                    attribute("postalCode", Type.STRING),
                    attribute("country", Type.STRING),
                    attribute("type", Type.STRING),
                    attribute("primary", Type.BOOLEAN)),
            attribute("groups", Type.COMPLEX).multiValued().readOnly().sub(
                    attribute("value", Type.STRING).readOnly(),
                    attribute("$ref", Type.REFERENCE).readOnly(),
                    attribute("display", Type.STRING).readOnly(),
                    attribute("type", Type.STRING).readOnly()),
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

    private static final List<ScimAttribute> CORE_AND_COMMON =
            Stream.concat(COMMON.stream(), CORE.stream()).toList();

    /**
     * The attribute a path names: in the core schema when the path has no schema URN or the core one, in the
     * enterprise extension for its URN; the sub-attribute when the path has one. Empty when no schema defines it.
     */
    public static Optional<ScimAttribute> find(AttributePath path) {
        Optional<ScimAttribute> attribute = attributesOf(path.schema()).stream()
                .filter(candidate -> candidate.isNamed(path.attribute()))
                .findFirst();
        return path.subAttribute() == null ? attribute : attribute.flatMap(found -> found.subAttribute(path.subAttribute()));
    }

    /** The top-level attribute a path starts with (name for name.givenName); empty when no schema defines it. */
    public static Optional<ScimAttribute> findTop(AttributePath path) {
        return find(new AttributePath(path.schema(), path.attribute(), null));
    }

    /**
     * The attributes a path with this schema URN may name (any letter case; null is the core schema, which includes
     * the common attributes), or none for an unknown URN.
     */
    public static List<ScimAttribute> attributesOf(String schema) {
        if (schema == null || schema.equalsIgnoreCase(ScimSchemas.USER)) {
            return CORE_AND_COMMON;
        }
        return schema.equalsIgnoreCase(ScimSchemas.ENTERPRISE_USER) ? ENTERPRISE : List.of();
    }

    /** A multi-valued complex attribute with the four sub-attributes of RFC 7643 §2.4: value, display, type, primary. */
    private static Definition plural(String name, Type valueType) {
        return attribute(name, Type.COMPLEX).multiValued().sub(
                attribute("value", valueType),
                attribute("display", Type.STRING),
                attribute("type", Type.STRING),
                attribute("primary", Type.BOOLEAN));
    }

    private static Definition attribute(String name, Type type) {
        return new Definition(name, type);
    }

    private static List<ScimAttribute> build(String schema, Definition... definitions) {
        return Arrays.stream(definitions).map(definition -> definition.build(schema)).toList();
    }

    /** An attribute being written down: RFC 7643's defaults (readWrite, returned by default, not case-exact). */
    private static final class Definition {

        private final String name;
        private final Type type;
        private boolean multiValued;
        private boolean caseExact;
        private Mutability mutability = Mutability.READ_WRITE;
        private Returned returned = Returned.DEFAULT;
        private Uniqueness uniqueness = Uniqueness.NONE;
        private boolean required;
        private String description = "";
        private String column;
        private String field;
        private String keyColumn;
        private final List<Definition> subAttributes = new ArrayList<>();

        Definition(String name, Type type) {
            this.name = name;
            this.type = type;
        }

        Definition multiValued() {
            multiValued = true;
            return this;
        }

        Definition caseExact() {
            caseExact = true;
            return this;
        }

        Definition readOnly() {
            mutability = Mutability.READ_ONLY;
            return this;
        }

        Definition writeOnly() {
            mutability = Mutability.WRITE_ONLY;
            return this;
        }

        Definition returned(Returned when) {
            returned = when;
            return this;
        }

        Definition unique() {
            uniqueness = Uniqueness.SERVER;
            return this;
        }

        Definition required() {
            required = true;
            return this;
        }

        Definition described(String text) {
            description = text;
            return this;
        }

        Definition column(String name) {
            column = name;
            return this;
        }

        Definition keyColumn(String name) {
            keyColumn = name;
            return this;
        }

        Definition field(String name) {
            field = name;
            return this;
        }

        Definition sub(Definition... definitions) {
            subAttributes.addAll(Arrays.asList(definitions));
            return this;
        }

        ScimAttribute build(String schema) {
            return new ScimAttribute(schema, name, type, multiValued, caseExact, mutability, returned, uniqueness,
                    required, description, column == null && field == null ? null : new Storage(column, field, keyColumn),
                    subAttributes.stream().map(sub -> sub.build(schema)).toList());
        }
    }

    private UserSchema() {
    }
}
