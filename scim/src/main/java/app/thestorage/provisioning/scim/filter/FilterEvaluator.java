package app.thestorage.provisioning.scim.filter;

import app.thestorage.provisioning.scim.ScimException;
import app.thestorage.provisioning.scim.schema.AttributeNames;
import app.thestorage.provisioning.scim.schema.AttributePath;
import app.thestorage.provisioning.scim.schema.ResourceType;
import app.thestorage.provisioning.scim.schema.ScimAttribute;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import tools.jackson.databind.JsonNode;

/**
 * Evaluates a filter against a SCIM JSON resource, or against one value of a multi-valued attribute (for
 * PATCH paths such as {@code emails[type eq "work"]}). Strings compare without regard to case except for
 * the attributes the catalogue of the resource type ({@link ResourceType#find}) says are case-exact; inside a value
 * path, names are sub-attributes of the attribute the path selects values of ({@code members[value eq "u1"]}).
 */
public final class FilterEvaluator {

    /** Whether a User resource matches the filter. */
    public static boolean matches(Filter filter, JsonNode node) {
        return matches(filter, node, ResourceType.USER);
    }

    /** Whether a resource of that type matches the filter, e.g. a Group and {@code members[value eq "u1"]}. */
    public static boolean matches(Filter filter, JsonNode resource, ResourceType type) {
        return matches(filter, resource, new Scope(type, false, null));
    }

    /**
     * Where a filter's names are looked up: in the resource type's catalogue, or, inside a value path
     * ({@code inValuePath}), among the sub-attributes of {@code values}, the attribute the path selects values of
     * (null when the catalogue does not define it).
     */
    private record Scope(ResourceType type, boolean inValuePath, ScimAttribute values) {

        Optional<ScimAttribute> find(AttributePath path) {
            if (!inValuePath) {
                return type.find(path);
            }
            return values == null || path.subAttribute() != null || !type.isCore(path.schema()) ? Optional.empty()
                    : values.subAttribute(path.attribute());
        }

        Optional<ScimAttribute> findTop(AttributePath path) {
            return find(new AttributePath(path.schema(), path.attribute(), null));
        }

        Scope within(AttributePath path) {
            return new Scope(type, true, findTop(path).orElse(null));
        }
    }

    private static boolean matches(Filter filter, JsonNode node, Scope scope) {
        return switch (filter) {
            case Filter.And and -> matches(and.left(), node, scope) && matches(and.right(), node, scope);
            case Filter.Or or -> matches(or.left(), node, scope) || matches(or.right(), node, scope);
            case Filter.Not not -> !matches(not.filter(), node, scope);
            case Filter.Present present -> values(node, present.path(), scope).stream().anyMatch(FilterEvaluator::isPresent);
            case Filter.Comparison comparison when !scope.inValuePath() && complexValues(comparison.path(), scope) -> {
                // photos.display ne "x" means photos[display ne "x"] (RFC 7644 §3.4.2.2), as the SQL back end reads it:
                // a value without a display differs from "x"
                AttributePath path = comparison.path();
                Filter.Comparison each = new Filter.Comparison(new AttributePath(null,
                        path.subAttribute() == null ? "value" : path.subAttribute(), null), comparison.operator(),
                        comparison.value());
                yield elements(node, path, scope).stream().anyMatch(element -> matches(each, element, scope.within(path)));
            }
            case Filter.Comparison comparison -> {
                List<JsonNode> values = values(node, comparison.path(), scope);
                if (comparison.value() == null) {
                    boolean absent = values.stream().noneMatch(FilterEvaluator::isPresent);
                    yield switch (comparison.operator()) {
                        case EQ -> absent;
                        case NE -> !absent;
                        default -> throw ScimException.invalidFilter("null can only be compared with eq or ne.");
                    };
                }
                if (values.isEmpty()) {
                    // a single value that is absent differs from any value; a multi-valued attribute without values
                    // has none that differs
                    yield comparison.operator() == Filter.Operator.NE && !scope.findTop(comparison.path())
                            .map(ScimAttribute::multiValued).orElse(false);
                }
                ScimAttribute attribute = compared(comparison.path(), scope);
                yield values.stream().anyMatch(value -> compare(value, comparison, attribute));
            }
            case Filter.ValuePath valuePath -> elements(node, valuePath.path(), scope).stream()
                    .anyMatch(element -> matches(valuePath.filter(), element, scope.within(valuePath.path())));
        };
    }

    /** Whether a path names a multi-valued complex attribute (emails, photos) or a sub-attribute of one. */
    private static boolean complexValues(AttributePath path, Scope scope) {
        return scope.findTop(path).filter(attribute -> attribute.multiValued()
                && attribute.type() == ScimAttribute.Type.COMPLEX).isPresent();
    }

