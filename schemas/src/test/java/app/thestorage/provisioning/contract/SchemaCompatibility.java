package app.thestorage.provisioning.contract;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import tools.jackson.databind.JsonNode;

/**
 * Whether the public JSON Schemas changed, since they were released, in a way a consumer of their version would break
 * on. A record already on a topic was written under the released schema (a compacted state topic keeps one for as long
 * as its key lives), and a consumer built against the released schema reads records written under the current one:
 * so a change is compatible only when both still hold. Within a version the one change allowed is a new optional
 * property (the schemas tell consumers to ignore properties they do not know); annotations ({@code description},
 * {@code title}, ...) may change freely. Breaking, each reported with the file and the property path:
 * <ul>
 * <li>a schema file removed; a property removed or renamed;</li>
 * <li>a changed {@code type} (narrowed, widened or replaced);</li>
 * <li>a new required property; an optional property made required; a required one made optional;</li>
 * <li>an {@code enum} narrowed or widened, a {@code const} changed, added or dropped;</li>
 * <li>any other validation keyword ({@code pattern}, {@code minimum}, {@code format}, {@code uniqueItems}, ...)
 * changed, added or dropped.</li>
 * </ul>
 * {@code $ref}s are followed: local ones ({@code #/$defs/...}) within their file, and
 * {@code https://thestorage.app/schemas/<file>#/...} to the sibling file of the same set (released to released,
 * current to current), so a change in a shared definition is reported in every schema that uses it. A keyword this
 * check does not read (a combinator such as {@code oneOf}, or a {@code $ref} with siblings) is reported too, so that
 * nothing passes unchecked: teach the check before using one.
 */
final class SchemaCompatibility {

    /** Where the schemas are named ({@code $id}): a reference starting so names a sibling file. */
    static final String SCHEMAS = "https://thestorage.app/schemas/";

    /** Keywords that only describe: free to change. */
    private static final Set<String> ANNOTATIONS = Set.of("$schema", "$id", "$defs", "$comment", "title",
            "description", "examples", "default", "deprecated", "readOnly", "writeOnly");
    /** Keywords with a rule of their own below. */
    private static final Set<String> STRUCTURE = Set.of("type", "enum", "const", "properties", "required", "items",
            "$ref");
    /** Validation keywords without subschemas: any change of their value is breaking. */
    private static final Set<String> CONSTRAINTS = Set.of("pattern", "format", "minLength", "maxLength", "minimum",
            "maximum", "exclusiveMinimum", "exclusiveMaximum", "multipleOf", "minItems", "maxItems", "uniqueItems",
            "minProperties", "maxProperties", "additionalProperties");

    private final Map<String, JsonNode> released;
    private final Map<String, JsonNode> current;

    /** Both by file name, e.g. {@code user-change-event.v1.schema.json}. */
    SchemaCompatibility(Map<String, JsonNode> released, Map<String, JsonNode> current) {
        this.released = released;
        this.current = current;
    }

    /** What would break a consumer, one line each ({@code file /path: what}); empty when nothing would. */
    List<String> breakingChanges() {
        List<String> breaks = new ArrayList<>();
        for (String file : new TreeSet<>(released.keySet())) {
            if (!current.containsKey(file)) {
                breaks.add(file + ": schema removed");
                continue;
            }
            compare(new Located(file, released.get(file)), new Located(file, current.get(file)),
                    new Path(file, ""), breaks, new ArrayList<>());
        }
        return breaks;
    }

    private void compare(Located was, Located is, Path path, List<String> breaks, List<JsonNode[]> ancestors) {
        Located beforeAt = resolve(released, was, path, breaks);
        Located afterAt = resolve(current, is, path, breaks);
        JsonNode before = beforeAt.node();
        JsonNode after = afterAt.node();
        if (before == null || after == null) {
            return;
        }
        for (JsonNode[] pair : ancestors) {
            if (pair[0] == before && pair[1] == after) {
                return; // a recursive schema: this pair is being compared further up
            }
        }
        ancestors.add(new JsonNode[] {before, after});

        Set<String> typesBefore = types(before);
        Set<String> typesAfter = types(after);
        if (!typesBefore.equals(typesAfter)) {
            breaks.add(path + ": type changed from " + typesBefore + " to " + typesAfter);
        }
        compareConst(before, after, path, breaks);
        compareEnum(before, after, path, breaks);
        compareProperties(beforeAt, afterAt, path, breaks, ancestors);
        if (before.has("items") && after.has("items")) {
            compare(beforeAt.at(before.get("items")), afterAt.at(after.get("items")), path.child("*"), breaks,
                    ancestors);
        } else if (before.has("items") != after.has("items")) {
            breaks.add(path + ": items " + (before.has("items") ? "dropped" : "added"));
        }
        Set<String> keywords = new TreeSet<>(before.propertyNames());
        keywords.addAll(after.propertyNames());
        for (String keyword : keywords) {
            if (ANNOTATIONS.contains(keyword) || STRUCTURE.contains(keyword)) {
                continue;
            }
            if (!CONSTRAINTS.contains(keyword)) {
                breaks.add(path + ": uses " + keyword + ", which this check does not compare");
            } else if (!Objects.equals(before.get(keyword), after.get(keyword))) {
                breaks.add(path + ": " + keyword + " changed from " + shown(before.get(keyword)) + " to "
                        + shown(after.get(keyword)));
            }
        }
        ancestors.removeLast();
    }

