package app.thestorage.provisioning.scim.filter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import app.thestorage.provisioning.scim.ScimException;
import app.thestorage.provisioning.scim.schema.AttributePath;
import app.thestorage.provisioning.scim.schema.ResourceType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** What identity providers send to /Groups, evaluated with the Group catalogue's case rules. */
class GroupFilterTest {

    private static final JsonNode ENGINEERING = JsonMapper.builder().build().readTree("""
            {"schemas":["urn:ietf:params:scim:schemas:core:2.0:Group"],"id":"g1","displayName":"Straße Engineering",
             "externalId":"Ext-1",
             "members":[{"value":"u1","display":"Ada","type":"User","$ref":"https://scim.example/Users/u1"},
                        {"value":"U2"}],
             "meta":{"resourceType":"Group","created":"2026-11-01T10:00:00Z"}}
            """);

    @ParameterizedTest
    @ValueSource(strings = {
            "displayName eq \"Straße Engineering\"",
            "displayName eq \"STRASSE ENGINEERING\"",
            "DISPLAYNAME Eq \"strasse engineering\"",
            "urn:ietf:params:scim:schemas:core:2.0:Group:displayName eq \"straße engineering\"",
            "displayName sw \"straße\"",
            "externalId eq \"Ext-1\"",
            "id eq \"g1\"",
            "members[value eq \"u1\"]",
            "members[value eq \"nobody\" or value eq \"U2\"]",
            "members.value eq \"U2\"",
            "members eq \"u1\"",
            "members[type eq \"user\"]",
            "members.display co \"ad\"",
            "id eq \"g1\" and members[value eq \"u1\"]",
            "meta.resourceType eq \"Group\"",
            "members pr",
            "userName eq null",
    })
    void matching_filters_match_the_group(String filter) {
        assertThat(FilterEvaluator.matches(FilterParser.parse(filter), ENGINEERING, ResourceType.GROUP)).as(filter).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "externalId eq \"ext-1\"",
            "id eq \"G1\"",
            "members[value eq \"U1\"]",
            "members.value eq \"u2\"",
            "members eq \"U1\"",
            "displayName eq \"Engineering\"",
            "members[value eq \"u1\" and type eq \"Group\"]",
            "userName eq \"Straße Engineering\"",
            "urn:ietf:params:scim:schemas:core:2.0:User:displayName eq \"Straße Engineering\"",
            "not (members[value eq \"u1\"])",
    })
    void other_filters_do_not(String filter) {
        assertThat(FilterEvaluator.matches(FilterParser.parse(filter), ENGINEERING, ResourceType.GROUP)).as(filter).isFalse();
    }

    @Test
    void a_patch_path_selects_a_member_by_value() {
        PatchPath path = FilterParser.parsePath("members[value eq \"u1\"]");

        assertThat(path.attribute()).isEqualTo(new AttributePath(null, "members", null));
        assertThat(path.valueFilter()).isEqualTo(new Filter.Comparison(new AttributePath(null, "value", null),
                Filter.Operator.EQ, "u1"));
        assertThat(path.subAttribute()).isNull();
    }

    @ParameterizedTest
    @ValueSource(strings = {"members[value eq ]", "members[value xx \"u1\"]", "members[]", "members[value eq \"u1]",
            "members[(value eq \"u1\"]", "members[value eq \"u1\" or]"})
    void a_malformed_filter_in_a_patch_path_is_an_invalid_filter(String path) {
        assertThatThrownBy(() -> FilterParser.parsePath(path))
                .isInstanceOfSatisfying(ScimException.class, e -> {
                    assertThat(e.status()).isEqualTo(400);
                    assertThat(e.scimType()).isEqualTo("invalidFilter");
                });
    }

    @ParameterizedTest
    @ValueSource(strings = {"members[value eq \"u1\"", "9members[value eq \"u1\"]", "members[value eq \"u1\"]x",
            "members[value eq \"u1\"].", "mem bers", "members..value"})
    void a_malformed_patch_path_is_an_invalid_path(String path) {
        assertThatThrownBy(() -> FilterParser.parsePath(path))
                .isInstanceOfSatisfying(ScimException.class, e -> {
                    assertThat(e.status()).isEqualTo(400);
                    assertThat(e.scimType()).isEqualTo("invalidPath");
                });
    }
}
