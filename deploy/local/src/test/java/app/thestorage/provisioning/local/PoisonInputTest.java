package app.thestorage.provisioning.local;

import static app.thestorage.provisioning.local.ScimSession.encode;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import app.thestorage.provisioning.contract.Topics;
import app.thestorage.provisioning.local.ScimSession.Response;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * What the directory cannot hold is refused at the edge with a SCIM 400, and nothing of it is published: one
 * tenant's bad request never reaches a stage that would refuse it (and stall every tenant behind it).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PoisonInputTest {

    /** Every string attribute TheStorage keeps, as a JSON member holding {@code %s}. */
    private static final List<String> STRING_ATTRIBUTES = List.of(
            "\"userName\":\"%s\"",
            "\"externalId\":\"%s\"",
            "\"name\":{\"givenName\":\"%s\"}",
            "\"name\":{\"familyName\":\"%s\"}",
            "\"displayName\":\"%s\"",
            "\"title\":\"%s\"",
            "\"emails\":[{\"value\":\"%s\",\"type\":\"work\"}]",
            "\"emails\":[{\"value\":\"a@acme.example\",\"type\":\"%s\"}]",
            "\"urn:ietf:params:scim:schemas:extension:enterprise:2.0:User\":{\"department\":\"%s\"}");

    @TempDir
    static Path work;

    private LocalPipeline pipeline;
    private PipelineProbe probe;
    private ScimSession okta;
    private String existingId;

    @BeforeAll
    void start() {
        pipeline = LocalPipeline.start(PipelineSettings.embedded(work)
                .withIngestProperty("provisioning.ingest.rate-limit.burst", "1000"));
        probe = new PipelineProbe(pipeline);
        okta = new ScimSession(pipeline.scimBaseUrl(), pipeline.tenantToken(), "Okta SCIM Client 1.0.0");
        Response created = okta.post("/Users", "{\"userName\":\"existing." + UUID.randomUUID() + "@acme.example\"}");
        assertThat(created.status()).isEqualTo(201);
        existingId = created.id();
    }

    @AfterAll
    void stop() {
        if (pipeline != null) {
            pipeline.close();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"\\u0000", "\\u0007", "\\u001b", "\\ud800", "\\udc00"})
    void a_control_character_or_half_a_surrogate_pair_in_any_string_attribute_is_a_400_and_nothing_is_published(
            String escape) {
        long published = commandsPublished();

        for (String attribute : STRING_ATTRIBUTES) {
            String value = "bad" + escape + "value";
            String user = "{" + (attribute.startsWith("\"userName\"") ? "" : "\"userName\":\"ok@acme.example\",")
                    + attribute.formatted(value) + "}";

            assertInvalidValue(okta.post("/Users", user), attribute);
            assertInvalidValue(okta.put("/Users/" + existingId, user), attribute);
            String path = attribute.substring(1, attribute.indexOf('"', 1));
            assertInvalidValue(okta.patch("/Users/" + existingId, """
                    {"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
                     "Operations":[{"op":"replace","value":{%s}}]}""".formatted(attribute.formatted(value))), path);
        }

        assertThat(commandsPublished()).isEqualTo(published);
    }

    @Test
    void a_4000_character_random_userName_and_a_100_kb_one_are_a_400_and_nothing_is_published() {
        long published = commandsPublished();
        Random random = new Random(19);
        StringBuilder noise = new StringBuilder();
        while (noise.length() < 4_000) {
            char c = (char) (0x20 + random.nextInt(0xD7FF - 0x20));
            if (c != '"' && c != '\\') {
                noise.append(c);
            }
        }

        for (String userName : List.of(noise.toString(), "a".repeat(100_000))) {
            Response refused = okta.post("/Users", "{\"userName\":\"" + userName + "\"}");

            assertThat(refused.status()).isEqualTo(400);
            assertThat(refused.body().path("scimType").asString()).isEqualTo("invalidValue");
            assertThat(refused.body().path("detail").asString()).isEqualTo("userName is longer than 256 characters.");
        }

        assertThat(commandsPublished()).isEqualTo(published);
    }

    @Test
    void an_attribute_sent_twice_is_a_400_invalid_syntax_and_nothing_is_published() {
        long published = commandsPublished();

        Response refused = okta.post("/Users", "{\"userName\":\"a@acme.example\",\"userName\":\"b@acme.example\"}");
        Response nested = okta.post("/Users", "{\"userName\":\"a@acme.example\",\"name\":{\"givenName\":\"A\",\"givenName\":\"B\"}}");
        Response patch = okta.patch("/Users/" + existingId, """
                {"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
                 "Operations":[{"op":"replace","path":"active","value":false,"value":true}]}""");

        for (Response response : List.of(refused, nested, patch)) {
            assertThat(response.status()).isEqualTo(400);
            assertThat(response.body().path("scimType").asString()).isEqualTo("invalidSyntax");
            assertThat(response.body().path("detail").asString()).startsWith("The request body names the same attribute twice");
        }
        assertThat(commandsPublished()).isEqualTo(published);
    }

    @Test
    void a_nul_in_a_filter_is_a_400_invalid_filter() {
        Response refused = okta.get("/Users?filter=" + encode("userName eq \"a\u0000b\""));

        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.body().path("scimType").asString()).isEqualTo("invalidFilter");
    }

    @Test
    void a_user_id_no_user_can_have_is_not_found_on_every_method() {
        long published = commandsPublished();

        for (String id : List.of("%00", "a%01b", "x".repeat(300))) {
            assertThat(okta.get("/Users/" + id).status()).as(id).isEqualTo(404);
            assertThat(okta.put("/Users/" + id, "{\"userName\":\"ok@acme.example\"}").status()).as(id).isEqualTo(404);
            assertThat(okta.patch("/Users/" + id, """
                    {"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
                     "Operations":[{"op":"replace","path":"active","value":false}]}""").status()).as(id).isEqualTo(404);
            assertThat(okta.delete("/Users/" + id).status()).as(id).isEqualTo(404);
        }

        assertThat(commandsPublished()).isEqualTo(published);
    }

    @Test
    void a_refused_request_is_in_the_provisioning_log_and_the_tenant_keeps_provisioning() {
        String marker = UUID.randomUUID().toString();
        String userName = "after." + marker + "@acme.example";

        assertThat(okta.get("/Users?filter=" + encode("userName eq \"nul\u0000" + marker + "\"")).status()).isEqualTo(400);
        Response created = okta.post("/Users", "{\"userName\":\"" + userName + "\"}");

        assertThat(created.status()).isEqualTo(201);
        // logged as far as PostgreSQL can hold it, so the batch it is written with does not fail for every tenant
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(probe.asOperator(
                "SELECT query FROM tenancy.provisioning_log WHERE status = 400 AND query LIKE '%" + marker + "%'"))
                .isEqualTo("userName eq \"nul\ufffd" + marker + "\""));
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(probe.asOperator(
                "SELECT count(*) FROM tenancy.provisioning_log WHERE user_name = '" + userName + "'")).isEqualTo("1"));
    }

    private static void assertInvalidValue(Response response, String attribute) {
        assertThat(response.status()).as(attribute).isEqualTo(400);
        assertThat(response.body().path("scimType").asString()).as(attribute).isEqualTo("invalidValue");
        assertThat(response.body().path("detail").asString()).as(attribute).doesNotContain("bad");
    }

    /** How many commands were ever published: every write accepted at the edge adds one. */
    private long commandsPublished() {
        Map<String, Object> config = Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, pipeline.bootstrapServers());
        try (KafkaConsumer<byte[], byte[]> consumer =
                     new KafkaConsumer<>(config, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(Topics.COMMANDS).stream()
                    .map(info -> new TopicPartition(info.topic(), info.partition()))
                    .toList();
            return consumer.endOffsets(partitions).values().stream().mapToLong(Long::longValue).sum();
        }
    }
}
