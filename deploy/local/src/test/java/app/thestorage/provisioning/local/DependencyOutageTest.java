package app.thestorage.provisioning.local;

import static app.thestorage.provisioning.local.ScimSession.encode;
import static org.assertj.core.api.Assertions.assertThat;
import static app.thestorage.provisioning.local.PipelineProbe.readiness;
import static org.awaitility.Awaitility.await;

import app.thestorage.provisioning.contract.Topics;
import app.thestorage.provisioning.contract.command.CreateUser;
import app.thestorage.provisioning.contract.serde.Serdes;
import app.thestorage.provisioning.contract.user.IdentityProvider;
import app.thestorage.provisioning.contract.user.UserAttributes;
import app.thestorage.provisioning.local.ScimSession.Response;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * A dependency that is down is a SCIM 503 with Retry-After (what Entra and Okta retry), never a 500; readiness says
 * so while it lasts, and provisioning resumes by itself when the dependency is back.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DependencyOutageTest {

    private static final Duration HEAD_TIMEOUT = Duration.ofSeconds(2);

    @TempDir
    static Path work;

    private LocalPipeline pipeline;
    private PipelineProbe probe;
    private ScimSession okta;

    @BeforeAll
    void start() {
        pipeline = LocalPipeline.start(PipelineSettings.embedded(work)
                .withIngestProperty("provisioning.ingest.request-head-timeout", HEAD_TIMEOUT.toSeconds() + "s"));
        probe = new PipelineProbe(pipeline);
        okta = new ScimSession(pipeline.scimBaseUrl(), pipeline.tenantToken(), "Okta SCIM Client 1.0.0");
    }

    @AfterAll
    void stop() {
        if (pipeline != null) {
            pipeline.close();
        }
    }

    @Test
    void while_postgresql_is_down_every_scim_call_is_a_503_with_retry_after_and_readiness_is_down() {
        Response before = create();
        assertThat(before.status()).isEqualTo(201);
        String pendingId = UUID.randomUUID().toString();

        pipeline.stopDatabase();
        try {
            for (Response response : new Response[] {
                    okta.get("/Users?filter=" + encode("userName eq \"nobody@acme.example\"")),
                    okta.get("/Users/" + before.id()),
                    okta.patch("/Users/" + before.id(), """
                            {"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
                             "Operations":[{"op":"replace","path":"active","value":false}]}"""),
                    create()}) {
                assertThat(response.status()).isEqualTo(503);
                assertThat(response.headers().getFirst("Retry-After")).containsOnlyDigits();
                assertThat(response.contentType()).startsWith("application/scim+json");
                assertThat(response.body().path("schemas").path(0).asString())
                        .isEqualTo("urn:ietf:params:scim:api:messages:2.0:Error");
            }
            // a command another producer sends meanwhile: decided, but the directory cannot take it yet
            probe.publish(Topics.COMMANDS, "demo", Serdes.commands().serialize(Topics.COMMANDS, new CreateUser(
                    "outage-" + pendingId, "demo", IdentityProvider.OTHER_SCIM_CLIENT, Instant.now(), pendingId,
                    new UserAttributes("pending." + pendingId + "@acme.example", null, null, null, null, null, true,
                            null))));
            await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
                assertThat(readiness(pipeline.ingestBaseUrl())).contains("decisionListener").startsWith("503");
                assertThat(readiness(pipeline.projectorBaseUrl())).contains("directoryMaterializer").startsWith("503");
            });
        } finally {
            pipeline.startDatabase();
        }

        await().atMost(Duration.ofSeconds(90)).untilAsserted(() -> assertThat(create().status()).isEqualTo(201));
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            assertThat(readiness(pipeline.ingestBaseUrl())).startsWith("200");
            assertThat(readiness(pipeline.projectorBaseUrl())).startsWith("200");
        });
        assertThat(okta.get("/Users/" + before.id()).status()).isEqualTo(200);
        assertThat(okta.get("/Users/" + pendingId).status()).isEqualTo(200); // retried until it was written
    }

    @Test
    void a_client_that_trickles_its_headers_is_disconnected() throws Exception {
        URI base = URI.create(pipeline.ingestBaseUrl());
        try (Socket socket = new Socket(base.getHost(), base.getPort())) {
            socket.setSoTimeout(500);
            OutputStream out = socket.getOutputStream();
            InputStream in = socket.getInputStream();
            out.write("GET /api/demo/scim/v2/Users HTTP/1.1\r\nHost: localhost\r\n".getBytes(StandardCharsets.US_ASCII));
            Instant giveUp = Instant.now().plus(HEAD_TIMEOUT.multipliedBy(15));
            boolean closed = false;
            while (!closed && Instant.now().isBefore(giveUp)) {
                try {
                    out.write("X-Still-Typing: 1\r\n".getBytes(StandardCharsets.US_ASCII));
                    out.flush();
                    closed = in.read() == -1;
                } catch (SocketTimeoutException stillOpen) {
                    // nothing to read yet: the server is still waiting for the rest of the head
                } catch (java.io.IOException reset) {
                    closed = true;
                }
            }
            assertThat(closed).as("the server closed the connection").isTrue();
        }
    }

    @Test
    void a_kept_alive_connection_serves_requests_that_arrive_in_time() {
        // the deadline runs from each response: a client sending whole requests is never cut off
        for (int i = 0; i < 3; i++) {
            assertThat(okta.get("/Users?count=1").status()).isEqualTo(200);
        }
    }

    private Response create() {
        return okta.post("/Users", "{\"userName\":\"outage." + UUID.randomUUID() + "@acme.example\"}");
    }
}