    /** The attribute whose values a comparison reads: for {@code members eq "x"}, as for emails, the "value" of each. */
    private static ScimAttribute compared(AttributePath path, Scope scope) {
        ScimAttribute attribute = scope.find(path).orElse(null);
        if (attribute != null && attribute.multiValued() && attribute.type() == ScimAttribute.Type.COMPLEX) {
            return attribute.subAttribute("value").orElse(attribute);
        }
        return attribute;
    }

    private static boolean isPresent(JsonNode value) {
        return value != null && !value.isNull() && !(value.isString() && value.stringValue().isEmpty())
                && !(value.isArray() && value.isEmpty()) && !(value.isObject() && value.isEmpty());
    }

    /** {@code attribute} is null for a name the catalogue does not know (inside a value path): it compares caselessly. */
    private static boolean compare(JsonNode actual, Filter.Comparison comparison, ScimAttribute attribute) {
        Object expected = comparison.value();
        Filter.Operator op = comparison.operator();
        if (expected instanceof Boolean bool) {
            if (op != Filter.Operator.EQ && op != Filter.Operator.NE) {
                throw ScimException.invalidFilter("Booleans can only be compared with eq or ne.");
            }
            boolean equal = actual.isBoolean() ? actual.booleanValue() == bool
                    : actual.isString() && actual.stringValue().equalsIgnoreCase(bool.toString());
            return (op == Filter.Operator.EQ) == equal;
        }
        if (expected instanceof BigDecimal number) {
            if (!actual.isNumber()) {
                return op == Filter.Operator.NE;
            }
            int order = actual.decimalValue().compareTo(number);
            return ordered(op, order);
        }
        String wanted = (String) expected;
        if (!actual.isString()) {
            return op == Filter.Operator.NE;
        }
        String have = actual.stringValue();
        if (attribute == null) {
            have = have.toLowerCase(Locale.ROOT);
            wanted = wanted.toLowerCase(Locale.ROOT);
        } else if (!attribute.caseExact()) {
            have = attribute.caseless(have);
            wanted = attribute.caseless(wanted);
        }
        return switch (op) {
            case EQ -> have.equals(wanted);
            case NE -> !have.equals(wanted);
            case CO -> have.contains(wanted);
            case SW -> have.startsWith(wanted);
            case EW -> have.endsWith(wanted);
            case GT, GE, LT, LE -> ordered(op, have.compareTo(wanted));
        };
    }

    private static boolean ordered(Filter.Operator op, int order) {
        return switch (op) {
            case EQ -> order == 0;
            case NE -> order != 0;
            case GT -> order > 0;
            case GE -> order >= 0;
            case LT -> order < 0;
            case LE -> order <= 0;
            case CO, SW, EW -> throw ScimException.invalidFilter("co, sw and ew compare strings only.");
        };
    }

    /** The attribute named by the path (without its sub-attribute), found without regard to case. */
    private static JsonNode attribute(JsonNode node, AttributePath path, Scope scope) {
        JsonNode container = node;
        if (!scope.type().isCore(path.schema())) {
            container = AttributeNames.valueOf(node, path.schema());
            if (container == null) {
                return null;
            }
        }
        return AttributeNames.valueOf(container, path.attribute());
    }

    /** The values a comparison looks at; for a multi-valued complex attribute without sub-attribute, their "value". */
    private static List<JsonNode> values(JsonNode node, AttributePath path, Scope scope) {
        JsonNode attribute = attribute(node, path, scope);
        List<JsonNode> values = new ArrayList<>();
        if (attribute == null) {
            return values;
        }
        String sub = path.subAttribute();
        if (attribute.isArray()) {
            for (JsonNode element : attribute) {
                JsonNode value = element.isObject() ? AttributeNames.valueOf(element, sub == null ? "value" : sub) : element;
                if (value != null) {
                    values.add(value);
                }
            }
        } else if (sub != null) {
            JsonNode value = AttributeNames.valueOf(attribute, sub);
            if (value != null) {
                values.add(value);
            }
        } else {
            values.add(attribute);
        }
        return values;
    }

    private static List<JsonNode> elements(JsonNode node, AttributePath path, Scope scope) {
        JsonNode attribute = attribute(node, path, scope);
        List<JsonNode> elements = new ArrayList<>();
        if (attribute != null && attribute.isArray()) {
            attribute.forEach(elements::add);
        } else if (attribute != null && attribute.isObject()) {
            elements.add(attribute);
        }
        return elements;
    }

    private FilterEvaluator() {
    }
}
