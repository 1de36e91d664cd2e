package app.thestorage.provisioning.scim.patch;

import app.thestorage.provisioning.contract.DirectoryLimits;
import app.thestorage.provisioning.scim.ScimException;
import app.thestorage.provisioning.scim.ScimSchemas;
import app.thestorage.provisioning.scim.document.ScimUserDocument;
import app.thestorage.provisioning.scim.filter.Filter;
import app.thestorage.provisioning.scim.filter.FilterEvaluator;
import app.thestorage.provisioning.scim.filter.FilterParser;
import app.thestorage.provisioning.scim.filter.PatchPath;
import app.thestorage.provisioning.scim.patch.PatchRequest.Op;
import app.thestorage.provisioning.scim.schema.AttributeNames;
import app.thestorage.provisioning.scim.schema.AttributePath;
import app.thestorage.provisioning.scim.schema.ResourceType;
import app.thestorage.provisioning.scim.schema.ScimAttribute;
import app.thestorage.provisioning.scim.schema.ScimAttribute.Mutability;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Applies a SCIM PatchOp (RFC 7644 §3.5.2) to a User resource, as Entra ID and Okta send it: op names in
 * any case ("Replace"), operations with or without path, path-less values with dotted keys
 * ("name.givenName") and full extension URNs, value-filtered paths such as {@code emails[type eq "work"].value}
 * (a replace of a value that does not exist yet adds it, as Entra expects). Pure: a new resource is returned,
 * the input is not touched; every invalid operation is a SCIM 400.
 */
public final class UserPatch {

    /** Attributes whose values are identifiers (indexed, looked up), held to the shorter limit. */
    private static final Set<String> IDENTIFIERS = Set.of("username", "externalid");

    /**
     * The user after the PATCH. Every operation is read and checked against the catalogue before any is applied, so
     * an invalid one applies nothing.
     */
    public static ObjectNode apply(ObjectNode resource, JsonNode request) {
        ObjectNode patched = resource.deepCopy();
        for (Change change : changes(request)) {
            switch (change) {
                case Change.ToAttribute attribute -> applyToAttribute(patched, attribute.op(), attribute.path(),
                        attribute.value());
                case Change.ToValues values -> applyToValues(patched, values.op(), values.target(), values.value());
            }
        }
        return patched;
    }

    /**
     * Refuses, as {@link #apply} would whatever the user, a PATCH that is not a PatchOp, names an op, a path or an
     * attribute that does not exist, changes a read-only attribute or the password, lacks a value, or carries a value
     * the directory cannot hold ({@link DirectoryLimits}: a control character, half a surrogate pair, an identifier or
     * a text too long). What depends on the user (a filter that matches none of its values and does not say what to
     * add, an empty userName as the result) is left to {@link #apply}.
     */
    public static void check(JsonNode request) {
        for (Change change : changes(request)) {
            switch (change) {
                case Change.ToAttribute attribute when isPhotos(attribute.path()) ->
                        photos(attribute.path().subAttribute(), attribute.value(), true);
                case Change.ToValues values when isPhotos(values.target().attribute()) ->
                        photos(values.target().subAttribute(), values.value(), false);
                case Change.ToAttribute attribute -> {
                    AttributePath path = attribute.path();
                    boolean identifier = path.schema() == null && path.subAttribute() == null
                            && IDENTIFIERS.contains(path.attribute().toLowerCase(Locale.ROOT));
                    storable(path.subAttribute() == null ? path.attribute() : path.attribute() + "." + path.subAttribute(),
                            identifier, attribute.value());
                }
                case Change.ToValues values -> storable(values.target().attribute().attribute(), false, values.value());
            }
        }
    }

    private static boolean isPhotos(AttributePath path) {
        return ResourceType.USER.findTop(path).filter(attribute -> attribute.schema().equals(ScimSchemas.USER)
                && attribute.name().equals("photos")).isPresent();
    }

