package app.thestorage.provisioning.scim.filter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import app.thestorage.provisioning.scim.ScimException;
import app.thestorage.provisioning.scim.schema.AttributePath;
import java.math.BigDecimal;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class FilterParserTest {

    private static final JsonNode ADA = JsonMapper.builder().build().readTree("""
            {"id":"u1","userName":"Ada@Contoso.example","externalId":"Obj-1","active":true,
             "name":{"givenName":"Ada","familyName":"Lovelace"},"title":"Analyst",
             "emails":[{"value":"ada@contoso.example","type":"work","primary":true},
                       {"value":"ada@home.example","type":"home"}],
             "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User":{"department":"Research"},
             "meta":{"created":"2026-11-01T10:00:00Z","lastModified":"2026-11-20T10:00:00Z"}}
            """);

    @Test
    void not_binds_tighter_than_and_which_binds_tighter_than_or() {
        Filter filter = FilterParser.parse("title pr or userName eq \"a\" and not (active eq false)");

        assertThat(filter).isInstanceOf(Filter.Or.class);
        Filter.Or or = (Filter.Or) filter;
        assertThat(or.left()).isEqualTo(new Filter.Present(new AttributePath(null, "title", null)));
        assertThat(or.right()).isInstanceOf(Filter.And.class);
        assertThat(((Filter.And) or.right()).right()).isInstanceOf(Filter.Not.class);
    }

    @Test
    void reads_values_of_every_json_type() {
        assertThat(FilterParser.parse("active eq true")).isEqualTo(
                new Filter.Comparison(new AttributePath(null, "active", null), Filter.Operator.EQ, Boolean.TRUE));
        assertThat(((Filter.Comparison) FilterParser.parse("x gt 1.5")).value()).isEqualTo(new BigDecimal("1.5"));
        assertThat(((Filter.Comparison) FilterParser.parse("title eq null")).value()).isNull();
        assertThat(((Filter.Comparison) FilterParser.parse("title eq \"a \\\"quoted\\\" \\u0041\"")).value())
                .isEqualTo("a \"quoted\" A");
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "userName eq \"ada@contoso.example\"",
            "USERNAME Eq \"ADA@CONTOSO.EXAMPLE\"",
            "userName sw \"ada\" and userName ew \".example\"",
            "name.familyName co \"love\"",
            "emails[type eq \"work\" and value co \"@contoso\"]",
            "emails.value eq \"ada@home.example\"",
            "emails eq \"ada@home.example\"",
            "emails[type eq \"work\"].value eq \"ADA@contoso.example\"",
            "emails[type eq \"home\"].value pr",
            "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department eq \"research\"",
            "externalId eq \"Obj-1\"",
            "not (externalId eq \"obj-1\")",
            "active eq true and (title eq \"x\" or title eq \"analyst\")",
            "meta.lastModified gt \"2026-11-10T00:00:00Z\"",
            "title pr",
            "nickName eq null",
    })
    void matching_filters_match_ada(String filter) {
        assertThat(FilterEvaluator.matches(FilterParser.parse(filter), ADA)).as(filter).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "userName eq \"grace\"",
            "externalId eq \"obj-1\"",
            "emails[type eq \"work\" and value co \"@home\"]",
            "emails[type eq \"work\"].value eq \"ada@home.example\"",
            "active eq false",
            "nickName pr",
            "meta.created gt \"2026-11-10T00:00:00Z\"",
    })
    void other_filters_do_not(String filter) {
        assertThat(FilterEvaluator.matches(FilterParser.parse(filter), ADA)).as(filter).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "userName", "userName eq", "userName eq ada", "userName xx \"a\"", "(userName pr",
            "userName pr)", "emails[type eq \"work\"", "userName eq \"unterminated", "and", "not userName pr",
            "userName eq \"a\" or", "9abc eq \"x\"", "userName eq \"\\u12\"", "emails[type eq \"work\"].value",
            "emails[type eq \"work\"].value eq"})
    void malformed_filters_are_invalid_filter_errors(String filter) {
        assertThatThrownBy(() -> FilterParser.parse(filter))
                .isInstanceOfSatisfying(ScimException.class, e -> {
                    assertThat(e.status()).isEqualTo(400);
                    assertThat(e.scimType()).isEqualTo("invalidFilter");
                });
    }

    @Test
    void patch_paths_with_a_value_filter_and_a_sub_attribute() {
        PatchPath path = FilterParser.parsePath("emails[type eq \"work\"].value");

        assertThat(path.attribute()).isEqualTo(new AttributePath(null, "emails", null));
        assertThat(path.subAttribute()).isEqualTo("value");
        assertThat(FilterParser.parsePath("urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department")
                .attribute().schema()).isEqualTo("urn:ietf:params:scim:schemas:extension:enterprise:2.0:User");
    }
}