    private void compareProperties(Located before, Located after, Path path, List<String> breaks,
            List<JsonNode[]> ancestors) {
        JsonNode propertiesBefore = before.node().path("properties");
        JsonNode propertiesAfter = after.node().path("properties");
        for (String name : propertiesBefore.propertyNames()) {
            if (!propertiesAfter.has(name)) {
                breaks.add(path.child(name) + ": property removed (or renamed)");
            } else {
                compare(before.at(propertiesBefore.get(name)), after.at(propertiesAfter.get(name)), path.child(name),
                        breaks, ancestors);
            }
        }
        Set<String> requiredBefore = strings(before.node().get("required"));
        Set<String> requiredAfter = strings(after.node().get("required"));
        for (String name : requiredBefore) {
            if (!requiredAfter.contains(name) && propertiesAfter.has(name)) {
                breaks.add(path.child(name) + ": no longer required");
            }
        }
        for (String name : requiredAfter) {
            if (!requiredBefore.contains(name)) {
                breaks.add(path.child(name) + (propertiesBefore.has(name) ? ": made required"
                        : ": new required property"));
            }
        }
    }

    private static void compareConst(JsonNode before, JsonNode after, Path path, List<String> breaks) {
        JsonNode was = before.get("const");
        JsonNode is = after.get("const");
        if (!Objects.equals(was, is)) {
            breaks.add(path + ": const changed from " + shown(was) + " to " + shown(is));
        }
    }

    private static void compareEnum(JsonNode before, JsonNode after, Path path, List<String> breaks) {
        if (!before.has("enum") && !after.has("enum")) {
            return;
        }
        if (before.has("enum") != after.has("enum")) {
            breaks.add(path + ": enum " + (before.has("enum") ? "dropped" : "added"));
            return;
        }
        Set<JsonNode> was = new LinkedHashSet<>(before.get("enum").values());
        Set<JsonNode> is = new LinkedHashSet<>(after.get("enum").values());
        for (JsonNode value : was) {
            if (!is.contains(value)) {
                breaks.add(path + ": enum narrowed, no longer " + value);
            }
        }
        for (JsonNode value : is) {
            if (!was.contains(value)) {
                breaks.add(path + ": enum widened, now also " + value);
            }
        }
    }

    /** The schema a node stands for: itself, or what its {@code $ref} (and theirs) point to. */
    private static Located resolve(Map<String, JsonNode> documents, Located located, Path path,
            List<String> breaks) {
        Located at = located;
        for (int hops = 0; at.node().has("$ref"); hops++) {
            if (hops == 32) {
                breaks.add(path + ": $ref loop");
                return new Located(at.file(), null);
            }
            for (String keyword : at.node().propertyNames()) {
                if (!keyword.equals("$ref") && !ANNOTATIONS.contains(keyword)) {
                    breaks.add(path + ": uses " + keyword + " beside $ref, which this check does not compare");
                }
            }
            String ref = at.node().get("$ref").stringValue();
            int hash = ref.indexOf('#');
            String file;
            if (ref.startsWith("#")) {
                file = at.file();
            } else if (ref.startsWith(SCHEMAS)) {
                file = ref.substring(SCHEMAS.length(), hash < 0 ? ref.length() : hash);
            } else {
                breaks.add(path + ": cannot resolve $ref " + ref);
                return new Located(at.file(), null);
            }
            JsonNode document = documents.get(file);
            JsonNode target = document == null ? null : document.at(hash < 0 ? "" : ref.substring(hash + 1));
            if (target == null || target.isMissingNode()) {
                breaks.add(path + ": $ref " + ref + " points nowhere");
                return new Located(file, null);
            }
            at = new Located(file, target);
        }
        return at;
    }

    private static Set<String> types(JsonNode schema) {
        JsonNode type = schema.get("type");
        if (type == null) {
            return Set.of();
        }
        return type.isArray() ? strings(type) : Set.of(type.stringValue());
    }

    private static Set<String> strings(JsonNode array) {
        Set<String> strings = new TreeSet<>();
        if (array != null) {
            array.values().forEach(value -> strings.add(value.stringValue()));
        }
        return strings;
    }

    private static String shown(JsonNode value) {
        return value == null ? "(none)" : value.toString();
    }

    /** A schema node and the file it is in (which its local references are relative to). */
    private record Located(String file, JsonNode node) {

        Located at(JsonNode child) {
            return new Located(file, child);
        }
    }

    /** Where in which file, as the path of the property in the record ({@code *}: an array's items). */
    private record Path(String file, String pointer) {

        Path child(String name) {
            return new Path(file, pointer + "/" + name);
        }

        @Override
        public String toString() {
            return file + " " + (pointer.isEmpty() ? "/" : pointer);
        }
    }
}
