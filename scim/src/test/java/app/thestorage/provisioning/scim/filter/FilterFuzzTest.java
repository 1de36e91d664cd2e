package app.thestorage.provisioning.scim.filter;

import static org.assertj.core.api.Assertions.assertThat;

import app.thestorage.provisioning.scim.ScimException;
import app.thestorage.provisioning.scim.patch.UserPatch;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Generated inputs, seeded so a failure can be replayed: whatever a client sends as a filter or a PATCH,
 * the answer is a result or a SCIM 4xx, never another exception (which would be a 5xx).
 */
class FilterFuzzTest {

    private static final long SEED = Long.getLong("fuzz.seed", 20261123L);
    private static final int CASES = Integer.getInteger("fuzz.cases", 20_000);
    private static final List<String> PIECES = List.of("userName", "emails", "name.givenName", "active", "eq", "ne",
            "co", "sw", "gt", "pr", "and", "or", "not", "(", ")", "[", "]", "\"", "\"x\"", "\"\\u00e9\"", "\\", "true",
            "null", "12", "-1e9", ".", ":", "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department",
            " ", "  ", "type eq \"work\"", "value", "$ref", "é", "\u0000", "]]", "((",
            // attribute names in other letter case, and userNames whose case mapping is not one to one
            "USERNAME", "uSeRnAmE", "Emails", "NAME.GIVENNAME", "URN:IETF:PARAMS:SCIM:SCHEMAS:CORE:2.0:USER:USERNAME",
            "\"ΟΔΥΣΣΕΥΣ\"", "\"οδυσσευς\"", "\"İpek\"", "\"ıpek\"", "\"straße\"", "\"ＡＤＡ\"", "\"e\u0301\"",
            "\"ǅ\"", "\"\ud800\"");
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final JsonNode USER = JSON.readTree("""
            {"userName":"ada","active":true,"name":{"givenName":"Ada"},"emails":[{"value":"a@x","type":"work"}],
             "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User":{"department":"R"}}
            """);

    @Test
    void no_generated_filter_escapes_as_anything_but_a_scim_400() {
        Random random = new Random(SEED);
        int parsed = 0;
        for (int i = 0; i < CASES; i++) {
            String filter = generate(random);
            try {
                Filter result = FilterParser.parse(filter);
                parsed++;
                FilterEvaluator.matches(result, USER);
            } catch (ScimException e) {
                assertThat(e.status()).as(filter).isEqualTo(400);
            } catch (RuntimeException e) {
                throw new AssertionError("filter " + JSON.writeValueAsString(filter) + " (seed " + SEED + ")", e);
            }
        }
        assertThat(parsed).as("the generator also produces valid filters").isPositive();
    }

    @Test
    void no_generated_patch_escapes_as_anything_but_a_scim_400() {
        Random random = new Random(SEED);
        List<String> ops = List.of("add", "Replace", "remove", "merge");
        for (int i = 0; i < CASES / 4; i++) {
            String path = random.nextInt(5) == 0 ? null : generate(random);
            String value = switch (random.nextInt(5)) {
                case 0 -> "\"text\"";
                case 1 -> "\"False\"";
                case 2 -> "{\"value\":\"v@x\",\"type\":\"work\"}";
                case 3 -> "[{\"value\":\"w@x\"}]";
                default -> "{\"name.givenName\":\"G\",\"active\":\"True\"}";
            };
            String request = "{\"Operations\":[{\"op\":\"" + ops.get(random.nextInt(ops.size())) + "\""
                    + (path == null ? "" : ",\"path\":" + JSON.writeValueAsString(path)) + ",\"value\":" + value + "}]}";
            try {
                UserPatch.apply((ObjectNode) USER, JSON.readTree(request));
            } catch (ScimException e) {
                assertThat(e.status()).as(request).isEqualTo(400);
            } catch (RuntimeException e) {
                throw new AssertionError("patch " + request + " (seed " + SEED + ")", e);
            }
        }
    }

    private static String generate(Random random) {
        if (random.nextInt(4) == 0) {
            // a valid filter, then mutated at one point
            String valid = List.of("userName eq \"ada\"", "emails[type eq \"work\"].value", "active eq true and title pr",
                    "not (name.givenName sw \"A\") or emails.value co \"@x\"").get(random.nextInt(4));
            int at = random.nextInt(valid.length() + 1);
            return random.nextBoolean() ? valid : valid.substring(0, at) + PIECES.get(random.nextInt(PIECES.size()))
                    + valid.substring(at);
        }
        StringBuilder text = new StringBuilder();
        int length = 1 + random.nextInt(12);
        for (int i = 0; i < length; i++) {
            text.append(PIECES.get(random.nextInt(PIECES.size()))).append(random.nextBoolean() ? " " : "");
        }
        return text.toString();
    }
}
