package app.thestorage.provisioning.scim.schema;

import app.thestorage.provisioning.scim.schema.ScimAttribute.Mutability;
import app.thestorage.provisioning.scim.schema.ScimAttribute.Returned;
import app.thestorage.provisioning.scim.schema.ScimAttribute.Storage;
import app.thestorage.provisioning.scim.schema.ScimAttribute.Type;
import app.thestorage.provisioning.scim.schema.ScimAttribute.Uniqueness;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * An attribute being written down in a catalogue ({@link UserSchema}, {@link GroupSchema}): RFC 7643's defaults
 * (readWrite, returned by default, not case-exact), changed where the schema says otherwise.
 */
final class AttributeDefinition {

    private final String name;
    private final Type type;
    private boolean multiValued;
    private boolean caseExact;
    private Mutability mutability = Mutability.READ_WRITE;
    private Returned returned = Returned.DEFAULT;
    private Uniqueness uniqueness = Uniqueness.NONE;
    private boolean required;
    private String description = "";
    private List<String> canonicalValues = List.of();
    private List<String> referenceTypes = List.of();
    private String column;
    private String field;
    private String keyColumn;
    private final List<AttributeDefinition> subAttributes = new ArrayList<>();

    private AttributeDefinition(String name, Type type) {
        this.name = name;
        this.type = type;
    }

    static AttributeDefinition attribute(String name, Type type) {
        return new AttributeDefinition(name, type);
    }

    static List<ScimAttribute> build(String schema, AttributeDefinition... definitions) {
        return Arrays.stream(definitions).map(definition -> definition.build(schema)).toList();
    }

    /**
     * The attributes every resource has (RFC 7643 §3.1), in the schema of one resource type, and the columns of its
     * table that keep them.
     */
    static List<ScimAttribute> common(String schema, String idColumn, String externalIdColumn, String createdColumn,
                                      String lastModifiedColumn) {
        return build(schema,
                attribute("id", Type.STRING).caseExact().readOnly().returned(Returned.ALWAYS).unique().column(idColumn),
                attribute("externalId", Type.STRING).caseExact().column(externalIdColumn).field("externalId"),
                attribute("meta", Type.COMPLEX).readOnly().sub(
                        attribute("resourceType", Type.STRING).caseExact().readOnly(),
                        attribute("created", Type.DATE_TIME).readOnly().column(createdColumn),
                        attribute("lastModified", Type.DATE_TIME).readOnly().column(lastModifiedColumn),
                        attribute("location", Type.REFERENCE).caseExact().readOnly(),
                        attribute("version", Type.STRING).caseExact().readOnly()));
    }

    AttributeDefinition multiValued() {
        multiValued = true;
        return this;
    }

    AttributeDefinition caseExact() {
        caseExact = true;
        return this;
    }

    AttributeDefinition readOnly() {
        mutability = Mutability.READ_ONLY;
        return this;
    }

    AttributeDefinition immutable() {
        mutability = Mutability.IMMUTABLE;
        return this;
    }

    AttributeDefinition writeOnly() {
        mutability = Mutability.WRITE_ONLY;
        return this;
    }

    AttributeDefinition returned(Returned when) {
        returned = when;
        return this;
    }

    AttributeDefinition unique() {
        uniqueness = Uniqueness.SERVER;
        return this;
    }

    AttributeDefinition required() {
        required = true;
        return this;
    }

    AttributeDefinition described(String text) {
        description = text;
        return this;
    }

    AttributeDefinition canonicalValues(String... values) {
        canonicalValues = List.of(values);
        return this;
    }

    AttributeDefinition referenceTypes(String... types) {
        referenceTypes = List.of(types);
        return this;
    }

    AttributeDefinition column(String name) {
        column = name;
        return this;
    }

    AttributeDefinition keyColumn(String name) {
        keyColumn = name;
        return this;
    }

    AttributeDefinition field(String name) {
        field = name;
        return this;
    }

    AttributeDefinition sub(AttributeDefinition... definitions) {
        subAttributes.addAll(Arrays.asList(definitions));
        return this;
    }

    ScimAttribute build(String schema) {
        return new ScimAttribute(schema, name, type, multiValued, caseExact, mutability, returned, uniqueness, required,
                description, canonicalValues, referenceTypes,
                column == null && field == null ? null : new Storage(column, field, keyColumn),
                subAttributes.stream().map(sub -> sub.build(schema)).toList());
    }
}
