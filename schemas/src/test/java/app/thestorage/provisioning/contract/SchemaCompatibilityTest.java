package app.thestorage.provisioning.contract;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The public JSON Schemas may change only in ways a consumer of v1 keeps working with: compared with the copies of the
 * schemas as released ({@code src/test/resources/released/}). The cases below break a copy of the current schemas in
 * each way the check must catch, and make the one change it must let through.
 */
class SchemaCompatibilityTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Map<String, JsonNode> RELEASED = read("/released");
    private static final Map<String, JsonNode> CURRENT = read("/schemas");

    /**
     * Changes the check reports that were made on purpose within v1, each written down with its reason and what
     * consumers must do in docs/event-metadata-and-compatibility.md ("Widened on purpose"). Only these exact lines
     * pass: any other change to the same properties is still caught.
     */
    private static final List<String> WIDENED_ON_PURPOSE = List.of(
            "user-change-event.v1.schema.json /user/photo/contentType: enum widened, now also \"image/webp\"",
            "user-change-event.v1.schema.json /user/photo/origin: enum widened, now also \"SCIM\"",
            "user-photo-event.v1.schema.json /photo/contentType: enum widened, now also \"image/webp\"",
            "user-photo-event.v1.schema.json /photo/origin: enum widened, now also \"SCIM\"",
            "user-state.v1.schema.json /user/photo/contentType: enum widened, now also \"image/webp\"",
            "user-state.v1.schema.json /user/photo/origin: enum widened, now also \"SCIM\"");

    @Test
    void the_current_schemas_are_compatible_with_the_released_ones() {
        assertThat(breakingChanges(CURRENT)).isEmpty();
    }

    @Test
    void what_was_widened_on_purpose_is_still_reported_by_the_check() {
        assertThat(new SchemaCompatibility(RELEASED, CURRENT).breakingChanges())
                .containsExactlyInAnyOrderElementsOf(WIDENED_ON_PURPOSE);
    }

    /** What the check reports, less what was widened on purpose. */
    private static List<String> breakingChanges(Map<String, JsonNode> current) {
        List<String> breaks = new ArrayList<>(new SchemaCompatibility(RELEASED, current).breakingChanges());
        breaks.removeAll(WIDENED_ON_PURPOSE);
        return breaks;
    }

    @Test
    void every_public_schema_is_released_and_so_checked() {
        assertThat(RELEASED).isNotEmpty();
        assertThat(CURRENT.keySet()).as("a new public schema is copied to released/ with the change that adds it")
                .isEqualTo(RELEASED.keySet());
    }

    @Test
    void an_optional_property_may_be_added_and_descriptions_may_change() {
        Map<String, JsonNode> changed = changed(schemas -> {
            object(schemas, "user-change-event.v1.schema.json", "/$defs/user/properties/attributes/properties")
                    .putObject("locale").put("type", "string");
            object(schemas, "group-member-state.v1.schema.json", "/properties").putObject("joinedAt")
                    .put("type", "string").put("format", "date-time");
            object(schemas, "user-state.v1.schema.json", "").put("description", "Said in other words.");
        });

        assertThat(breakingChanges(changed)).isEmpty();
    }

    static Stream<Arguments> breakingChanges() {
        return Stream.of(
                Arguments.of("a removed property", change(schemas ->
                        object(schemas, "user-change-event.v1.schema.json", "/properties").remove("occurredAt")),
                        "user-change-event.v1.schema.json /occurredAt: property removed"),
                Arguments.of("a renamed property", change(schemas -> {
                    ObjectNode attributes = object(schemas, "user-change-event.v1.schema.json",
                            "/$defs/user/properties/attributes/properties");
                    attributes.set("jobTitle", attributes.remove("title"));
                }), "user-change-event.v1.schema.json /user/attributes/title: property removed"),
                Arguments.of("a changed type", change(schemas ->
                        object(schemas, "group-member-state.v1.schema.json", "/properties/version")
                                .put("type", "string")),
                        "group-member-state.v1.schema.json /version: type changed from [integer] to [string]"),
                Arguments.of("a type widened to null", change(schemas ->
                        object(schemas, "user-change-event.v1.schema.json", "/$defs/user/properties/attributes"
                                + "/properties/displayName").putArray("type").add("string").add("null")),
                        "user-change-event.v1.schema.json /user/attributes/displayName: type changed"),
                Arguments.of("a new required property", change(schemas -> {
                    ObjectNode photo = object(schemas, "user-photo-event.v1.schema.json", "");
                    ((ObjectNode) photo.get("properties")).putObject("region").put("type", "string");
                    ((ArrayNode) photo.get("required")).add("region");
                }), "user-photo-event.v1.schema.json /region: new required property"),
                Arguments.of("a property made required, in a definition another file refers to", change(schemas ->
                        ((ArrayNode) schemas.get("user-change-event.v1.schema.json").at("/$defs/user/required"))
                                .add("photo")),
                        "user-state.v1.schema.json /user/photo: made required"),
                Arguments.of("a required property made optional", change(schemas ->
                        remove((ArrayNode) schemas.get("group-change-event.v1.schema.json").get("required"),
                                "members")),
                        "group-change-event.v1.schema.json /members: no longer required"),
                Arguments.of("a narrowed enum, shared by three files", change(schemas ->
                        remove((ArrayNode) schemas.get("group-change-event.v1.schema.json")
                                .at("/$defs/identityProvider/enum"), "OTHER_SCIM_CLIENT")),
                        "group-member-state.v1.schema.json /source: enum narrowed, no longer \"OTHER_SCIM_CLIENT\""),
                Arguments.of("a widened enum", change(schemas ->
                        ((ArrayNode) schemas.get("user-change-event.v1.schema.json").at("/properties/type/enum"))
                                .add("USER_MERGED")),
                        "user-change-event.v1.schema.json /type: enum widened, now also \"USER_MERGED\""),
                Arguments.of("a changed const", change(schemas ->
                        object(schemas, "user-state.v1.schema.json", "/properties/schemaVersion").put("const", 2)),
                        "user-state.v1.schema.json /schemaVersion: const changed from 1 to 2"),
                Arguments.of("a tighter pattern", change(schemas ->
                        object(schemas, "user-change-event.v1.schema.json", "/$defs/tenant")
                                .put("pattern", "^[a-z0-9]{1,32}$")),
                        "user-state.v1.schema.json /tenant: pattern changed"),
                Arguments.of("a keyword the check does not read", change(schemas ->
                        object(schemas, "group-state.v1.schema.json", "").putArray("oneOf")),
                        "group-state.v1.schema.json /: uses oneOf, which this check does not compare"),
                Arguments.of("a removed schema", change(schemas ->
                        schemas.remove("user-photo-event.v1.schema.json")),
                        "user-photo-event.v1.schema.json: schema removed"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("breakingChanges")
    void a_change_a_v1_consumer_would_break_on_is_caught(String name, Consumer<Map<String, JsonNode>> change,
            String expected) {
        Map<String, JsonNode> changed = changed(change);

        assertThat(new SchemaCompatibility(RELEASED, changed).breakingChanges())
                .anySatisfy(line -> assertThat(line).startsWith(expected));
    }

    private static Consumer<Map<String, JsonNode>> change(Consumer<Map<String, JsonNode>> change) {
        return change;
    }

    /** A copy of the current schemas with {@code change} made to it. */
    private static Map<String, JsonNode> changed(Consumer<Map<String, JsonNode>> change) {
        Map<String, JsonNode> copy = new TreeMap<>();
        CURRENT.forEach((file, schema) -> copy.put(file, schema.deepCopy()));
        change.accept(copy);
        return copy;
    }

    private static ObjectNode object(Map<String, JsonNode> schemas, String file, String pointer) {
        return (ObjectNode) schemas.get(file).at(pointer);
    }

    private static void remove(ArrayNode array, String value) {
        for (int i = 0; i < array.size(); i++) {
            if (array.get(i).stringValue().equals(value)) {
                array.remove(i);
                return;
            }
        }
        throw new IllegalArgumentException(value + " is not in " + array);
    }

    /** Every {@code *.schema.json} of a folder on the test class path, by file name. */
    private static Map<String, JsonNode> read(String folder) {
        try (Stream<Path> files = Files.list(Path.of(SchemaCompatibilityTest.class.getResource(folder).toURI()))) {
            Map<String, JsonNode> schemas = new TreeMap<>();
            for (Path file : files.filter(f -> f.getFileName().toString().endsWith(".schema.json")).toList()) {
                schemas.put(file.getFileName().toString(), JSON.readTree(Files.readString(file)));
            }
            return schemas;
        } catch (IOException | URISyntaxException e) {
            throw new IllegalStateException("Cannot read the schemas in " + folder, e);
        }
    }
}
