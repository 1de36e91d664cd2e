package app.thestorage.provisioning.ingest.directory;

import app.thestorage.provisioning.scim.ScimException;
import app.thestorage.provisioning.scim.ScimSchemas;
import app.thestorage.provisioning.scim.schema.AttributePath;
import app.thestorage.provisioning.scim.filter.Filter;
import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * A SCIM filter as a SQL condition on {@code directory.users}, with bind parameters. userName, externalId,
 * id and active map to indexed columns (so the lookups identity providers make before every create are
 * index seeks); the other attributes map into the user's JSON document. An attribute TheStorage does not
 * keep is never present: comparisons with it match nothing (ne matches everything). {@code userName} is set
 * when the filter is nothing but a lookup by userName.
 */
public record DirectoryQuery(String condition, Map<String, Object> parameters, String userName) {

    private static final String ATTRIBUTES = "resource->'attributes'";
    private static final String EMAILS = "jsonb_array_elements(CASE WHEN jsonb_typeof(" + ATTRIBUTES
            + "->'emails') = 'array' THEN " + ATTRIBUTES + "->'emails' ELSE '[]'::jsonb END)";

    public static DirectoryQuery of(Filter filter) {
        Translator translator = new Translator();
        return new DirectoryQuery(translator.condition(filter, null), translator.parameters, userNameLookedUp(filter));
    }

    /**
     * The userName the filter looks up, if it is exactly {@code userName eq "..."}: the lookup Entra and Okta make
     * before every create, which matches one user at most (userName is unique per tenant, regardless of case).
     */
    private static String userNameLookedUp(Filter filter) {
        return filter instanceof Filter.Comparison(AttributePath path, Filter.Operator operator, String value)
                && operator == Filter.Operator.EQ && Translator.isCore(path) && path.is("userName")
                && path.subAttribute() == null ? value : null;
    }

    /** How one attribute is reached in SQL, and how its values compare. */
    private record Column(String expression, Kind kind, boolean caseExact) {
    }

    private enum Kind {
        TEXT, BOOLEAN, TIMESTAMP
    }

    private static final class Translator {

        private final Map<String, Object> parameters = new LinkedHashMap<>();

        /** {@code element} is the SQL alias of the email being looked at inside a value path, or null. */
        String condition(Filter filter, String element) {
            return switch (filter) {
                case Filter.And and -> "(" + condition(and.left(), element) + " AND " + condition(and.right(), element) + ")";
                case Filter.Or or -> "(" + condition(or.left(), element) + " OR " + condition(or.right(), element) + ")";
                case Filter.Not not -> "(NOT COALESCE(" + condition(not.filter(), element) + ", FALSE))";
                case Filter.Present present -> present(present.path(), element);
                case Filter.Comparison comparison -> comparison(comparison, element);
                case Filter.ValuePath valuePath -> {
                    if (element != null || !isEmails(valuePath.path())) {
                        yield "FALSE";
                    }
                    yield "EXISTS (SELECT 1 FROM " + EMAILS + " AS e WHERE " + condition(valuePath.filter(), "e") + ")";
                }
            };
        }

        private String present(AttributePath path, String element) {
            if (element == null && isEmails(path)) {
                String sub = path.subAttribute() == null ? "value" : path.subAttribute();
                return "EXISTS (SELECT 1 FROM " + EMAILS + " AS e WHERE COALESCE(e->>'" + emailField(sub) + "', '') <> '')";
            }
            Column column = column(path, element);
            if (column == null) {
                return "FALSE";
            }
            return column.kind() == Kind.TEXT
                    ? "COALESCE(" + column.expression() + ", '') <> ''"
                    : column.expression() + " IS NOT NULL";
        }

