package app.thestorage.provisioning.ingest.scim;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpHeaders;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

/** A tenant over its rate gets a SCIM 429 with a whole-seconds Retry-After; other tenants go on as before. */
@ScimSliceTest
@TestPropertySource(properties = {"provisioning.ingest.rate-limit.burst=3",
        "provisioning.ingest.rate-limit.requests-per-second=1"})
class ScimRateLimitSliceTest {

    @Autowired
    WebTestClient web;

    @Test
    void a_burst_over_the_tenants_allowance_is_a_scim_429_with_retry_after_and_another_tenant_is_not_slowed() {
        ScimClientSession acme = new ScimClientSession(web, "acme", ScimSlice.TOKEN, "Microsoft.Azure.AD");
        List<ScimClientSession.Answer> answers = new ArrayList<>();
        for (int i = 0; i < 20; i++) { // a burst of 3 refilled at 1 a second cannot let 20 through
            answers.add(acme.get("/ServiceProviderConfig"));
        }

        ScimClientSession.Answer refused = answers.stream().filter(answer -> answer.status() == 429).findFirst()
                .orElseThrow(() -> new AssertionError("no request of the burst was refused"));
        refused.assertScimError(429, null);
        assertThat(refused.headers().getFirst(HttpHeaders.RETRY_AFTER)).matches("[1-9][0-9]*");
        assertThat(new ScimClientSession(web, "globex", ScimSlice.OTHER_TOKEN, "Okta").get("/ServiceProviderConfig")
                .status()).isEqualTo(200);
    }

    @Test
    void requests_with_a_wrong_token_do_not_use_up_the_tenants_allowance() {
        ScimClientSession stranger = new ScimClientSession(web, "chosen", "tsp_wrong", "curl/8");
        for (int i = 0; i < 10; i++) {
            stranger.get("/Users").assertScimError(401, null);
        }

        assertThat(new ScimClientSession(web, "chosen", ScimSlice.OKTA_TOKEN, "Okta").get("/ServiceProviderConfig")
                .status()).isEqualTo(200);
    }
}
