package app.thestorage.provisioning.scim.schema;

import java.util.Map;
import tools.jackson.databind.JsonNode;

/** SCIM attribute names are case-insensitive (RFC 7643 §2.1): finding an attribute of a JSON object by name. */
public final class AttributeNames {

    /** The key under which the object holds the attribute, in the object's own spelling, or null. */
    public static String keyOf(JsonNode node, String name) {
        if (node == null || !node.isObject()) {
            return null;
        }
        for (Map.Entry<String, JsonNode> entry : node.properties()) {
            if (entry.getKey().equalsIgnoreCase(name)) {
                return entry.getKey();
            }
        }
        return null;
    }

    /** The attribute's value, or null when the object does not have it. */
    public static JsonNode valueOf(JsonNode node, String name) {
        String key = keyOf(node, name);
        return key == null ? null : node.get(key);
    }

    private AttributeNames() {
    }
}