        private String comparison(Filter.Comparison comparison, String element) {
            AttributePath path = comparison.path();
            if (element == null && isEmails(path)) {
                AttributePath inner = new AttributePath(null, path.subAttribute() == null ? "value" : path.subAttribute(), null);
                return "EXISTS (SELECT 1 FROM " + EMAILS + " AS e WHERE "
                        + comparison(new Filter.Comparison(inner, comparison.operator(), comparison.value()), "e") + ")";
            }
            Column column = column(path, element);
            Filter.Operator op = comparison.operator();
            Object value = comparison.value();
            if (value == null) {
                return switch (op) {
                    case EQ -> column == null ? "TRUE" : "(" + column.expression() + " IS NULL)";
                    case NE -> column == null ? "FALSE" : "(" + column.expression() + " IS NOT NULL)";
                    default -> throw ScimException.invalidFilter("null can only be compared with eq or ne.");
                };
            }
            if (column == null) {
                return op == Filter.Operator.NE ? "TRUE" : "FALSE";
            }
            if (value instanceof Boolean bool) {
                if (op != Filter.Operator.EQ && op != Filter.Operator.NE) {
                    throw ScimException.invalidFilter("Booleans can only be compared with eq or ne.");
                }
                if (column.kind() != Kind.BOOLEAN) {
                    return op == Filter.Operator.NE ? "TRUE" : "FALSE";
                }
                return "(" + column.expression() + (op == Filter.Operator.EQ ? " = " : " <> ") + bind(bool) + ")";
            }
            if (value instanceof BigDecimal) {
                if (op == Filter.Operator.CO || op == Filter.Operator.SW || op == Filter.Operator.EW) {
                    throw ScimException.invalidFilter("co, sw and ew compare strings only.");
                }
                return op == Filter.Operator.NE ? "TRUE" : "FALSE";
            }
            String text = (String) value;
            if (column.kind() == Kind.BOOLEAN) {
                return op == Filter.Operator.NE ? "TRUE" : "FALSE";
            }
            if (column.kind() == Kind.TIMESTAMP) {
                java.time.Instant instant;
                try {
                    instant = java.time.Instant.parse(text);
                } catch (java.time.format.DateTimeParseException e) {
                    throw ScimException.invalidFilter("'" + text + "' is not a date-time such as 2026-11-23T10:00:00Z.");
                }
                String sqlOp = switch (op) {
                    case EQ -> " = ";
                    case NE -> " <> ";
                    case GT -> " > ";
                    case GE -> " >= ";
                    case LT -> " < ";
                    case LE -> " <= ";
                    case CO, SW, EW -> throw ScimException.invalidFilter("co, sw and ew compare strings only.");
                };
                return "(" + column.expression() + sqlOp + bind(java.time.OffsetDateTime.ofInstant(instant,
                        java.time.ZoneOffset.UTC)) + ")";
            }
            String left = column.caseExact() ? column.expression() : "lower(" + column.expression() + ")";
            String right = column.caseExact() ? bind(text) : "lower(" + bind(text) + ")";
            return switch (op) {
                case EQ -> "(" + left + " = " + right + ")";
                case NE -> "(" + left + " IS DISTINCT FROM " + right + ")";
                case CO -> "(strpos(" + left + ", " + right + ") > 0)";
                case SW -> "starts_with(" + left + ", " + right + ")";
                case EW -> "(right(" + left + ", length(" + right + ")) = " + right + ")";
                case GT -> "(" + left + " > " + right + ")";
                case GE -> "(" + left + " >= " + right + ")";
                case LT -> "(" + left + " < " + right + ")";
                case LE -> "(" + left + " <= " + right + ")";
            };
        }

        private String bind(Object value) {
            String name = "p" + parameters.size();
            parameters.put(name, value);
            return ":" + name;
        }

        private static boolean isEmails(AttributePath path) {
            return isCore(path) && path.is("emails");
        }

        private static boolean isCore(AttributePath path) {
            return path.schema() == null || path.schema().equalsIgnoreCase(ScimSchemas.USER);
        }

        private static String emailField(String sub) {
            return switch (sub.toLowerCase(Locale.ROOT)) {
                case "type" -> "type";
                case "primary" -> "primary";
                default -> "value";
            };
        }

        private static Column column(AttributePath path, String element) {
            if (element != null) {
                // inside emails[...]: the attributes are the email's own
                return switch (path.lowerAttribute()) {
                    case "value" -> new Column(element + "->>'value'", Kind.TEXT, false);
                    case "type" -> new Column(element + "->>'type'", Kind.TEXT, false);
                    case "primary" -> new Column("(" + element + "->>'primary')::boolean", Kind.BOOLEAN, false);
                    default -> null;
                };
            }
            if (path.schema() != null && path.schema().equalsIgnoreCase(ScimSchemas.ENTERPRISE_USER)) {
                return path.is("department") && path.subAttribute() == null
                        ? new Column(ATTRIBUTES + "->>'department'", Kind.TEXT, false) : null;
            }
            if (!isCore(path)) {
                return null;
            }
            String sub = path.subAttribute() == null ? null : path.subAttribute().toLowerCase(Locale.ROOT);
            return switch (path.lowerAttribute()) {
                case "id" -> sub == null ? new Column("id", Kind.TEXT, true) : null;
                case "username" -> sub == null ? new Column("user_name", Kind.TEXT, false) : null;
                case "externalid" -> sub == null ? new Column("external_id", Kind.TEXT, true) : null;
                case "active" -> sub == null ? new Column("active", Kind.BOOLEAN, false) : null;
                case "displayname" -> sub == null ? new Column(ATTRIBUTES + "->>'displayName'", Kind.TEXT, false) : null;
                case "title" -> sub == null ? new Column(ATTRIBUTES + "->>'title'", Kind.TEXT, false) : null;
                case "name" -> "givenname".equals(sub) ? new Column(ATTRIBUTES + "->'name'->>'givenName'", Kind.TEXT, false)
                        : "familyname".equals(sub) ? new Column(ATTRIBUTES + "->'name'->>'familyName'", Kind.TEXT, false)
                        : null;
                case "meta" -> "created".equals(sub) ? new Column("created", Kind.TIMESTAMP, true)
                        : "lastmodified".equals(sub) ? new Column("last_modified", Kind.TIMESTAMP, true)
                        : null;
                default -> null;
            };
        }
    }
}
