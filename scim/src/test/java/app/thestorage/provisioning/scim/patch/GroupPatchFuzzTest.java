package app.thestorage.provisioning.scim.patch;

import static org.assertj.core.api.Assertions.assertThat;

import app.thestorage.provisioning.scim.ScimException;
import app.thestorage.provisioning.scim.document.ScimGroupDocument;
import app.thestorage.provisioning.scim.filter.Filter;
import app.thestorage.provisioning.scim.filter.FilterEvaluator;
import app.thestorage.provisioning.scim.filter.FilterParser;
import app.thestorage.provisioning.scim.group.GroupAttributes;
import app.thestorage.provisioning.scim.group.MemberDelta;
import app.thestorage.provisioning.scim.patch.GroupOperation.AddMembers;
import app.thestorage.provisioning.scim.patch.GroupOperation.RemoveMembers;
import app.thestorage.provisioning.scim.patch.GroupOperation.ReplaceDisplayName;
import app.thestorage.provisioning.scim.patch.GroupOperation.ReplaceExternalId;
import app.thestorage.provisioning.scim.patch.GroupOperation.ReplaceMembers;
import app.thestorage.provisioning.scim.schema.ResourceType;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Generated and mutated group PATCH requests, member filters and PATCH paths, seeded so a failure can be replayed:
 * the answer is a result or a SCIM 400, never another exception (a 5xx); a result is whole (its folded operations do
 * what the request's operations do one after the other) and a refused request applies nothing, not even the valid
 * operations before the one refused.
 */
class GroupPatchFuzzTest {

    private static final long SEED = Long.getLong("fuzz.seed", 20261207L);
    private static final int CASES = Integer.getInteger("fuzz.cases", 20_000);
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String GROUP_ID = "g-0001";
    private static final GroupAttributes GROUP = new GroupAttributes("Engineering", "ext-1",
            new LinkedHashSet<>(List.of("u1", "u2", "u3")));
    private static final JsonNode RESOURCE = JSON.readTree("""
            {"schemas":["urn:ietf:params:scim:schemas:core:2.0:Group"],"id":"g-0001","displayName":"Straße",
             "externalId":"ext-1","members":[{"value":"u1","display":"Ada","type":"User"},{"value":"u2"}]}
            """);
    private static final Set<String> SCIM_TYPES = Set.of("invalidPath", "invalidFilter", "invalidValue", "mutability",
            "noTarget", "invalidSyntax");

    private static final List<String> FILTER_PIECES = List.of("members", "MEMBERS", "value", "Value", "display", "type",
            "displayName", "externalId", "id", "members.value", "members.display", "eq", "EQ", "ne", "co", "sw", "pr",
            "gt", "and", "or", "not", "(", ")", "[", "]", "\"", "\"u1\"", "\"U1\"", "\"u4\"", "\"User\"", "\"Group\"",
            "\"straße\"", "\"STRASSE\"", "\"\"", "\\", "null", "true", "12", ".", ":", " ", "  ",
            "urn:ietf:params:scim:schemas:core:2.0:Group:displayName", "urn:ietf:params:scim:schemas:core:2.0:Group:",
            "value eq \"u1\"", "value eq \"u2\" or value eq \"u4\"", "]]", "((", "\u0000", "\"\ud800\"", "é", "$ref");
    private static final List<String> VALID_FILTERS = List.of("members[value eq \"u1\"]", "members.value eq \"u2\"",
            "displayName eq \"STRASSE\"", "externalId eq \"ext-1\" or id eq \"g-0001\"",
            "members[value eq \"u1\" or value eq \"u4\"]", "members[type eq \"user\" and display co \"a\"]");
    private static final List<String> PATHS = List.of("members", "Members", "members[value eq \"u1\"]",
            "members[value eq \"u2\" or value eq \"u4\"]", "members[value eq \"U1\"]", "displayName", "DISPLAYNAME",
            "externalId", "id", "meta", "meta.version", "members.value", "members.display",
            "members[value eq \"u1\"].display", "urn:ietf:params:scim:schemas:core:2.0:Group:displayName",
            "urn:ietf:params:scim:schemas:core:2.0:Group:members", "userName", "groups", "members[display eq \"Ada\"]");
    private static final List<String> VALUES = List.of("[{\"value\":\"u1\"},{\"value\":\"u4\"}]",
            "[{\"value\":\"u5\",\"display\":\"x@okta.local\",\"type\":\"User\"}]", "{\"value\":\"u2\"}", "[]", "null",
            "[{\"$ref\":null,\"value\":\"u3\"}]", "[{\"value\":\"U1\"}]", "\"u1\"", "\"New name\"", "\"\"", "\"  \"", "5",
            "true", "[{\"value\":\"g2\",\"type\":\"Group\"}]", "{\"displayName\":\"Renamed\"}",
            "{\"id\":\"g-0001\",\"displayName\":\"Okta name\"}", "{\"id\":\"other\"}",
            "{\"members\":[{\"value\":\"u4\"}],\"externalId\":\"e2\"}", "{\"externalId\":null}",
            "[{\"value\":\"u\\u0000\"}]", "{\"schemas\":[],\"displayName\":\"S\"}", "{\"value\":[\"u1\"]}",
            "[[{\"value\":\"u1\"}]]", "{\"meta\":{}}", "{\"members.value\":\"x\"}", "{}", "[{}]", "{\"DisplayName\":\"é\"}");
    private static final List<String> OPS = List.of("add", "Add", "replace", "Replace", "remove", "Remove", "REMOVE",
            "merge", " add ");
    private static final List<String> BODIES = List.of("""
            {"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
             "Operations":[{"op":"Add","path":"members","value":[{"value":"u4"},{"value":"u5"}]}]}""", """
            {"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
             "Operations":[{"op":"Remove","path":"members[value eq \\"u1\\"]"}]}""", """
            {"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
             "Operations":[{"op":"Replace","path":"displayName","value":"New name"}]}""", """
            {"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
             "Operations":[{"op":"Remove","path":"members","value":[{"value":"u2"}]}]}""", """
            {"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
             "Operations":[{"op":"replace","value":{"id":"g-0001","displayName":"x"}}]}""", """
            {"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
             "Operations":[{"op":"replace","path":"members","value":[{"value":"u3","display":"a@okta.local"}]}]}""");

    @Test
    void no_generated_member_filter_or_path_escapes_as_anything_but_a_scim_400() {
        Random random = new Random(SEED);
        int parsed = 0;
        for (int i = 0; i < CASES; i++) {
            String filter = filter(random);
            parsed += attempt("filter " + json(filter), () -> FilterEvaluator.matches(FilterParser.parse(filter),
                    RESOURCE, ResourceType.GROUP)) ? 1 : 0;
            attempt("path " + json(filter), () -> FilterParser.parsePath(filter));
            String request = "{\"Operations\":[{\"op\":\"remove\",\"path\":" + json("members[" + filter + "]") + "}]}";
            attempt(request, () -> {
                GroupPatch patch = GroupPatch.of(JSON.readTree(request), GROUP_ID);
                assertThat(patch.operations()).as(request).allMatch(RemoveMembers.class::isInstance);
                return patch;
            });
        }
        assertThat(parsed).as("the generator also produces valid filters").isPositive();
    }

    @Test
    void no_generated_group_patch_escapes_or_is_partial() {
        Random random = new Random(SEED);
        int accepted = 0;
        for (int i = 0; i < CASES / 4; i++) {
            List<String> operations = new ArrayList<>();
            for (int n = 1 + random.nextInt(4); n > 0; n--) {
                operations.add(operation(random));
            }
            accepted += checked(operations) ? 1 : 0;
        }
        assertThat(accepted).as("the generator also produces valid patches").isGreaterThan(CASES / 40);
    }

    @Test
    void mutated_entra_and_okta_bodies_are_a_result_or_a_scim_400() {
        Random random = new Random(SEED);
        for (int i = 0; i < CASES / 4; i++) {
            String body = mutate(BODIES.get(random.nextInt(BODIES.size())), random);
            JsonNode request;
            try {
                request = JSON.readTree(body);
            } catch (JacksonException e) {
                continue; // not JSON: ingest-api refuses it before the SCIM layer
            }
            attempt(body, () -> consistent(GroupPatch.of(request, GROUP_ID), body));
            attempt(body, () -> ScimGroupDocument.attributesOf(request));
        }
    }

    /** Whether the request was accepted; either way, what it must hold. */
    private static boolean checked(List<String> operations) {
        String request = request(operations);
        JsonNode body;
        try {
            body = JSON.readTree(request);
        } catch (JacksonException e) {
            return false; // not JSON: ingest-api refuses it before the SCIM layer
        }
        GroupPatch patch;
        try {
            patch = GroupPatch.of(body, GROUP_ID);
        } catch (ScimException e) {
            assertThat(e.status()).as(request).isEqualTo(400);
            assertThat(e.scimType()).as(request).isIn(SCIM_TYPES);
            List<String> afterValid = new ArrayList<>(operations);
            afterValid.addFirst("{\"op\":\"replace\",\"path\":\"displayName\",\"value\":\"Valid first\"}");
            String longer = request(afterValid);
            try {
                GroupPatch.of(JSON.readTree(longer), GROUP_ID);
                throw new AssertionError("accepted after a valid operation, refused alone: " + request);
            } catch (ScimException again) {
                assertThat(again.scimType()).as(longer).isEqualTo(e.scimType());
            }
            return false;
        } catch (RuntimeException e) {
            throw new AssertionError("patch " + request + " (seed " + SEED + ")", e);
        }
        consistent(patch, request);
        GroupAttributes stepwise = GROUP;
        for (String operation : operations) {
            stepwise = GroupPatch.of(JSON.readTree(request(List.of(operation))), GROUP_ID).apply(stepwise).group();
        }
        GroupPatch.Patched patched = patch.apply(GROUP);
        assertThat(patched.group()).as(request).isEqualTo(stepwise);
        assertThat(patched.delta()).as(request).isEqualTo(new MemberDelta(
                difference(stepwise.members(), GROUP.members()), difference(GROUP.members(), stepwise.members())));
        return true;
    }

    /** A patch is folded (one operation per attribute, adds and removes apart) and both ways to its delta agree. */
    private static GroupPatch consistent(GroupPatch patch, String request) {
        List<GroupOperation> operations = patch.operations();
        assertThat(operations.stream().filter(ReplaceDisplayName.class::isInstance).count()).as(request).isLessThanOrEqualTo(1);
        assertThat(operations.stream().filter(ReplaceExternalId.class::isInstance).count()).as(request).isLessThanOrEqualTo(1);
        long memberOperations = operations.stream().filter(operation -> operation instanceof AddMembers
                || operation instanceof RemoveMembers || operation instanceof ReplaceMembers).count();
        assertThat(memberOperations).as(request).isLessThanOrEqualTo(patch.replacesMembers() ? 1 : 2);
        Set<String> added = new HashSet<>();
        Set<String> removed = new HashSet<>();
        operations.forEach(operation -> {
            if (operation instanceof AddMembers add) {
                added.addAll(add.ids());
            } else if (operation instanceof RemoveMembers remove) {
                removed.addAll(remove.ids());
            }
        });
        assertThat(Collections.disjoint(added, removed)).as(request).isTrue();
        Iterable<String> members = patch.replacesMembers() ? GROUP.members() : () -> {
            throw new AssertionError("members read without a replace: " + request);
        };
        assertThat(patch.memberDelta(GROUP.members()::contains, members)).as(request).isEqualTo(patch.apply(GROUP).delta());
        return patch;
    }

    private static boolean attempt(String input, Supplier<?> action) {
        try {
            action.get();
            return true;
        } catch (ScimException e) {
            assertThat(e.status()).as(input).isEqualTo(400);
            assertThat(e.scimType()).as(input).isIn(SCIM_TYPES);
            return false;
        } catch (RuntimeException e) {
            throw new AssertionError(input + " (seed " + SEED + ")", e);
        }
    }

    private static String operation(Random random) {
        if (random.nextInt(3) > 0) {
            return wellFormed(random);
        }
        if (random.nextInt(8) == 0) {
            return mutate(operation(random), random);
        }
        StringBuilder operation = new StringBuilder("{\"op\":").append(json(OPS.get(random.nextInt(OPS.size()))));
        switch (random.nextInt(6)) {
            case 0 -> {
            }
            case 1 -> operation.append(",\"path\":").append(json(mutate(PATHS.get(random.nextInt(PATHS.size())), random)));
            case 2 -> operation.append(",\"path\":").append(json(filter(random)));
            default -> operation.append(",\"path\":").append(json(PATHS.get(random.nextInt(PATHS.size()))));
        }
        if (random.nextInt(5) > 0) {
            operation.append(",\"value\":").append(VALUES.get(random.nextInt(VALUES.size())));
        }
        return operation.append('}').toString();
    }

    /** An operation as identity providers send them, on members among u1 to u6 (the group has u1 to u3). */
    private static String wellFormed(Random random) {
        String op = List.of("add", "Replace", "remove").get(random.nextInt(3));
        return switch (random.nextInt(6)) {
            case 0, 1 -> "{\"op\":\"" + op + "\",\"path\":\"members\",\"value\":" + members(random) + "}";
            case 2 -> "{\"op\":\"remove\",\"path\":" + json("members[" + String.join(" or ", random.ints(
                    1 + random.nextInt(3), 1, 7).mapToObj(n -> "value eq \"u" + n + "\"").toList()) + "]") + "}";
            case 3 -> "{\"op\":\"remove\",\"path\":\"members\"}";
            case 4 -> op.equals("remove") ? "{\"op\":\"remove\",\"path\":\"externalId\"}"
                    : "{\"op\":\"" + op + "\",\"path\":\"" + (random.nextBoolean() ? "displayName" : "externalId")
                    + "\",\"value\":\"name " + random.nextInt(5) + "\"}";
            default -> "{\"op\":\"" + (op.equals("remove") ? "add" : op) + "\",\"value\":{\"id\":\"" + GROUP_ID
                    + "\",\"displayName\":\"okta " + random.nextInt(5) + "\",\"members\":" + members(random) + "}}";
        };
    }

    private static String members(Random random) {
        return "[" + String.join(",", random.ints(random.nextInt(4), 1, 7)
                .mapToObj(n -> "{\"value\":\"u" + n + "\"}").toList()) + "]";
    }

    private static String filter(Random random) {
        if (random.nextInt(4) == 0) {
            String valid = VALID_FILTERS.get(random.nextInt(VALID_FILTERS.size()));
            return random.nextBoolean() ? valid : mutate(valid, random);
        }
        StringBuilder text = new StringBuilder();
        for (int i = 1 + random.nextInt(12); i > 0; i--) {
            text.append(FILTER_PIECES.get(random.nextInt(FILTER_PIECES.size()))).append(random.nextBoolean() ? " " : "");
        }
        return text.toString();
    }

    /** The text with one piece inserted, one character dropped, or one character doubled, at a random place. */
    private static String mutate(String text, Random random) {
        int at = random.nextInt(text.length() + 1);
        return switch (random.nextInt(3)) {
            case 0 -> text.substring(0, at) + FILTER_PIECES.get(random.nextInt(FILTER_PIECES.size())) + text.substring(at);
            case 1 -> at == text.length() ? text : text.substring(0, at) + text.substring(at + 1);
            default -> at == text.length() ? text : text.substring(0, at + 1) + text.substring(at);
        };
    }

    private static String request(List<String> operations) {
        return "{\"schemas\":[\"urn:ietf:params:scim:api:messages:2.0:PatchOp\"],\"Operations\":["
                + String.join(",", operations) + "]}";
    }

    private static Set<String> difference(Set<String> left, Set<String> right) {
        Set<String> difference = new HashSet<>(left);
        difference.removeAll(right);
        return difference;
    }

    private static String json(String text) {
        return JSON.writeValueAsString(text);
    }
}
