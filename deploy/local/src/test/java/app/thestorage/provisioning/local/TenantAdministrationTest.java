package app.thestorage.provisioning.local;

import static app.thestorage.provisioning.local.ScimSession.encode;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import app.thestorage.provisioning.ingest.tenant.TenantTokens;
import app.thestorage.provisioning.local.ScimSession.Response;
import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.read.ListAppender;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.http.HttpHeaders;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import tools.jackson.databind.JsonNode;

/**
 * Step 1 of the product guides through the admin API, against the real pipeline: enabling SCIM shows a
 * token once, regenerating and disabling take effect at once everywhere, tenants are walls, the badge
 * source follows the rule in docs/identity-provider-detection.md, bursts get 429, and the provisioning log
 * tells the administrator what happened without ever holding a secret.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TenantAdministrationTest {

    private static final String ENTRA_AGENT = "Microsoft.AAD.Provisioning";
    private static final String OKTA_AGENT = "Okta SCIM Client 1.0.0";
    private static final String CURL_AGENT = "curl/8.5.0";
    /** Lower than the default (100/s) so a burst is cheap to make, and still above Entra's 25/s. */
    private static final int REQUESTS_PER_SECOND = 30;
    private static final int BURST = 40;

    @TempDir
    static Path work;

    private final ListAppender<ILoggingEvent> logLines = new ListAppender<>();
    private final List<String> issuedTokens = new ArrayList<>();
    private LocalPipeline pipeline;
    private PipelineProbe probe;
    private ScimSession admin;

    @BeforeAll
    void start() {
        pipeline = LocalPipeline.start(PipelineSettings.embedded(work)
                .withIngestProperty("provisioning.ingest.rate-limit.requests-per-second", Integer.toString(REQUESTS_PER_SECOND))
                .withIngestProperty("provisioning.ingest.rate-limit.burst", Integer.toString(BURST)));
        // after the start: Spring Boot sets logging up (once per JVM) when the first application starts
        logLines.start();
        root().addAppender(logLines);
        probe = new PipelineProbe(pipeline);
        admin = new ScimSession(pipeline.ingestBaseUrl() + "/admin/tenants", pipeline.adminToken(),
                "TheStorage admin console", "application/json");
        issuedTokens.add(pipeline.tenantToken());
    }

    @AfterAll
    void stop() {
        root().detachAppender(logLines);
        if (pipeline != null) {
            pipeline.close();
        }
    }

    @Test
    void enabling_scim_shows_a_token_once_with_the_endpoint_and_keeps_only_its_hash() throws Exception {
        String tenant = newTenant(null);

        Response enabled = admin.post("/" + tenant + "/scim/enable", "");

        assertThat(enabled.status()).isEqualTo(201);
        assertThat(enabled.headers().getCacheControl()).contains("no-store");
        String token = enabled.body().path("token").asString();
        issuedTokens.add(token);
        assertThat(token).startsWith("tsp_").hasSizeGreaterThan(40);
        assertThat(enabled.body().path("scimEndpoint").asString())
                .isEqualTo(pipeline.ingestBaseUrl() + "/api/" + tenant + "/scim/v2");
        assertThat(scim(tenant, token, CURL_AGENT).get("/Users?count=1").status()).isEqualTo(200);

        Response status = admin.get("/" + tenant);
        assertThat(status.body().path("scimEnabled").asBoolean()).isTrue();
        assertThat(status.body().path("tokenCreatedAt").asString()).isNotBlank();
        assertThat(status.body().toString()).doesNotContain(token);
        assertThat(admin.post("/" + tenant + "/scim/enable", "").status()).isEqualTo(409);

        List<String> rows = probe.rowsAsText("tenancy.tenants");
        assertThat(rows).noneMatch(row -> row.contains(token));
        assertThat(rows).anyMatch(row -> row.contains(HexFormat.of().formatHex(TenantTokens.hash(token))));
    }

    @Test
    void regenerating_refuses_the_old_token_at_once_on_every_instance() {
        String tenant = newTenant(null);
        String old = enable(tenant);
        ConfigurableApplicationContext second = pipeline.startAnotherIngest();
        try {
            String firstBase = pipeline.ingestBaseUrl();
            String secondBase = LocalPipeline.baseUrlOf(second);
            assertThat(scimAt(firstBase, tenant, old).get("/Users?count=1").status()).isEqualTo(200);
            assertThat(scimAt(secondBase, tenant, old).get("/Users?count=1").status()).isEqualTo(200);

            Response regenerated = admin.post("/" + tenant + "/scim/token", "");
            assertThat(regenerated.status()).isEqualTo(201);
            String fresh = regenerated.body().path("token").asString();
            issuedTokens.add(fresh);

            for (String base : List.of(firstBase, secondBase)) {
                Response refused = scimAt(base, tenant, old).get("/Users?count=1");
                assertThat(refused.status()).isEqualTo(401);
                assertThat(refused.body().path("schemas").path(0).asString())
                        .isEqualTo("urn:ietf:params:scim:api:messages:2.0:Error");
                assertThat(scimAt(base, tenant, fresh).get("/Users?count=1").status()).isEqualTo(200);
            }
        } finally {
            second.close();
        }
    }

    @Test
    void the_token_of_tenant_a_opens_nothing_of_tenant_b_by_any_url() throws Exception {
        String a = newTenant(null);
        String b = newTenant(null);
        String tokenA = enable(a);
        String tokenB = enable(b);
        String userOfB = scim(b, tokenB, CURL_AGENT).post("/Users", user("only.b." + UUID.randomUUID())).id();

        ScimSession aTokenOnB = scim(b, tokenA, CURL_AGENT);
        for (String path : List.of("/Users", "/Users/" + userOfB, "/Users?filter=" + encode("userName pr"),
                "/ServiceProviderConfig", "/Schemas", "/Groups")) {
            assertThat(aTokenOnB.get(path).status()).as(path).isEqualTo(401);
        }
        assertThat(aTokenOnB.post("/Users", user("intruder." + UUID.randomUUID())).status()).isEqualTo(401);
        assertThat(aTokenOnB.delete("/Users/" + userOfB).status()).isEqualTo(401);
        // B's user, asked for through A's own endpoint, is not there
        assertThat(scim(a, tokenA, CURL_AGENT).get("/Users/" + userOfB).status()).isEqualTo(404);
        assertThat(scim(a, tokenA, CURL_AGENT).get("/Users?filter=" + encode("id eq \"" + userOfB + "\""))
                .body().path("totalResults").asInt()).isZero();
        // a dot-segment cannot walk from A's URL into B's (sent as is: java.net.http does not normalise the path)
        HttpResponse<String> walked = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(
                        pipeline.ingestBaseUrl() + "/api/" + a + "/scim/v2/../../" + b + "/scim/v2/Users/" + userOfB))
                .header(HttpHeaders.AUTHORIZATION, "Bearer " + tokenA).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(walked.statusCode()).isEqualTo(404);
        assertThat(walked.body()).contains("urn:ietf:params:scim:api:messages:2.0:Error").doesNotContain("only.b.");
        // SCIM tokens do not open the admin API, and the admin credential opens no SCIM endpoint
        assertThat(new ScimSession(pipeline.ingestBaseUrl() + "/admin/tenants", tokenA, CURL_AGENT).get("/" + a)
                .status()).isEqualTo(401);
        assertThat(scim(a, pipeline.adminToken(), CURL_AGENT).get("/Users").status()).isEqualTo(401);
    }

    @Test
    void disabling_refuses_every_scim_call_until_enabled_again_with_a_new_token() {
        String tenant = newTenant(null);
        String token = enable(tenant);
        ScimSession client = scim(tenant, token, OKTA_AGENT);
        String id = client.post("/Users", user("leaver." + UUID.randomUUID())).id();

        Response disabled = admin.post("/" + tenant + "/scim/disable", "");
        assertThat(disabled.status()).isEqualTo(200);
        assertThat(disabled.body().path("scimEnabled").asBoolean()).isFalse();

        for (Response refused : List.of(client.get("/Users?count=1"), client.get("/Users/" + id),
                client.post("/Users", user("late." + UUID.randomUUID())), client.delete("/Users/" + id))) {
            assertThat(refused.status()).isEqualTo(401);
            assertThat(refused.contentType()).startsWith("application/scim+json");
            assertThat(refused.body().path("status").asString()).isEqualTo("401");
        }
        assertThat(admin.post("/" + tenant + "/scim/token", "").status()).isEqualTo(409);

        String again = enable(tenant);
        assertThat(again).isNotEqualTo(token);
        assertThat(client.get("/Users/" + id).status()).isEqualTo(401);
        assertThat(scim(tenant, again, OKTA_AGENT).get("/Users/" + id).status()).isEqualTo(200);
    }

    @Test
    void the_badge_is_the_chosen_provider_or_else_the_one_the_request_shape_shows() throws Exception {
        String detected = newTenant(null);
        String token = enable(detected);
        String entraUser = scim(detected, token, ENTRA_AGENT).post("/Users?aadOptscim062020", entraCreate()).id();
        String oktaUser = scim(detected, token, OKTA_AGENT).post("/Users", oktaCreate()).id();
        String otherUser = scim(detected, token, CURL_AGENT).post("/Users", user("other." + UUID.randomUUID())).id();
        String chosen = newTenant("OKTA");
        String chosenUser = scim(chosen, enable(chosen), ENTRA_AGENT).post("/Users?aadOptscim062020", entraCreate()).id();

        assertThat(source(detected, entraUser)).isEqualTo("MICROSOFT_ENTRA_ID");
        assertThat(source(detected, oktaUser)).isEqualTo("OKTA");
        assertThat(source(detected, otherUser)).isEqualTo("OTHER_SCIM_CLIENT");
        assertThat(source(chosen, chosenUser)).isEqualTo("OKTA");
        JsonNode users = admin.get("/" + detected).body().path("users");
        assertThat(users.path("total").asInt()).isEqualTo(3);
        assertThat(users.path("active").asInt()).isEqualTo(3);
        assertThat(users.path("bySource").path("MICROSOFT_ENTRA_ID").asInt()).isEqualTo(1);
        assertThat(users.path("bySource").path("OKTA").asInt()).isEqualTo(1);
        assertThat(admin.get("/" + chosen).body().path("identityProvider").asString()).isEqualTo("OKTA");

        Response changed = admin.put("/" + chosen + "/identity-provider", "{\"identityProvider\":\"MICROSOFT_ENTRA_ID\"}");
        assertThat(changed.body().path("identityProvider").asString()).isEqualTo("MICROSOFT_ENTRA_ID");
    }

    @Test
    void a_burst_over_the_tenant_rate_gets_429_with_whole_seconds_retry_after_and_spares_other_tenants()
            throws InterruptedException {
        String busy = newTenant(null);
        String calm = newTenant(null);
        ScimSession busyClient = scim(busy, enable(busy), OKTA_AGENT);
        ScimSession calmClient = scim(calm, enable(calm), OKTA_AGENT);

        List<Response> burst = Flux.range(0, 4 * BURST)
                .flatMap(i -> Mono.fromCallable(() -> busyClient.get("/Users?count=1"))
                        .subscribeOn(Schedulers.boundedElastic()), 32)
                .collectList()
                .block();
        Response calmDuringBurst = calmClient.get("/Users?count=1");

        List<Response> limited = burst.stream().filter(response -> response.status() == 429).toList();
        assertThat(limited).isNotEmpty();
        assertThat(burst).allMatch(response -> response.status() == 200 || response.status() == 429);
        Response first = limited.getFirst();
        assertThat(first.headers().getFirst(HttpHeaders.RETRY_AFTER)).matches("[1-9][0-9]*");
        assertThat(first.body().path("status").asString()).isEqualTo("429");
        assertThat(first.contentType()).startsWith("application/scim+json");
        assertThat(calmDuringBurst.status()).isEqualTo(200);

        Thread.sleep(Duration.ofSeconds(Long.parseLong(first.headers().getFirst(HttpHeaders.RETRY_AFTER))));
        assertThat(busyClient.get("/Users?count=1").status()).isEqualTo(200);
    }

    @Test
    void entra_documented_rate_of_25_requests_a_second_is_never_limited() {
        String tenant = newTenant(null);
        ScimSession entra = scim(tenant, enable(tenant), ENTRA_AGENT);
        long interval = Duration.ofSeconds(1).toNanos() / 25;
        long next = System.nanoTime();

        for (int i = 0; i < 100; i++) {
            LockSupport.parkNanos(next - System.nanoTime());
            next += interval;
            assertThat(entra.get("/Users?filter=" + encode("userName eq \"" + UUID.randomUUID() + "\"")).status())
                    .as("request %d", i).isEqualTo(200);
        }
    }

    @Test
    void the_provisioning_log_records_every_outcome_and_no_secret() throws Exception {
        String tenant = newTenant(null);
        String token = enable(tenant);
        ScimSession okta = scim(tenant, token, OKTA_AGENT);
        String userName = "logged." + UUID.randomUUID() + "@acme.example";
        String password = "Pl4ceholder-" + UUID.randomUUID();
        okta.get("/Users?filter=" + encode("userName eq \"" + userName + "\"") + "&startIndex=1&count=100");
        String id = okta.post("/Users", """
                {"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],"userName":"%s","password":"%s",
                 "name":{"givenName":"Log","familyName":"Ged"},"active":true}
                """.formatted(userName, password)).id();
        okta.post("/Users", user(userName.toUpperCase()));
        // successful reads: counted, not entries of their own
        assertThat(okta.get("/Users/" + id).status()).isEqualTo(200);
        assertThat(okta.get("/Users/" + id).status()).isEqualTo(200);
        assertThat(okta.get("/Users?filter=" + encode("userName eq \"" + userName + "\"")).body()
                .path("totalResults").asInt()).isEqualTo(1);
        okta.patch("/Users/" + id, """
                {"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
                 "Operations":[{"op":"replace","value":{"password":"%s"}}]}
                """.formatted(password));
        okta.post("/Users", "{\"userName\": \"broken\", \"password\": " + password + "}");
        okta.get("/Users/does-not-exist");
        scim(tenant, "tsp_wrong" + token.substring(9), OKTA_AGENT).get("/Users?count=1");

        List<JsonNode> entries = new ArrayList<>();
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            entries.clear();
            admin.get("/" + tenant + "/provisioning-log").body().path("entries").forEach(entries::add);
            assertThat(entries).hasSize(7);
        });

        assertThat(entries).extracting(entry -> entry.path("operation").asString() + " " + entry.path("status").asInt())
                .as("writes, failures and the lookup that found nothing (as Test Connection's do)")
                .containsExactly("LIST_USERS 401", "GET_USER 404", "CREATE_USER 400", "UPDATE_USER 400",
                        "CREATE_USER 409", "CREATE_USER 201", "LIST_USERS 200");
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(
                admin.get("/" + tenant + "/provisioning-log").body().path("reads"))
                .extracting(read -> read.path("operation").asString() + " " + read.path("reads").asLong() + " "
                        + read.path("identityProvider").asString())
                .as("the successful reads, counted").containsExactlyInAnyOrder("GET_USER 2 OKTA", "LIST_USERS 1 OKTA"));
        JsonNode created = entries.get(5);
        assertThat(created.path("userId").asString()).isEqualTo(id);
        assertThat(created.path("userName").asString()).isEqualTo(userName);
        assertThat(created.path("result").asString()).isEqualTo("SUCCESS");
        assertThat(created.path("identityProvider").asString()).isEqualTo("OKTA");
        assertThat(entries.get(6).path("query").asString()).isEqualTo("userName eq \"" + userName + "\"");
        JsonNode conflict = entries.get(4);
        assertThat(conflict.path("result").asString()).isEqualTo("FAILURE");
        assertThat(conflict.path("scimType").asString()).isEqualTo("uniqueness");
        assertThat(conflict.path("detail").asString()).isNotBlank();
        assertThat(entries.get(3).path("detail").asString()).containsIgnoringCase("Sync Password");
        assertThat(entries.get(3).path("userId").asString()).isEqualTo(id);
        assertThat(entries.get(3).path("userName").asString()).as("a refused update names whose it was")
                .isEqualTo(userName);

        Response failures = admin.get("/" + tenant + "/provisioning-log?failuresOnly=true&limit=2");
        assertThat(failures.body().path("entries")).hasSize(2);
        assertThat(failures.body().path("reads")).isEmpty();
        Response older = admin.get("/" + tenant + "/provisioning-log?failuresOnly=true&limit=10&before="
                + failures.body().path("before").asLong());
        assertThat(older.body().path("entries")).extracting(entry -> entry.path("status").asInt())
                .containsExactly(400, 400, 409);
        assertThat(admin.get("/" + tenant).body().path("lastScimRequestAt").asString()).isNotBlank();

        List<String> stored = probe.rowsAsText("tenancy.provisioning_log");
        assertThat(stored).isNotEmpty().noneMatch(row -> row.contains(password) || row.contains(token.substring(4)));
    }

    @Test
    void the_admin_api_refuses_requests_without_its_credential() {
        Response anonymous = new ScimSession(pipeline.ingestBaseUrl() + "/admin/tenants", "not-the-admin", CURL_AGENT,
                "application/json").post("", "{\"slug\":\"sneaky\"}");

        assertThat(anonymous.status()).isEqualTo(401);
        assertThat(anonymous.contentType()).startsWith("application/problem+json");
        assertThat(anonymous.headers().getFirst(HttpHeaders.WWW_AUTHENTICATE)).startsWith("Bearer");
        assertThat(admin.get("/sneaky").status()).isEqualTo(404);
        assertThat(admin.post("", "{\"slug\":\"Not A Slug\"}").status()).isEqualTo(400);
    }

    @Test
    void no_log_line_carries_a_token_even_at_debug() {
        List<Logger> chatty = Stream.of("app.thestorage", "org.springframework.web", "reactor.netty.http")
                .map(name -> (Logger) LoggerFactory.getLogger(name))
                .toList();
        List<Level> before = chatty.stream().map(Logger::getLevel).toList();
        chatty.forEach(logger -> logger.setLevel(Level.DEBUG));
        try {
            useTokens();
        } finally {
            for (int i = 0; i < chatty.size(); i++) {
                chatty.get(i).setLevel(before.get(i));
            }
        }

        List<String> lines = logLines.list.stream()
                .map(line -> line.getFormattedMessage() + (line.getThrowableProxy() == null ? ""
                        : ThrowableProxyUtil.asString(line.getThrowableProxy())))
                .toList();
        assertThat(lines).isNotEmpty();
        for (String issued : issuedTokens) {
            assertThat(lines).noneMatch(line -> line.contains(issued.substring(4)));
        }
        assertThat(lines).noneMatch(line -> line.contains(pipeline.adminToken().substring(4)));
    }

    @Test
    void the_console_lists_tenants_and_pages_and_searches_a_tenants_users() {
        String tenant = newTenant(null);
        ScimSession okta = scim(tenant, enable(tenant), OKTA_AGENT);
        for (String name : List.of("Ada \\\"the Countess\\\" Lovelace", "Grace Hopper", "Alan Turing")) {
            assertThat(okta.post("/Users", "{\"userName\":\"%s@acme.example\",\"displayName\":\"%s\"}"
                    .formatted(name.split(" ")[0].toLowerCase(), name)).status()).isEqualTo(201);
        }
        okta.patch("/Users/" + okta.get("/Users?filter=" + encode("userName eq \"alan@acme.example\""))
                        .body().path("Resources").path(0).path("id").asString(),
                "{\"schemas\":[\"urn:ietf:params:scim:api:messages:2.0:PatchOp\"],\"Operations\":[{\"op\":\"replace\",\"path\":\"active\",\"value\":false}]}");

        assertThat(admin.get("").body().valueStream().map(t -> t.path("slug").asString())).contains(tenant);

        Response first = admin.get("/" + tenant + "/users?count=2");
        assertThat(first.body().path("totalResults").asLong()).isEqualTo(3);
        assertThat(first.body().path("users")).hasSize(2);
        assertThat(first.body().path("users").path(0).path("userName").asString()).isEqualTo("ada@acme.example");
        assertThat(first.body().path("users").path(0).path("source").asString()).isEqualTo("OKTA");
        Response second = admin.get("/" + tenant + "/users?count=2&startIndex=3");
        assertThat(second.body().path("users").path(0).path("userName").asString()).isEqualTo("alan@acme.example");
        assertThat(second.body().path("users").path(0).path("active").asBoolean()).isFalse();

        // by any part of the name, without regard to case; quotes in the search are text, not filter syntax
        assertThat(admin.get("/" + tenant + "/users?search=" + encode("HOPPER")).body().path("users"))
                .extracting(user -> user.path("userName").asString()).containsExactly("grace@acme.example");
        assertThat(admin.get("/" + tenant + "/users?search=" + encode("\"the countess\"")).body().path("users"))
                .extracting(user -> user.path("userName").asString()).containsExactly("ada@acme.example");
        assertThat(admin.get("/" + tenant + "/users?search=" + encode("\" or userName pr or \"")).body()
                .path("totalResults").asLong()).isZero();
        assertThat(admin.get("/no-such-tenant/users").status()).isEqualTo(404);
    }

    private void useTokens() {
        String tenant = newTenant(null);
        String token = enable(tenant);
        scim(tenant, token, ENTRA_AGENT).get("/Users?count=1");
        scim("demo", token, ENTRA_AGENT).get("/Users?count=1");
        issuedTokens.add(admin.post("/" + tenant + "/scim/token", "").body().path("token").asString());
        scim(tenant, token, ENTRA_AGENT).post("/Users", user("after.regeneration." + UUID.randomUUID()));
        admin.post("/" + tenant + "/scim/disable", "");
    }

    private String newTenant(String identityProvider) {
        String slug = "t-" + UUID.randomUUID().toString().substring(0, 8);
        Response created = admin.post("", "{\"slug\":\"%s\",\"identityProvider\":%s}".formatted(slug,
                identityProvider == null ? "null" : "\"" + identityProvider + "\""));
        assertThat(created.status()).isEqualTo(201);
        assertThat(created.body().path("scimEnabled").asBoolean()).isFalse();
        return slug;
    }

    private String enable(String tenant) {
        Response enabled = admin.post("/" + tenant + "/scim/enable", "");
        assertThat(enabled.status()).isEqualTo(201);
        String token = enabled.body().path("token").asString();
        issuedTokens.add(token);
        return token;
    }

    private ScimSession scim(String tenant, String token, String agent) {
        return new ScimSession(pipeline.ingestBaseUrl() + "/api/" + tenant + "/scim/v2", token, agent);
    }

    private static ScimSession scimAt(String ingestBase, String tenant, String token) {
        return new ScimSession(ingestBase + "/api/" + tenant + "/scim/v2", token, CURL_AGENT);
    }

    private String source(String tenant, String userId) throws Exception {
        return (String) probe.directoryRow(tenant, userId).get("source");
    }

    private static String user(String userName) {
        return """
                {"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],"userName":"%s","active":true}
                """.formatted(userName);
    }

    private static String entraCreate() {
        String userName = "Test_User_" + UUID.randomUUID() + "@contoso.example";
        return """
                {"schemas":["urn:ietf:params:scim:schemas:core:2.0:User",
                            "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"],
                 "externalId":"%s","userName":"%s","active":true,
                 "emails":[{"primary":true,"type":"work","value":"%s"}],
                 "meta":{"resourceType":"User"},"name":{"familyName":"User","givenName":"Test"}}
                """.formatted(UUID.randomUUID(), userName, userName);
    }

    private static String oktaCreate() {
        String userName = "okta." + UUID.randomUUID() + "@acme.example";
        return """
                {"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],"userName":"%s",
                 "name":{"givenName":"Okta","familyName":"User"},
                 "emails":[{"primary":true,"value":"%s","type":"work"}],
                 "displayName":"Okta User","locale":"en-US","externalId":"00u%s",
                 "groups":[],"password":"%s","active":true}
                """.formatted(userName, userName, UUID.randomUUID().toString().substring(0, 8), UUID.randomUUID());
    }

    private static Logger root() {
        return (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    }
}
