package app.thestorage.provisioning.ingest.scim;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpHeaders;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * A SCIM request gets through only with the token of the tenant its URL names; every refusal is the same SCIM 401
 * with a bearer challenge, so that no caller can tell an unknown tenant from a wrong token.
 */
@ScimSliceTest
class ScimAuthenticationSliceTest {

    @Autowired
    WebTestClient web;
    @Autowired
    InMemoryProvisioning provisioning;

    private ScimClientSession.Answer refused(String tenant, String token) {
        ScimClientSession.Answer answer = new ScimClientSession(web, tenant, token, "Okta SCIM Client")
                .post("/Users", "{\"userName\":\"intruder@acme.example\"}");
        answer.assertScimError(401, null);
        assertThat(answer.headers().getFirst(HttpHeaders.WWW_AUTHENTICATE)).isEqualTo("Bearer realm=\"TheStorage SCIM\"");
        return answer;
    }

    @Test
    void no_token_is_a_scim_401_with_a_bearer_challenge() {
        refused("acme", null);
    }

    @Test
    void a_wrong_token_is_a_scim_401() {
        refused("acme", "tsp_guessed");
    }

    @Test
    void another_tenants_token_opens_only_that_tenant() {
        refused("acme", ScimSlice.OTHER_TOKEN);
    }

    @Test
    void a_tenant_with_provisioning_off_refuses_its_own_token() {
        refused("paused", ScimSlice.PAUSED_TOKEN);
    }

    @Test
    void an_unknown_tenant_and_a_wrong_token_cannot_be_told_apart() {
        ScimClientSession.Answer unknownTenant = refused("no-such-tenant", ScimSlice.TOKEN);
        ScimClientSession.Answer wrongToken = refused("acme", "tsp_guessed");

        assertThat(unknownTenant.body()).isEqualTo(wrongToken.body());
    }

    @Test
    void a_tenant_slug_that_no_tenant_can_have_is_a_401_too() {
        refused("Not_A_Slug", ScimSlice.TOKEN);
    }

    @Test
    void a_refused_request_sends_nothing_to_the_projector() {
        int before = provisioning.received().size();

        refused("acme", "tsp_guessed");

        assertThat(provisioning.received()).hasSize(before);
    }

    @Test
    void an_authorization_that_is_not_a_bearer_token_is_a_401() {
        web.get().uri("/api/acme/scim/v2/Users")
                .header(HttpHeaders.AUTHORIZATION, "Basic YWNtZTpzZWNyZXQ=")
                .exchange()
                .expectStatus().isUnauthorized()
                .expectHeader().valueEquals(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"TheStorage SCIM\"")
                .expectHeader().contentTypeCompatibleWith("application/scim+json");
    }

    @Test
    void the_bearer_scheme_is_read_in_any_letter_case() {
        web.get().uri("/api/acme/scim/v2/Users")
                .header(HttpHeaders.AUTHORIZATION, "bearer " + ScimSlice.TOKEN)
                .exchange()
                .expectStatus().isOk();
    }
}