    /**
     * Refuses photos the directory would refuse whatever the user ({@link DirectoryLimits#photos}): an address that is
     * not https, a type other than photo and thumbnail, more entries than a user may have, and, where whole entries are
     * written ({@code entries}), an entry without a value. The count and the primary of the result are the projector's.
     */
    private static void photos(String subAttribute, JsonNode value, boolean entries) {
        if (value == null || value.isNull()) {
            return;
        }
        if (subAttribute != null) {
            refuse(photoSub(subAttribute, value));
            return;
        }
        if (value.isArray() && value.size() > DirectoryLimits.MAX_PHOTOS) {
            refuse("photos holds at most " + DirectoryLimits.MAX_PHOTOS + " entries.");
        }
        for (JsonNode entry : value.isArray() ? value : List.of(value)) {
            if (!entry.isObject()) {
                refuse("Every entry of photos is an object: {value, display, type, primary}.");
            }
            if (entries && AttributeNames.valueOf(entry, "value") == null) {
                refuse("Every entry of photos needs a value.");
            }
            for (Map.Entry<String, JsonNode> sub : entry.properties()) {
                if (!sub.getValue().isNull()) {
                    refuse(photoSub(sub.getKey(), sub.getValue()));
                }
            }
        }
    }

    /** The problem with a value of one sub-attribute of photos, or null. */
    private static String photoSub(String subAttribute, JsonNode value) {
        String named = "photos." + subAttribute;
        return switch (subAttribute.toLowerCase(Locale.ROOT)) {
            case "value" -> value.isString() ? DirectoryLimits.photoValue(value.stringValue()) : named + " must be a string.";
            case "type" -> value.isString() ? DirectoryLimits.photoType(value.stringValue()) : named + " must be a string.";
            case "display" -> value.isString() ? DirectoryLimits.text(named, value.stringValue()) : named + " must be a string.";
            default -> null; // primary is read as any boolean is; a sub-attribute no schema defines is ignored
        };
    }

    private static void refuse(String problem) {
        if (problem != null) {
            throw ScimException.invalidValue(problem);
        }
    }

    /** Refuses a value, or any string within it, that the directory cannot hold. */
    private static void storable(String attribute, boolean identifier, JsonNode value) {
        if (value == null) {
            return;
        }
        if (value.isString()) {
            String problem = identifier ? DirectoryLimits.identifier(attribute, value.stringValue())
                    : DirectoryLimits.text(attribute, value.stringValue());
            if (problem != null) {
                throw ScimException.invalidValue(problem);
            }
        } else if (value.isObject()) {
            for (Map.Entry<String, JsonNode> sub : value.properties()) {
                storable(attribute + "." + sub.getKey(), false, sub.getValue());
            }
        } else if (value.isArray()) {
            for (JsonNode element : value) {
                storable(attribute, false, element);
            }
        }
    }

    /** The PATCH's operations as changes of attributes, each checked against the catalogue. */
    private static List<Change> changes(JsonNode request) {
        List<Change> changes = new ArrayList<>();
        for (JsonNode operation : PatchRequest.operations(request)) {
            Op op = PatchRequest.op(operation);
            String path = PatchRequest.path(operation);
            JsonNode value = AttributeNames.valueOf(operation, "value");
            if (path == null) {
                pathless(op, PatchRequest.pathlessValue(op, value), changes);
                continue;
            }
            PatchPath target = FilterParser.parsePath(path);
            if (op != Op.REMOVE && value == null) {
                throw ScimException.invalidValue("The " + op.scimName() + " of " + path + " needs a value.");
            }
            changes.add(target.valueFilter() == null ? new Change.ToAttribute(op, target.attribute(), value)
                    : new Change.ToValues(op, target, value));
        }
        for (Change change : changes) {
            switch (change) {
                case Change.ToAttribute attribute -> target(attribute.path(), attribute.path().subAttribute());
                case Change.ToValues values -> target(values.target().attribute(), values.target().subAttribute());
            }
        }
        return changes;
    }

