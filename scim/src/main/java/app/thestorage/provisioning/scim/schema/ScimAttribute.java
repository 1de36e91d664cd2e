package app.thestorage.provisioning.scim.schema;

import app.thestorage.provisioning.contract.user.User;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * One attribute of a SCIM schema (RFC 7643 §2 and §7) and what TheStorage does with it. Every rule about an
 * attribute (its spelling, type, case, mutability, where it is kept) is read from here.
 *
 * @param schema          the URN of the schema the attribute belongs to
 * @param name            its canonical spelling; clients may send any letter case
 * @param canonicalValues the only values TheStorage accepts, in any letter case; empty when any value is
 * @param referenceTypes  what a reference may name (a resource type, such as "User"); empty for other types
 * @param storage         where the directory keeps it, or null when TheStorage accepts and ignores it
 * @param subAttributes   of a complex attribute; empty otherwise
 */
public record ScimAttribute(
        String schema,
        String name,
        Type type,
        boolean multiValued,
        boolean caseExact,
        Mutability mutability,
        Returned returned,
        Uniqueness uniqueness,
        boolean required,
        String description,
        List<String> canonicalValues,
        List<String> referenceTypes,
        Storage storage,
        List<ScimAttribute> subAttributes) {

    public ScimAttribute {
        canonicalValues = List.copyOf(canonicalValues);
        referenceTypes = List.copyOf(referenceTypes);
        subAttributes = List.copyOf(subAttributes);
    }

    /** RFC 7643 §2.3 data types, by their names in {@code /Schemas}. */
    public enum Type {
        STRING("string"), BOOLEAN("boolean"), DECIMAL("decimal"), INTEGER("integer"), DATE_TIME("dateTime"),
        REFERENCE("reference"), BINARY("binary"), COMPLEX("complex");

        public final String scimName;

        Type(String scimName) {
            this.scimName = scimName;
        }
    }

    public enum Mutability {
        READ_ONLY("readOnly"), READ_WRITE("readWrite"), IMMUTABLE("immutable"), WRITE_ONLY("writeOnly");

        public final String scimName;

        Mutability(String scimName) {
            this.scimName = scimName;
        }
    }

    public enum Returned {
        ALWAYS, NEVER, DEFAULT, REQUEST;

        public String scimName() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    public enum Uniqueness {
        NONE, SERVER, GLOBAL;

        public String scimName() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /**
     * Where the directory keeps an attribute: a column of the resource's table (named in {@code DirectoryTables}),
     * indexed where lookups need it, and its field in the resource's JSON document ({@code resource->'attributes'}),
     * relative to its parent attribute. Either may be null: id and the timestamps have only a column, names only a
     * field. {@code keyColumn} holds the caseless key of the value ({@link User#userNameKey}), which lookups compare
     * instead of the value.
     */
    public record Storage(String column, String field, String keyColumn) {
    }

    public boolean stored() {
        return storage != null;
    }

    /**
     * A string value of this attribute as it compares when the attribute is not case-exact: its caseless key where
     * the directory keeps one (userName), else its lower case. Both filter back ends compare these.
     */
    public String caseless(String value) {
        return storage != null && storage.keyColumn() != null ? User.userNameKey(value) : value.toLowerCase(Locale.ROOT);
    }

    public boolean isNamed(String candidate) {
        return name.equalsIgnoreCase(candidate);
    }

    /** Whether the value is one this attribute takes: any, or one of its canonical values in any letter case. */
    public boolean accepts(String value) {
        return canonicalValues.isEmpty() || canonicalValues.stream().anyMatch(value::equalsIgnoreCase);
    }

    /** The sub-attribute of that name, in any letter case. */
    /**
     * The attribute a path names among a schema's attributes (any letter case), the sub-attribute when the path has
     * one; empty when the schema does not define it.
     */
    public static Optional<ScimAttribute> find(List<ScimAttribute> attributes, AttributePath path) {
        Optional<ScimAttribute> attribute = attributes.stream()
                .filter(candidate -> candidate.isNamed(path.attribute()))
                .findFirst();
        return path.subAttribute() == null ? attribute : attribute.flatMap(found -> found.subAttribute(path.subAttribute()));
    }

    public Optional<ScimAttribute> subAttribute(String subName) {
        return subAttributes.stream().filter(sub -> sub.isNamed(subName)).findFirst();
    }
}
