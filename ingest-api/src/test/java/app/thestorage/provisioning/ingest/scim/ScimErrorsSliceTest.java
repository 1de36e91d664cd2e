package app.thestorage.provisioning.ingest.scim;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * Every failure under a tenant's SCIM endpoint is a SCIM Error (application/scim+json, schemas, status, scimType,
 * detail); bad input is a 4xx, never a 5xx; an outage is a 503 with Retry-After.
 */
@ScimSliceTest
class ScimErrorsSliceTest {

    @Autowired
    WebTestClient web;
    @Autowired
    InMemoryProvisioning provisioning;

    private ScimClientSession acme() {
        return new ScimClientSession(web, "acme", ScimSlice.TOKEN, "SCIM validator");
    }

    private static String filter(String filter) {
        return "/Users?filter=" + ScimClientSession.encode(filter);
    }

    @AfterEach
    void directoryBack() {
        provisioning.failReadsWith(null);
    }

    @Test
    void an_unknown_endpoint_is_a_scim_404() {
        acme().get("/Printers").assertScimError(404, null);
    }

    @Test
    void a_method_an_endpoint_does_not_have_is_a_scim_405() {
        acme().delete("/Users").assertScimError(405, null);
        acme().post("/ServiceProviderConfig", "{}").assertScimError(405, null);
    }

    @Test
    void a_body_that_is_not_json_is_a_400_invalidSyntax_whatever_its_content_type() {
        ScimClientSession.Answer refused = answer(web.post().uri("/api/acme/scim/v2/Users")
                .header(HttpHeaders.AUTHORIZATION, "Bearer " + ScimSlice.TOKEN)
                .contentType(MediaType.TEXT_PLAIN)
                .bodyValue("userName=ada"));

        refused.assertScimError(400, "invalidSyntax");
    }

    @Test
    void plain_application_json_is_read_like_scim_json() {
        ScimClientSession.Answer created = answer(web.post().uri("/api/acme/scim/v2/Users")
                .header(HttpHeaders.AUTHORIZATION, "Bearer " + ScimSlice.TOKEN)
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"userName\":\"json." + UUID.randomUUID() + "@acme.example\"}"));

        assertThat(created.status()).isEqualTo(201);
    }

    @Test
    void a_body_over_the_size_limit_is_a_scim_413_and_sends_nothing() {
        int before = provisioning.received().size();
        String huge = "{\"userName\":\"big@acme.example\",\"title\":\"" + "x".repeat(300 * 1024) + "\"}";

        acme().post("/Users", huge).assertScimError(413, null);

        assertThat(provisioning.received()).hasSize(before);
    }

    @Test
    void a_body_just_under_the_size_limit_is_read_and_judged_on_its_values() {
        String large = "{\"userName\":\"large@acme.example\",\"title\":\"" + "x".repeat(200 * 1024) + "\"}";

        acme().post("/Users", large).assertScimError(400, "invalidValue");
    }

    @Test
    void a_count_that_is_not_a_number_is_a_400_invalidValue() {
        acme().get("/Users?count=ten").assertScimError(400, "invalidValue");
        acme().get("/Users?startIndex=first").assertScimError(400, "invalidValue");
    }

    @Test
    void count_zero_tells_the_total_without_resources_and_a_start_below_one_is_one() {
        acme().post("/Users", "{\"userName\":\"count." + UUID.randomUUID() + "@acme.example\"}");

        ScimClientSession.Answer page = acme().get("/Users?count=0&startIndex=-5");

        assertThat(page.status()).isEqualTo(200);
        assertThat(page.body().path("totalResults").asInt()).isPositive();
        assertThat(page.body().path("startIndex").asInt()).isEqualTo(1);
        assertThat(page.body().path("itemsPerPage").asInt()).isZero();
        assertThat(page.body().path("Resources").isEmpty()).isTrue();
    }

    @Test
    void a_count_above_the_maximum_pages_by_the_maximum() {
        for (int i = 0; i < 3; i++) {
            acme().post("/Users", "{\"userName\":\"many." + UUID.randomUUID() + "@acme.example\"}");
        }

        ScimClientSession.Answer page = acme().get("/Users?count=1000000");

        assertThat(page.status()).isEqualTo(200);
        assertThat(page.body().path("itemsPerPage").asInt()).isEqualTo(page.body().path("Resources").size())
                .isLessThanOrEqualTo(ScimRequests.MAX_PAGE);
    }

    @Test
    void a_filter_that_does_not_parse_is_a_400_invalidFilter() {
        acme().get(filter("userName eq")).assertScimError(400, "invalidFilter");
        acme().get(filter("userName equals \"ada\"")).assertScimError(400, "invalidFilter");
        acme().get(filter("(userName eq \"ada\"")).assertScimError(400, "invalidFilter");
    }

    @Test
    void an_empty_filter_is_a_400_invalidFilter_not_the_absence_of_one() {
        acme().get("/Users?filter=").assertScimError(400, "invalidFilter");
    }

    @Test
    void a_filter_with_a_control_character_is_a_400_invalidFilter() {
        acme().get(filter("userName eq \"a\u0000b\"")).assertScimError(400, "invalidFilter");
    }

    @Test
    void a_filter_on_an_unknown_attribute_is_a_400_invalidFilter_naming_it() {
        ScimClientSession.Answer refused = acme().get(filter("favouriteColour eq \"blue\""));

        refused.assertScimError(400, "invalidFilter");
        assertThat(refused.body().path("detail").asString()).contains("favouriteColour");
    }

    @Test
    void a_filter_on_a_users_groups_other_than_by_group_id_is_a_400_invalidFilter_naming_groups() {
        for (String unsupported : new String[] {"groups.display co \"Sal\"", "groups.value sw \"g\"",
                "groups.type eq \"direct\"", "groups[display ne \"Sales\"]"}) {
            ScimClientSession.Answer refused = acme().get(filter(unsupported));
            refused.assertScimError(400, "invalidFilter");
            assertThat(refused.body().path("detail").asString()).as(unsupported).contains("groups");
        }
    }

    @Test
    void an_ordering_of_booleans_is_a_400_invalidFilter() {
        acme().get(filter("active gt true")).assertScimError(400, "invalidFilter");
    }

    @Test
    void a_directory_outage_is_a_503_with_retry_after_in_whole_seconds() {
        provisioning.failReadsWith(new DataAccessResourceFailureException("connection refused"));

        ScimClientSession.Answer unavailable = acme().get("/Users/" + UUID.randomUUID());

        unavailable.assertScimError(503, null);
        assertThat(unavailable.headers().getFirst(HttpHeaders.RETRY_AFTER)).matches("[1-9][0-9]*");
        assertThat(unavailable.body().path("detail").asString()).doesNotContain("connection refused");
    }

    @Test
    void an_unexpected_failure_is_a_scim_500_that_tells_nothing_of_the_inside() {
        provisioning.failReadsWith(new IllegalStateException("secret inner state"));

        ScimClientSession.Answer failed = acme().get("/Users/" + UUID.randomUUID());

        failed.assertScimError(500, null);
        assertThat(failed.body().path("detail").asString()).doesNotContain("secret");
    }

    private static ScimClientSession.Answer answer(WebTestClient.RequestHeadersSpec<?> request) {
        var result = request.exchange().expectBody().returnResult();
        byte[] body = result.getResponseBody();
        return new ScimClientSession.Answer(result.getStatus().value(), result.getResponseHeaders(),
                body == null ? tools.jackson.databind.node.MissingNode.getInstance()
                        : tools.jackson.databind.json.JsonMapper.builder().build().readTree(body));
    }
}