    /** {"op":"replace","value":{"active":false,"name.givenName":"Ada","urn:…:enterprise:2.0:User:department":"R&D"}} */
    private static void pathless(Op op, ObjectNode value, List<Change> changes) {
        for (Map.Entry<String, JsonNode> entry : value.properties()) {
            String key = entry.getKey();
            if (key.equalsIgnoreCase(ScimSchemas.ENTERPRISE_USER) && entry.getValue().isObject()) {
                for (Map.Entry<String, JsonNode> inner : entry.getValue().properties()) {
                    changes.add(new Change.ToAttribute(op, new AttributePath(ScimSchemas.ENTERPRISE_USER,
                            inner.getKey(), null), inner.getValue()));
                }
            } else if (!key.equalsIgnoreCase("schemas")) {
                AttributePath path;
                try {
                    path = AttributePath.parse(key);
                } catch (ScimException e) {
                    throw new ScimException(400, "invalidPath", "'" + key + "' is not an attribute.");
                }
                changes.add(new Change.ToAttribute(op, path, entry.getValue()));
            }
        }
    }

    /** One operation, or one attribute of a path-less one: what it does to which attribute or values. */
    private sealed interface Change {

        /** An attribute (or a sub-attribute) as a whole. */
        record ToAttribute(Op op, AttributePath path, JsonNode value) implements Change {
        }

        /** The values of a multi-valued attribute that match the path's filter. */
        record ToValues(Op op, PatchPath target, JsonNode value) implements Change {
        }
    }

    private static void applyToAttribute(ObjectNode resource, Op op, AttributePath path, JsonNode value) {
        ScimAttribute attribute = target(path, path.subAttribute());
        ObjectNode container = container(resource, path, op != Op.REMOVE);
        if (container == null) {
            return;
        }
        String name = existingKey(container, path.attribute());
        if (path.subAttribute() != null) {
            JsonNode parent = container.get(name);
            if (op == Op.REMOVE) {
                if (parent != null && parent.isObject()) {
                    ((ObjectNode) parent).remove(existingKey((ObjectNode) parent, path.subAttribute()));
                } else if (parent != null && parent.isArray()) {
                    parent.forEach(element -> {
                        if (element.isObject()) {
                            ((ObjectNode) element).remove(existingKey((ObjectNode) element, path.subAttribute()));
                        }
                    });
                }
                return;
            }
            if (parent == null || !parent.isObject()) {
                parent = container.putObject(name);
            }
            set((ObjectNode) parent, path.subAttribute(), value);
            return;
        }
        if (op == Op.REMOVE) {
            container.remove(name);
            return;
        }
        JsonNode current = container.get(name);
        if (attribute.multiValued()) {
            ArrayNode values = op == Op.ADD && current != null && current.isArray()
                    ? (ArrayNode) current : JsonNodeFactory.instance.arrayNode();
            for (JsonNode added : value.isArray() ? value : List.of(value)) {
                if (!contains(values, added)) {
                    values.add(added.deepCopy());
                }
            }
            container.set(name, values);
        } else if (value.isObject() && current != null && current.isObject()) {
            // complex attribute: the given sub-attributes replace or add, the others stay (RFC 7644 §3.5.2.3)
            for (Map.Entry<String, JsonNode> sub : value.properties()) {
                set((ObjectNode) current, sub.getKey(), sub.getValue());
            }
        } else if (value.isNull()) {
            container.remove(name);
        } else {
            container.set(name, value.deepCopy());
        }
    }

    /** {@code emails[type eq "work"].value}: the values of a multi-valued attribute that match a filter. */
    private static void applyToValues(ObjectNode resource, Op op, PatchPath target, JsonNode value) {
        AttributePath path = target.attribute();
        target(path, target.subAttribute());
        ObjectNode container = container(resource, path, op != Op.REMOVE);
        if (container == null) {
            return;
        }
        String name = existingKey(container, path.attribute());
        JsonNode current = container.get(name);
        ArrayNode values = current != null && current.isArray() ? (ArrayNode) current : container.putArray(name);
        List<ObjectNode> matching = new ArrayList<>();
        for (JsonNode element : values) {
            if (element.isObject() && FilterEvaluator.matches(target.valueFilter(), element)) {
                matching.add((ObjectNode) element);
            }
        }
        if (op == Op.REMOVE) {
            if (target.subAttribute() == null) {
                for (int i = values.size() - 1; i >= 0; i--) {
                    if (matching.contains(values.get(i))) {
                        values.remove(i);
                    }
                }
            } else {
                matching.forEach(element -> element.remove(existingKey(element, target.subAttribute())));
            }
            if (values.isEmpty()) {
                container.remove(name);
            }
            return;
        }
        if (matching.isEmpty()) {
            // Entra replaces emails[type eq "work"].value of a user who has no work email yet: add one
            ObjectNode added = values.addObject();
            seedFromFilter(added, target.valueFilter());
            matching.add(added);
        }
        for (ObjectNode element : matching) {
            if (target.subAttribute() != null) {
                set(element, target.subAttribute(), value);
            } else if (value.isObject()) {
                value.properties().forEach(sub -> set(element, sub.getKey(), sub.getValue()));
            } else {
                throw ScimException.invalidValue("The value for " + path + "[…] must be an object.");
            }
        }
    }

