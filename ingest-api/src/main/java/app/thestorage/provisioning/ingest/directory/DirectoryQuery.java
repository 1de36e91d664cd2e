package app.thestorage.provisioning.ingest.directory;

import app.thestorage.provisioning.contract.group.Group;
import app.thestorage.provisioning.directory.DirectoryTables.GroupMembers;
import app.thestorage.provisioning.directory.DirectoryTables.Groups;
import app.thestorage.provisioning.directory.DirectoryTables.Users;
import app.thestorage.provisioning.scim.ScimException;
import app.thestorage.provisioning.scim.ScimSchemas;
import app.thestorage.provisioning.scim.filter.Filter;
import app.thestorage.provisioning.scim.schema.AttributePath;
import app.thestorage.provisioning.scim.schema.ScimAttribute;
import app.thestorage.provisioning.scim.schema.ScimAttribute.Uniqueness;
import app.thestorage.provisioning.scim.schema.ResourceType;
import app.thestorage.provisioning.scim.schema.UserSchema;
import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A SCIM filter as a SQL condition on {@code directory.users}, with bind parameters. Where each attribute is kept
 * (a column, or a field of the user's JSON document), its type and whether it compares case-exactly come from the
 * attribute catalogue ({@link UserSchema}); the columns (userName, externalId, id, active) are indexed, so the
 * lookups identity providers make before every create are index seeks. An attribute TheStorage does not keep is
 * never present: comparisons with it match nothing (ne matches everything); an attribute no schema defines is refused
 * (400 invalidFilter, naming it). A user's {@code groups} are its memberships ({@code directory.group_members}), as a
 * GET shows them: a filter finds the members of a group ({@code groups.value eq "id"}, {@code groups[value eq "id"]}),
 * of a group by its displayName ({@code groups.display eq}, without regard to case, as displayNames are unique) and
 * the users in any group ({@code groups pr}); other comparisons of groups are refused. The enclosing statement names
 * {@code directory.users} {@code u}. {@code userName} is set when the filter is nothing but a lookup by userName.
 */
public record DirectoryQuery(String condition, Map<String, Object> parameters, String userName) {

    private static final String ATTRIBUTES = Users.RESOURCE + "->'attributes'";

    public static DirectoryQuery of(Filter filter) {
        Translator translator = new Translator();
        return new DirectoryQuery(translator.condition(filter, null), translator.parameters, userNameLookedUp(filter));
    }

    /** The direct members of a group (the console's list of a group's members; a group may have 100,000). */
    public static DirectoryQuery memberOf(String groupId) {
        return new DirectoryQuery("%s IN (SELECT m.%s FROM %s m WHERE m.%s = :tenant AND m.%s = :memberOf)".formatted(
                Users.ID, GroupMembers.USER_ID, GroupMembers.TABLE, GroupMembers.TENANT, GroupMembers.GROUP_ID),
                Map.of("memberOf", groupId), null);
    }

    /**
     * The userName the filter looks up, if it is exactly {@code userName eq "..."}: the lookup Entra and Okta make
     * before every create, which matches one user at most (userName is unique per tenant, regardless of case).
     */
    private static String userNameLookedUp(Filter filter) {
        return filter instanceof Filter.Comparison(AttributePath path, Filter.Operator operator, String value)
                && operator == Filter.Operator.EQ
                && ResourceType.USER.find(path).filter(attribute -> attribute.uniqueness() == Uniqueness.SERVER
                        && !attribute.caseExact() && attribute.schema().equals(ScimSchemas.USER)).isPresent()
                ? value : null;
    }

    /**
     * How one attribute is reached in SQL, and how its values compare: as they are (case-exact), by lower case, or,
     * for a column of caseless keys, by the key of the value ({@code attribute} makes it).
     */
    private record Column(String expression, Kind kind, boolean caseExact, ScimAttribute keyed) {

        Column(String expression, Kind kind, boolean caseExact) {
            this(expression, kind, caseExact, null);
        }
    }

    /** A value of a multi-valued attribute inside a value path: its SQL alias, and the attribute it is a value of. */
    private record Element(String alias, ScimAttribute values) {
    }

    private enum Kind {
        TEXT, BOOLEAN, TIMESTAMP
    }

    private static final class Translator {

        private final Map<String, Object> parameters = new LinkedHashMap<>();

        /** {@code element} is the value being looked at inside a value path ({@code emails[...]}), or null. */
        String condition(Filter filter, Element element) {
            return switch (filter) {
                case Filter.And and -> "(" + condition(and.left(), element) + " AND " + condition(and.right(), element) + ")";
                case Filter.Or or -> "(" + condition(or.left(), element) + " OR " + condition(or.right(), element) + ")";
                case Filter.Not not -> "(NOT COALESCE(" + condition(not.filter(), element) + ", FALSE))";
                case Filter.Present present when isGroups(present.path(), element) ->
                        groups(new Filter.Present(new AttributePath(null, subAttributeOf(present.path()), null)));
                case Filter.Comparison comparison when isGroups(comparison.path(), element) ->
                        groups(new Filter.Comparison(new AttributePath(null, subAttributeOf(comparison.path()), null),
                                comparison.operator(), comparison.value()));
                case Filter.ValuePath valuePath when isGroups(valuePath.path(), element) -> groups(valuePath.filter());
                case Filter.Present present -> present(present.path(), element);
                case Filter.Comparison comparison -> comparison(comparison, element);
                case Filter.ValuePath valuePath -> {
                    ScimAttribute values = element == null ? multiValued(valuePath.path()) : null;
                    if (values == null) {
                        known(valuePath.path(), element);
                        yield "FALSE";
                    }
                    yield "EXISTS (SELECT 1 FROM " + elements(values) + " AS e WHERE "
                            + condition(valuePath.filter(), new Element("e", values)) + ")";
                }
            };
        }

        /** Whether a path outside a value path names the user's groups (core schema, any letter case). */
        private static boolean isGroups(AttributePath path, Element element) {
            return element == null && ResourceType.USER.findTop(path)
                    .filter(attribute -> attribute.schema().equals(ScimSchemas.USER) && attribute.name().equals("groups"))
                    .isPresent();
        }

        /** {@code groups} compares its {@code value} (RFC 7644 §3.4.2.2), {@code groups.display} its display. */
        private static String subAttributeOf(AttributePath path) {
            return path.subAttribute() == null ? "value" : path.subAttribute();
        }

        /**
         * Whether the user is in a group the filter (on the sub-attributes of one of its groups) picks: one index seek
         * on the memberships for the user, and on the group for each membership, as GET reads them.
         */
        private String groups(Filter group) {
            return "EXISTS (SELECT 1 FROM %s m JOIN %s g ON g.%s = m.%s AND g.%s = m.%s WHERE m.%s = u.%s AND m.%s = u.%s"
                    .formatted(GroupMembers.TABLE, Groups.TABLE, Groups.TENANT, GroupMembers.TENANT, Groups.ID,
                            GroupMembers.GROUP_ID, GroupMembers.TENANT, Users.TENANT, GroupMembers.USER_ID,
                            Users.ID) + " AND " + membership(group) + ")";
        }

        private String membership(Filter group) {
            return switch (group) {
                case Filter.And and -> "(" + membership(and.left()) + " AND " + membership(and.right()) + ")";
                case Filter.Or or -> "(" + membership(or.left()) + " OR " + membership(or.right()) + ")";
                case Filter.Present present when isGroupSub(present.path(), "value")
                        || isGroupSub(present.path(), "display") -> "TRUE";
                case Filter.Comparison(AttributePath path, Filter.Operator operator, String value)
                        when operator == Filter.Operator.EQ && isGroupSub(path, "value") ->
                        "(m." + GroupMembers.GROUP_ID + " = " + bind(value) + ")";
                case Filter.Comparison(AttributePath path, Filter.Operator operator, String value)
                        when operator == Filter.Operator.EQ && isGroupSub(path, "display") ->
                        "(g." + Groups.DISPLAY_NAME_KEY + " = " + bind(Group.displayNameKey(value)) + ")";
                default -> throw ScimException.invalidFilter("A user's groups can be filtered by groups.value eq "
                        + "\"<group id>\" (or groups[value eq \"<group id>\"]), groups.display eq \"<displayName>\" "
                        + "and groups pr, combined with and and or.");
            };
        }

        private static boolean isGroupSub(AttributePath path, String subAttribute) {
            return path.schema() == null && path.subAttribute() == null && path.attribute().equalsIgnoreCase(subAttribute);
        }

        /** Refuses a path that no schema defines: a filter on it is a mistake, not a question with no answer. */
        private static void known(AttributePath path, Element element) {
            boolean defined = element != null
                    ? path.subAttribute() == null && element.values().subAttribute(path.attribute()).isPresent()
                    : ResourceType.USER.find(path).isPresent();
            if (!defined) {
                throw ScimException.invalidFilter("'" + (element == null ? path
                        : element.values().name() + "[" + path + "]") + "' is not an attribute of the User schema.");
            }
        }

        private String present(AttributePath path, Element element) {
            ScimAttribute values = element == null ? multiValued(path) : null;
            if (values != null) {
                AttributePath inner = new AttributePath(null, path.subAttribute() == null ? "value" : path.subAttribute(), null);
                return "EXISTS (SELECT 1 FROM " + elements(values) + " AS e WHERE "
                        + present(inner, new Element("e", values)) + ")";
            }
            known(path, element);
            Column column = column(path, element);
            if (column == null) {
                return "FALSE";
            }
            return column.kind() == Kind.TEXT
                    ? "COALESCE(" + column.expression() + ", '') <> ''"
                    : column.expression() + " IS NOT NULL";
        }

        private String comparison(Filter.Comparison comparison, Element element) {
            AttributePath path = comparison.path();
            ScimAttribute values = element == null ? multiValued(path) : null;
            if (values != null) {
                // emails eq "x" and emails.type eq "work" look at each value (RFC 7644 §3.4.2.2: "value" by default)
                AttributePath inner = new AttributePath(null, path.subAttribute() == null ? "value" : path.subAttribute(), null);
                return "EXISTS (SELECT 1 FROM " + elements(values) + " AS e WHERE "
                        + comparison(new Filter.Comparison(inner, comparison.operator(), comparison.value()),
                        new Element("e", values)) + ")";
            }
            known(path, element);
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
            String left = column.caseExact() || column.keyed() != null ? column.expression()
                    : "lower(" + column.expression() + ")";
            String right = column.caseExact() ? bind(text)
                    : column.keyed() != null ? bind(column.keyed().caseless(text)) : "lower(" + bind(text) + ")";
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

        /** The stored multi-valued attribute a path starts with (emails), or null. */
        private static ScimAttribute multiValued(AttributePath path) {
            return ResourceType.USER.findTop(path).filter(attribute -> attribute.multiValued() && attribute.stored()).orElse(null);
        }

        /** Each value of a multi-valued attribute, as rows (none when the document has no array there). */
        private static String elements(ScimAttribute values) {
            String array = ATTRIBUTES + "->'" + values.storage().field() + "'";
            return "jsonb_array_elements(CASE WHEN jsonb_typeof(" + array + ") = 'array' THEN " + array
                    + " ELSE '[]'::jsonb END)";
        }

        /** Where and how the attribute a path names is compared, or null when TheStorage does not keep it. */
        private static Column column(AttributePath path, Element element) {
            ScimAttribute attribute = element != null
                    ? element.values().subAttribute(path.attribute()).filter(sub -> path.subAttribute() == null).orElse(null)
                    : ResourceType.USER.find(path).orElse(null);
            if (attribute == null || !attribute.stored() || attribute.type() == ScimAttribute.Type.COMPLEX) {
                return null;
            }
            if (attribute.storage().keyColumn() != null && element == null) {
                return new Column(attribute.storage().keyColumn(), Kind.TEXT, false, attribute);
            }
            String expression = attribute.storage().column() != null && element == null ? attribute.storage().column()
                    : field(element == null ? ATTRIBUTES : element.alias(), element == null ? path : null, attribute);
            return switch (attribute.type()) {
                case BOOLEAN -> new Column(attribute.storage().column() != null && element == null ? expression
                        : "(" + expression + ")::boolean", Kind.BOOLEAN, false);
                case DATE_TIME -> new Column(expression, Kind.TIMESTAMP, true);
                default -> new Column(expression, Kind.TEXT, attribute.caseExact());
            };
        }

        /** The attribute's field in a JSON document, as text: {@code resource->'attributes'->'name'->>'givenName'}. */
        private static String field(String document, AttributePath path, ScimAttribute attribute) {
            if (path != null && path.subAttribute() != null) {
                ScimAttribute parent = ResourceType.USER.findTop(path).orElseThrow();
                return document + "->'" + parent.storage().field() + "'->>'" + attribute.storage().field() + "'";
            }
            return document + "->>'" + attribute.storage().field() + "'";
        }
    }
}
