package app.thestorage.provisioning.scim.patch;

import app.thestorage.provisioning.scim.ScimException;
import app.thestorage.provisioning.scim.schema.AttributeNames;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** The envelope of a PatchOp (RFC 7644 §3.5.2) as Entra ID and Okta send it: its operations, their op and path. */
final class PatchRequest {

    static final int MAX_OPERATIONS = 1000;

    enum Op {
        ADD, REPLACE, REMOVE;

        String scimName() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    static List<JsonNode> operations(JsonNode request) {
        if (request == null || !request.isObject()) {
            throw ScimException.invalidSyntax("A PATCH body is a PatchOp object with \"Operations\".");
        }
        JsonNode operations = AttributeNames.valueOf(request, "Operations");
        if (operations == null || !operations.isArray() || operations.isEmpty()) {
            throw ScimException.invalidSyntax("A PatchOp needs a non-empty \"Operations\" array.");
        }
        if (operations.size() > MAX_OPERATIONS) {
            throw ScimException.invalidValue("At most " + MAX_OPERATIONS + " operations per PATCH.");
        }
        List<JsonNode> list = new ArrayList<>();
        for (JsonNode operation : operations) {
            if (!operation.isObject()) {
                throw ScimException.invalidSyntax("Every PATCH operation is an object with \"op\".");
            }
            list.add(operation);
        }
        return list;
    }

    /** The op, in any letter case ("Replace"). */
    static Op op(JsonNode operation) {
        JsonNode op = AttributeNames.valueOf(operation, "op");
        if (op == null || !op.isString()) {
            throw ScimException.invalidSyntax("Every PATCH operation needs \"op\": add, replace or remove.");
        }
        return switch (op.stringValue().trim().toLowerCase(Locale.ROOT)) {
            case "add" -> Op.ADD;
            case "replace" -> Op.REPLACE;
            case "remove" -> Op.REMOVE;
            default -> throw ScimException.invalidSyntax("Unknown PATCH op '" + op.stringValue()
                    + "': use add, replace or remove.");
        };
    }

    /** The path, or null when the operation has none (or a blank one). */
    static String path(JsonNode operation) {
        JsonNode path = AttributeNames.valueOf(operation, "path");
        if (path != null && !path.isNull() && !path.isString()) {
            throw new ScimException(400, "invalidPath", "path must be a string.");
        }
        return path == null || path.isNull() || path.stringValue().isBlank() ? null : path.stringValue();
    }

    /**
     * The value of an operation without a path (RFC 7644 §3.5.2.1/3): an object of attributes to add or replace; a
     * remove without a path has no target.
     */
    static ObjectNode pathlessValue(Op op, JsonNode value) {
        if (op == Op.REMOVE) {
            throw new ScimException(400, "noTarget", "A remove operation needs a path.");
        }
        if (value == null || !value.isObject()) {
            throw ScimException.invalidValue("An " + op.scimName() + " without path needs an object value.");
        }
        return (ObjectNode) value;
    }

    private PatchRequest() {
    }
}
