package app.thestorage.provisioning.local;

import static app.thestorage.provisioning.local.ScimSession.encode;
import static java.nio.file.Files.readString;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import app.thestorage.provisioning.contract.DirectoryLimits;
import app.thestorage.provisioning.contract.Topics;
import app.thestorage.provisioning.contract.event.UserChangeEvent;
import app.thestorage.provisioning.contract.event.UserChangeType;
import app.thestorage.provisioning.contract.user.IdentityProvider;
import app.thestorage.provisioning.local.ScimSession.Response;
import app.thestorage.provisioning.photos.wanted.EntraUsers;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import tools.jackson.databind.JsonNode;

/**
 * The whole pipeline, as an identity provider and a downstream service see it: a real KRaft broker, a
 * real PostgreSQL, the three services, and SCIM over HTTP.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PipelineEndToEndTest {

    private static final String SCIM_JSON = "application/scim+json";

    @TempDir
    static Path work;

    private LocalPipeline pipeline;
    private PipelineProbe probe;
    private WebTestClient scim;
    private ScimSession client;

    @BeforeAll
    void start() {
        // concurrent_lookups_... sends a burst of reads at once, more than a tenant's default burst allows
        pipeline = LocalPipeline.start(PipelineSettings.embedded(work)
                .withIngestProperty("provisioning.ingest.rate-limit.burst", "1000"));
        probe = new PipelineProbe(pipeline);
        client = new ScimSession(pipeline.scimBaseUrl(), pipeline.tenantToken(), "TheStorage end-to-end test");
        scim = WebTestClient.bindToServer()
                .baseUrl(pipeline.scimBaseUrl())
                .defaultHeader(HttpHeaders.AUTHORIZATION, "Bearer " + pipeline.tenantToken())
                .responseTimeout(Duration.ofSeconds(30))
                .build();
    }

    @AfterAll
    void stop() {
        if (pipeline != null) {
            pipeline.close();
        }
    }

    @Test
    void a_created_user_is_readable_at_once_by_id_and_by_filter_and_reaches_the_topic_and_the_directory()
            throws Exception {
        String userName = "ada." + UUID.randomUUID() + "@acme.example";

        Response created = create(userName, "ext-" + UUID.randomUUID(), null);

        assertThat(created.status()).isEqualTo(201);
        assertThat(created.headers().getContentType().isCompatibleWith(MediaType.parseMediaType(SCIM_JSON))).isTrue();
        String id = created.id();
        assertThat(created.headers().getLocation()).hasToString(pipeline.scimBaseUrl() + "/Users/" + id);
        assertThat(created.body().path("userName").asString()).isEqualTo(userName);
        assertThat(created.body().path("meta").path("version").asString()).isEqualTo("W/\"1\"");

        // no sleep, no retry: a 2xx means every later read sees the user
        scim.get().uri("/Users/{id}", id).exchange()
                .expectStatus().isOk()
                .expectHeader().contentTypeCompatibleWith(SCIM_JSON)
                .expectBody().jsonPath("$.userName").isEqualTo(userName);
        scim.get().uri(uri -> uri.path("/Users").queryParam("filter", "{filter}").build(
                        "userName eq \"" + userName.toUpperCase() + "\""))
                .exchange()
                .expectStatus().isOk()
                .expectBody()
                .jsonPath("$.totalResults").isEqualTo(1)
                .jsonPath("$.Resources[0].id").isEqualTo(id);
        assertThat(probe.directoryRow("demo", id))
                .containsEntry("user_name", userName)
                .containsEntry("version", 1L)
                .containsEntry("active", true);

        List<ConsumerRecord<String, UserChangeEvent>> changes =
                probe.userChanges(seen -> seen.stream().anyMatch(r -> r.value().userId().equals(id)), Duration.ofSeconds(30));
        assertThat(changes).filteredOn(r -> r.value().userId().equals(id)).singleElement().satisfies(record -> {
            assertThat(record.key()).isEqualTo(Topics.userKey("demo", id));
            assertThat(record.value().type()).isEqualTo(UserChangeType.USER_CREATED);
            assertThat(record.value().user().userName()).isEqualTo(userName);
        });
    }

    @Test
    void every_service_exposes_its_metrics_to_prometheus_after_a_create() throws Exception {
        assertThat(create("metrics." + UUID.randomUUID() + "@acme.example", null, null).status()).isEqualTo(201);

        String ingest = scrape(pipeline.ingestBaseUrl());
        String projector = scrape(pipeline.projectorBaseUrl());
        String photos = scrape(pipeline.photosBaseUrl());

        assertThat(ingest)
                .containsPattern("provisioning_scim_requests_seconds_count\\{[^}]*operation=\"CREATE_USER\"[^}]*status=\"201\"")
                .containsPattern("provisioning_outcome_wait_seconds_bucket\\{[^}]*outcome=\"applied\"")
                .contains("provisioning_outcomes_listening 1")
                .contains("kafka_producer_record_send_total");
        assertThat(projector)
                .contains("provisioning_directory_materializer_up 1")
                .containsPattern("provisioning_write_path_seconds_count\\{[^}]*stage=\"decided\"")
                .containsPattern("provisioning_write_path_seconds_count\\{[^}]*stage=\"written\"")
                .contains("provisioning_projector_streams_up 1")
                .contains("provisioning_dead_letters_total")
                .contains("kafka_consumer_fetch_manager_records_lag_max")
                .contains("kafka_stream_thread_process_total");
        assertThat(photos).contains("kafka_consumer_fetch_manager_records_consumed_total");

        // every metric the alert rules and the dashboard use is one the services expose (or, for counters of
        // events this test does not cause, one they expose once it happens)
        Set<String> lazy = Set.of("photos_refreshed_total", "photos_directory_syncs_total");
        for (String file : List.of("alerts.yaml", "dashboard.json")) {
            Matcher metric = Pattern.compile("\\b((?:provisioning|photos|kafka)_[a-z0-9_]+)").matcher(
                    readString(Path.of("..", "observability", file)));
            while (metric.find()) {
                String name = metric.group(1);
                assertThat(lazy.contains(name) || (ingest + projector + photos).contains(name + "{")
                        || (ingest + projector + photos).contains(name + " ")).as(file + ": " + name).isTrue();
            }
        }
    }

    private static String scrape(String serviceBaseUrl) {
        // the projector's page (Kafka Streams' metrics per task and store) is larger than a client buffers by default
        byte[] body = WebTestClient.bindToServer().baseUrl(serviceBaseUrl)
                .codecs(codecs -> codecs.defaultCodecs().maxInMemorySize(4 * 1024 * 1024)).build()
                .get().uri("/actuator/prometheus")
                .exchange().expectStatus().isOk().expectBody().returnResult().getResponseBody();
        return new String(body, java.nio.charset.StandardCharsets.UTF_8);
    }

    @Test
    void concurrent_lookups_by_id_and_by_userName_each_find_their_own_user() {
        String run = UUID.randomUUID().toString();
        List<String> userNames = IntStream.range(0, 12).mapToObj(i -> "batch." + i + "." + run + "@acme.example").toList();
        List<String> ids = userNames.stream().map(userName -> create(userName, null, null).id()).toList();
        WebClient reader = WebClient.builder()
                .baseUrl(pipeline.scimBaseUrl())
                .defaultHeader(HttpHeaders.AUTHORIZATION, "Bearer " + pipeline.tenantToken())
                .build();

        // 240 reads at once reach PostgreSQL together, in batches; a third of them look for nobody
        List<String> wrongAnswers = Flux.range(0, 240)
                .flatMap(i -> {
                    int user = i % 18;
                    boolean exists = user < ids.size();
                    return i % 2 == 0
                            ? answer(lookUpById(reader, exists ? ids.get(user) : "no-such-id-" + i),
                                    exists ? ids.get(user) : "nobody")
                            : answer(lookUpByUserName(reader, exists ? userNames.get(user) : "nobody." + i + "." + run),
                                    exists ? userNames.get(user) : "nobody");
                }, 240)
                .filter(wrong -> !wrong.isEmpty())
                .collectList()
                .block(Duration.ofSeconds(60));

        assertThat(wrongAnswers).isEmpty();
    }

    /** The id of the user found, or "nobody" for a 404. */
    private static Mono<String> lookUpById(WebClient reader, String id) {
        return reader.get().uri("/Users/{id}", id).exchangeToMono(response -> response.statusCode().value() == 404
                ? Mono.just("nobody")
                : response.bodyToMono(JsonNode.class).map(user -> user.path("id").asString()));
    }

    /** The userName of the only user found (asked for in capitals), or "nobody" for an empty list. */
    private static Mono<String> lookUpByUserName(WebClient reader, String userName) {
        return reader.get().uri(uri -> uri.path("/Users").queryParam("filter", "{filter}")
                        .build("userName eq \"" + userName.toUpperCase() + "\""))
                .retrieve()
                .bodyToMono(JsonNode.class)
                .map(page -> switch (page.path("totalResults").asInt()) {
                    case 0 -> "nobody";
                    case 1 -> page.path("Resources").path(0).path("userName").asString();
                    default -> page.path("totalResults").asInt() + " users";
                });
    }

    /** Empty if the lookup found what it should, else what it found instead. */
    private static Mono<String> answer(Mono<String> found, String expected) {
        return found.map(answer -> answer.equals(expected) ? "" : "expected " + expected + ", found " + answer);
    }

    @Test
    void a_page_of_one_is_a_list_response_with_one_resource() {
        assertThat(create("page." + UUID.randomUUID() + "@acme.example", null, null).status()).isEqualTo(201);

        scim.get().uri("/Users?count=1").exchange()
                .expectStatus().isOk()
                .expectBody()
                .jsonPath("$.schemas[0]").isEqualTo("urn:ietf:params:scim:api:messages:2.0:ListResponse")
                .jsonPath("$.itemsPerPage").isEqualTo(1)
                .jsonPath("$.startIndex").isEqualTo(1)
                .jsonPath("$.Resources.length()").isEqualTo(1);
    }

    @Test
    void a_second_user_with_the_same_userName_in_other_letter_case_gets_409_uniqueness() {
        String userName = "Grace." + UUID.randomUUID() + "@Acme.Example";
        assertThat(create(userName, "ext-a", null).status()).isEqualTo(201);

        Response duplicate = create(userName.toLowerCase(), "ext-b", null);

        assertThat(duplicate.status()).isEqualTo(409);
        assertThat(duplicate.headers().getContentType().isCompatibleWith(MediaType.parseMediaType(SCIM_JSON))).isTrue();
        assertThat(duplicate.body().path("schemas").path(0).asString())
                .isEqualTo("urn:ietf:params:scim:api:messages:2.0:Error");
        assertThat(duplicate.body().path("status").asString()).isEqualTo("409");
        assertThat(duplicate.body().path("scimType").asString()).isEqualTo("uniqueness");
    }

    @Test
    void a_create_retried_after_a_lost_response_returns_the_same_user() {
        String userName = "retry." + UUID.randomUUID() + "@acme.example";
        String externalId = UUID.randomUUID().toString();
        Response first = create(userName, externalId, null);

        Response retried = create(userName, externalId, null);

        assertThat(first.status()).isEqualTo(201);
        assertThat(retried.status()).isEqualTo(201);
        assertThat(retried.id()).isEqualTo(first.id());
    }

    @Test
    void a_bad_token_gets_401_with_a_scim_error_body_and_a_bearer_challenge() {
        WebTestClient.bindToServer().baseUrl(pipeline.scimBaseUrl()).build()
                .get().uri("/Users?filter={f}", "userName eq \"x\"")
                .header(HttpHeaders.AUTHORIZATION, "Bearer tsp_not-the-token")
                .exchange()
                .expectStatus().isUnauthorized()
                .expectHeader().contentTypeCompatibleWith(SCIM_JSON)
                .expectHeader().valueMatches(HttpHeaders.WWW_AUTHENTICATE, "Bearer.*")
                .expectBody()
                .jsonPath("$.schemas[0]").isEqualTo("urn:ietf:params:scim:api:messages:2.0:Error")
                .jsonPath("$.status").isEqualTo("401")
                .jsonPath("$.detail").isNotEmpty();
    }

    @Test
    void the_token_of_one_tenant_opens_no_other_tenant() {
        WebTestClient.bindToServer().baseUrl(pipeline.ingestBaseUrl()).build()
                .get().uri("/api/other-tenant/scim/v2/Users")
                .header(HttpHeaders.AUTHORIZATION, "Bearer " + pipeline.tenantToken())
                .exchange()
                .expectStatus().isUnauthorized()
                .expectBody().jsonPath("$.status").isEqualTo("401");
    }

    @Test
    void the_token_is_stored_only_as_a_hash() throws Exception {
        assertThat(probe.rowsAsText("tenancy.tenants")).isNotEmpty().noneMatch(row -> row.contains(pipeline.tenantToken()));
    }

    @Test
    void an_entra_provisioned_user_is_registered_by_the_photo_fetcher() {
        String objectId = UUID.randomUUID().toString();
        Response created = create("entra." + UUID.randomUUID() + "@contoso.example", objectId, "aadOptscim062020");
        assertThat(created.status()).isEqualTo(201);
        String id = created.id();

        EntraUsers entraUsers = pipeline.photos().getBean(EntraUsers.class);
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                assertThat(entraUsers.find("demo", id)).hasValueSatisfying(user ->
                        assertThat(user.objectId()).isEqualTo(objectId)));
        assertThat(probe.userChanges(seen -> seen.stream().anyMatch(r -> r.value().userId().equals(id)),
                Duration.ofSeconds(30)))
                .filteredOn(r -> r.value().userId().equals(id))
                .extracting(r -> r.value().source())
                .containsExactly(IdentityProvider.MICROSOFT_ENTRA_ID);
    }

    @Test
    void malformed_json_is_a_400_invalid_syntax_and_writes_nothing() throws Exception {
        long before = probe.directoryCount("demo");

        scim.post().uri("/Users").header(HttpHeaders.CONTENT_TYPE, SCIM_JSON).bodyValue("{\"userName\": ")
                .exchange()
                .expectStatus().isBadRequest()
                .expectBody()
                .jsonPath("$.scimType").isEqualTo("invalidSyntax");

        assertThat(probe.directoryCount("demo")).isEqualTo(before);
    }

    @Test
    void attributes_and_excludedAttributes_shape_write_responses_as_well_as_reads() {
        String userName = "shape." + UUID.randomUUID() + "@acme.example";
        String body = """
                {"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],"userName":"%s",
                 "name":{"givenName":"Shape","familyName":"Test"},"title":"Tester","active":true}
                """.formatted(userName);

        Response created = client.post("/Users?attributes=userName", body);
        assertThat(created.status()).isEqualTo(201);
        assertThat(created.body().propertyNames()).containsExactlyInAnyOrder("schemas", "id", "userName");

        Response patched = client.patch("/Users/" + created.id() + "?excludedAttributes=name,emails", """
                {"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
                 "Operations":[{"op":"replace","path":"title","value":"Lead"}]}
                """);
        assertThat(patched.status()).isEqualTo(200);
        assertThat(patched.body().path("title").asString()).isEqualTo("Lead");
        assertThat(patched.body().has("name")).isFalse();
        assertThat(patched.body().path("userName").asString()).isEqualTo(userName);

        Response replaced = client.put("/Users/" + created.id() + "?attributes=title", body);
        assertThat(replaced.status()).isEqualTo(200);
        assertThat(replaced.body().propertyNames()).containsExactlyInAnyOrder("schemas", "id", "title");
        assertThat(client.get("/Users/" + created.id() + "?attributes=name.givenName").body().path("name")
                .propertyNames()).containsExactly("givenName");

        Response refused = client.post("/Users?attributes=" + encode("user name!"), body.replace(userName, "x" + userName));
        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.body().path("scimType").asString()).isEqualTo("invalidValue");
        assertThat(client.get("/Users?filter=" + encode("userName eq \"x" + userName + "\"")).body()
                .path("totalResults").asInt()).isZero();
    }

    @Test
    void a_user_too_large_for_a_notification_is_answered_whole_and_readable_at_once() throws Exception {
        String userName = "large." + UUID.randomUUID() + "@acme.example";
        StringBuilder emails = new StringBuilder();
        for (int i = 0; i < 100; i++) { // as many as a user may have, each with a long address
            emails.append(i == 0 ? "" : ",").append(
                    "{\"value\":\"alias-%d.of-a-long-mailbox-name-for-the-test@acme.example\",\"type\":\"other\"}".formatted(i));
        }
        int storedBefore = probe.rowsAsText("directory.outcomes").size();

        Response created = client.post("/Users", """
                {"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],"userName":"%s","emails":[%s]}
                """.formatted(userName, emails));

        assertThat(created.status()).isEqualTo(201);
        assertThat(created.body().path("emails").size()).isEqualTo(100);
        assertThat(probe.rowsAsText("directory.outcomes")).hasSize(storedBefore + 1); // not in the notification
        assertThat(client.get("/Users/" + created.id()).body().path("emails").size()).isEqualTo(100);
    }

    @Test
    void stored_outcomes_nobody_read_are_removed_after_an_hour() throws Exception {
        probe.asOperator("INSERT INTO directory.outcomes (request_id, decision, recorded) "
                + "VALUES ('forgotten-request', '{}', now() - interval '61 minutes')");
        // as long as a title may be, in three bytes a character: with the user's other attributes, over 8,000 bytes
        String title = "首席工程师".repeat(DirectoryLimits.MAX_TEXT / 5);
        String userName = "sweep." + UUID.randomUUID() + "@acme.example";
        StringBuilder emails = new StringBuilder();
        for (int i = 0; i < 60; i++) {
            emails.append(",{\"value\":\"alias-%d.%s\",\"type\":\"other\"}".formatted(i, userName));
        }

        Response created = client.post("/Users", """
                {"userName":"%s","title":"%s","emails":[{"value":"%s","type":"work"}%s]}
                """.formatted(userName, title, userName, emails));

        assertThat(created.status()).isEqualTo(201);
        assertThat(probe.rowsAsText("directory.outcomes")).isNotEmpty().noneMatch(row -> row.contains("forgotten-request"));
    }

    @Test
    void writes_are_answered_again_after_the_outcome_listener_loses_its_database_connection() throws Exception {
        String terminated = probe.asOperator("SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
                + "WHERE query = 'LISTEN provisioning_outcomes'");
        assertThat(terminated).isEqualTo("1");

        // a write racing the reconnection may answer 503 (and is applied); one after it is answered 201
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                assertThat(create("relisten." + UUID.randomUUID() + "@acme.example", null, null).status())
                        .isEqualTo(201));
    }

    @Test
    void ten_clients_patching_one_user_at_once_each_without_if_match_lose_no_edit() {
        Response created = create("patched." + UUID.randomUUID() + "@acme.example", "ext-" + UUID.randomUUID(), null);
        String id = created.id();
        List<String> edits = List.of(
                "\"path\":\"title\",\"value\":\"Analyst\"",
                "\"path\":\"displayName\",\"value\":\"Ada Lovelace\"",
                "\"path\":\"name.givenName\",\"value\":\"Ada\"",
                "\"path\":\"name.familyName\",\"value\":\"Lovelace\"",
                "\"path\":\"urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department\",\"value\":\"R&D\"",
                "\"path\":\"emails[type eq \\\"work\\\"].value\",\"value\":\"ada@acme.example\"",
                "\"path\":\"emails[type eq \\\"home\\\"].value\",\"value\":\"ada@home.example\"",
                "\"path\":\"active\",\"value\":\"False\"",
                "\"path\":\"externalId\",\"value\":\"ext-final\"",
                "\"path\":\"userName\",\"value\":\"" + created.body().path("userName").asString().replace("patched.", "renamed.") + "\"");

        // as ten provisioning workers would: at once, each its own attribute, none with If-Match
        List<Integer> statuses = Flux.fromIterable(edits)
                .flatMap(edit -> Mono.fromCallable(() -> client.patch("/Users/" + id, """
                        {"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
                         "Operations":[{"op":"Replace",%s}]}""".formatted(edit)).status())
                        .subscribeOn(Schedulers.boundedElastic()), edits.size())
                .collectList().block(Duration.ofSeconds(60));

        assertThat(statuses).hasSize(10).containsOnly(200);
        JsonNode user = client.get("/Users/" + id).body();
        assertThat(user.path("title").asString()).isEqualTo("Analyst");
        assertThat(user.path("displayName").asString()).isEqualTo("Ada Lovelace");
        assertThat(user.path("name").path("givenName").asString()).isEqualTo("Ada");
        assertThat(user.path("name").path("familyName").asString()).isEqualTo("Lovelace");
        assertThat(user.path("urn:ietf:params:scim:schemas:extension:enterprise:2.0:User").path("department").asString())
                .isEqualTo("R&D");
        assertThat(user.path("emails").findValuesAsString("value"))
                .containsExactlyInAnyOrder("ada@acme.example", "ada@home.example");
        assertThat(user.path("active").asBoolean()).isFalse();
        assertThat(user.path("externalId").asString()).isEqualTo("ext-final");
        assertThat(user.path("userName").asString()).startsWith("renamed.");
        assertThat(user.path("meta").path("version").asString()).isEqualTo("W/\"11\"");
    }

    @Test
    void an_unknown_scim_endpoint_is_a_scim_404() {
        Response unknown = client.get("/Devices");

        assertThat(unknown.status()).isEqualTo(404);
        assertThat(unknown.contentType()).startsWith("application/scim+json");
        assertThat(unknown.body().path("schemas").path(0).asString()).isEqualTo("urn:ietf:params:scim:api:messages:2.0:Error");
        assertThat(unknown.body().path("status").asString()).isEqualTo("404");
    }

    private Response create(String userName, String externalId, String urlFlag) {
        return create(userName, externalId, urlFlag, "Tester");
    }

    private Response create(String userName, String externalId, String urlFlag, String title) {
        String body = """
                {"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],"userName":"%s",%s
                 "name":{"givenName":"Test","familyName":"User"},"title":"%s",
                 "emails":[{"value":"%s","type":"work","primary":true}],"active":true}
                """.formatted(userName, externalId == null ? "" : "\"externalId\":\"" + externalId + "\",", title,
                userName);
        return client.post(urlFlag == null ? "/Users" : "/Users?" + urlFlag, body);
    }
}