    /** The sub-attribute values a filter of equalities pins down: {@code type eq "work"} gives type = work. */
    private static void seedFromFilter(ObjectNode element, Filter filter) {
        switch (filter) {
            case Filter.Comparison comparison when comparison.operator() == Filter.Operator.EQ
                    && comparison.value() != null -> {
                Object v = comparison.value();
                String key = comparison.path().subAttribute() != null
                        ? comparison.path().subAttribute() : comparison.path().attribute();
                if (v instanceof Boolean bool) {
                    element.put(key, bool);
                } else if (v instanceof java.math.BigDecimal number) {
                    element.put(key, number);
                } else {
                    element.put(key, (String) v);
                }
            }
            case Filter.And and -> {
                seedFromFilter(element, and.left());
                seedFromFilter(element, and.right());
            }
            default -> throw new ScimException(400, "noTarget",
                    "No value matches the filter of the PATCH path, and it does not say which value to add.");
        }
    }

    /**
     * The attribute a PATCH path changes, as the catalogue defines it: a name in no schema is a 400 invalidPath (and,
     * as every operation is checked before the patched user is used, nothing is applied); a read-only attribute is a
     * 400 mutability; the password is refused.
     */
    private static ScimAttribute target(AttributePath path, String subAttribute) {
        ScimAttribute attribute = ResourceType.USER.findTop(path).orElseThrow(() -> unknown(path));
        ScimAttribute changed = subAttribute == null ? attribute
                : attribute.subAttribute(subAttribute).orElseThrow(() -> unknown(path.withSubAttribute(subAttribute)));
        if (attribute.mutability() == Mutability.READ_ONLY || changed.mutability() == Mutability.READ_ONLY) {
            throw new ScimException(400, "mutability", path.attribute() + " is read-only.");
        }
        if (attribute.mutability() == Mutability.WRITE_ONLY) {
            throw ScimUserDocument.passwordRefused();
        }
        return attribute;
    }

    private static ScimException unknown(AttributePath path) {
        return new ScimException(400, "invalidPath", "'" + path + "' is not an attribute of the User resource "
                + "(core or enterprise schema): nothing was changed.");
    }

    private static ObjectNode container(ObjectNode resource, AttributePath path, boolean create) {
        if (path.schema() == null || path.schema().equalsIgnoreCase(ScimSchemas.USER)) {
            return resource;
        }
        String key = existingKey(resource, path.schema());
        JsonNode extension = resource.get(key);
        if (extension != null && extension.isObject()) {
            return (ObjectNode) extension;
        }
        return create ? resource.putObject(key) : null;
    }

    private static void set(ObjectNode node, String attribute, JsonNode value) {
        String key = existingKey(node, attribute);
        if (value == null || value.isNull()) {
            node.remove(key);
        } else {
            node.set(key, value.deepCopy());
        }
    }

    /** The key already used for this attribute (any case), or the attribute as given. */
    private static String existingKey(ObjectNode node, String attribute) {
        String key = AttributeNames.keyOf(node, attribute);
        return key == null ? attribute : key;
    }

    private static boolean contains(ArrayNode values, JsonNode candidate) {
        for (JsonNode value : values) {
            if (value.equals(candidate)) {
                return true;
            }
        }
        return false;
    }

    private UserPatch() {
    }
}
