package app.thestorage.provisioning.scim.document;

import app.thestorage.provisioning.scim.ScimException;
import app.thestorage.provisioning.scim.schema.AttributeNames;
import app.thestorage.provisioning.scim.schema.AttributePath;
import app.thestorage.provisioning.scim.schema.ResourceType;
import app.thestorage.provisioning.scim.schema.ScimAttribute;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The {@code attributes} and {@code excludedAttributes} query parameters (RFC 7644 §3.4.2.5): which
 * attributes of a resource a response carries. {@code schemas} and the attributes returned always (id) stay.
 */
public record AttributeSelection(List<AttributePath> included, List<AttributePath> excluded) {

    private static final AttributeSelection ALL = new AttributeSelection(List.of(), List.of());

    public static AttributeSelection of(String attributes, String excludedAttributes) {
        if (isBlank(attributes) && isBlank(excludedAttributes)) {
            return ALL;
        }
        try {
            return new AttributeSelection(paths(attributes), paths(excludedAttributes));
        } catch (ScimException e) {
            throw ScimException.invalidValue("attributes and excludedAttributes list attribute names separated by "
                    + "commas, such as userName,name.givenName.");
        }
    }

    /** The User resource as this selection shows it. */
    public ObjectNode apply(ObjectNode resource) {
        return apply(resource, ResourceType.USER);
    }

    /** A resource of that type as this selection shows it; the resource itself is not changed. */
    public ObjectNode apply(ObjectNode resource, ResourceType type) {
        if (included.isEmpty() && excluded.isEmpty()) {
            return resource;
        }
        ObjectNode selected = resource.deepCopy();
        if (!included.isEmpty()) {
            for (String key : new ArrayList<>(selected.propertyNames())) {
                if (!alwaysReturned(key, type)) {
                    keepOnly(selected, key, type);
                }
            }
        }
        for (AttributePath path : excluded) {
            remove(selected, path, type);
        }
        return selected;
    }

    /**
     * Whether a response shaped by this selection shows any part of an attribute of the type's core schema, so that a
     * caller need not read what would not be shown: a group's members, with {@code excludedAttributes=members}.
     */
    public boolean returns(ResourceType type, String attribute) {
        if (alwaysReturned(attribute, type)) {
            return true;
        }
        if (!included.isEmpty() && included.stream().noneMatch(path -> names(path, type, attribute))) {
            return false;
        }
        return excluded.stream().noneMatch(path -> path.subAttribute() == null && names(path, type, attribute));
    }

    private static boolean names(AttributePath path, ResourceType type, String attribute) {
        return type.isCore(path.schema()) && path.attribute().equalsIgnoreCase(attribute);
    }

    private void keepOnly(ObjectNode resource, String key, ResourceType type) {
        boolean extension = key.regionMatches(true, 0, "urn:", 0, 4);
        List<AttributePath> wanted = included.stream()
                .filter(path -> extension ? key.equalsIgnoreCase(path.schema()) : type.isCore(path.schema()))
                .filter(path -> extension || path.attribute().equalsIgnoreCase(key))
                .toList();
        if (wanted.isEmpty()) {
            resource.remove(key);
            return;
        }
        JsonNode value = resource.get(key);
        if (extension && value.isObject()) {
            ObjectNode object = (ObjectNode) value;
            for (String inner : new ArrayList<>(object.propertyNames())) {
                if (wanted.stream().noneMatch(path -> path.attribute().equalsIgnoreCase(inner))) {
                    object.remove(inner);
                }
            }
            return;
        }
        if (wanted.stream().anyMatch(path -> path.subAttribute() == null)) {
            return;
        }
        List<String> subs = wanted.stream().map(AttributePath::subAttribute).toList();
        for (JsonNode element : value.isArray() ? value : List.of(value)) {
            if (element.isObject()) {
                ObjectNode object = (ObjectNode) element;
                for (String inner : new ArrayList<>(object.propertyNames())) {
                    if (subs.stream().noneMatch(inner::equalsIgnoreCase)) {
                        object.remove(inner);
                    }
                }
            }
        }
    }

    private static void remove(ObjectNode resource, AttributePath path, ResourceType type) {
        ObjectNode container = resource;
        if (!type.isCore(path.schema())) {
            JsonNode extension = AttributeNames.valueOf(resource, path.schema());
            if (extension == null || !extension.isObject()) {
                return;
            }
            container = (ObjectNode) extension;
        }
        String key = AttributeNames.keyOf(container, path.attribute());
        if (key == null || (container == resource && alwaysReturned(key, type))) {
            return;
        }
        if (path.subAttribute() == null) {
            container.remove(key);
            return;
        }
        JsonNode value = container.get(key);
        for (JsonNode element : value.isArray() ? value : List.of(value)) {
            if (element.isObject()) {
                String inner = AttributeNames.keyOf((ObjectNode) element, path.subAttribute());
                if (inner != null) {
                    ((ObjectNode) element).remove(inner);
                }
            }
        }
    }

    /** {@code schemas}, and what the type's catalogue says is returned always (id). */
    private static boolean alwaysReturned(String key, ResourceType type) {
        return key.equals("schemas") || type.findTop(new AttributePath(null, key, null))
                .filter(attribute -> attribute.returned() == ScimAttribute.Returned.ALWAYS).isPresent();
    }

    private static List<AttributePath> paths(String list) {
        if (isBlank(list)) {
            return List.of();
        }
        List<AttributePath> paths = new ArrayList<>();
        for (String item : list.split(",")) {
            if (!item.isBlank()) {
                paths.add(AttributePath.parse(item.trim()));
            }
        }
        return paths;
    }

    private static boolean isBlank(String value) {
        return value == null || value.isBlank();
    }
}
