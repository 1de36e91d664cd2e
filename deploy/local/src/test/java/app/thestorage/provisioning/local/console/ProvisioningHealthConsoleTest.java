package app.thestorage.provisioning.local.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import app.thestorage.provisioning.local.LocalPipeline;
import app.thestorage.provisioning.local.PipelineSettings;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Provisioning health, end to end: tenants driven into each warning by what their identity provider sends (Okta
 * pushing passwords and a taken userName, an earlier token after a regenerate, an Entra job that stops calling) and out
 * of it again, each time as the administrator sees it (the banner on the tenant's pages, the health panel of User
 * Provisioning), as the admin API says it, and as operators count it (provisioning.tenants.health on
 * /actuator/prometheus). The pipeline has only this class's tenants, so the gauge's counts are exact; the silence is
 * 30 seconds instead of two hours.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ProvisioningHealthConsoleTest {

    private static final String ENTRA_AGENT = "Microsoft.AAD.Provisioning";
    private static final String OKTA_AGENT = "Okta SCIM Client 1.0.0";
    private static final Duration SILENCE = Duration.ofSeconds(30);
    private static final Path SCREENSHOTS = Path.of("target", "console-screenshots");
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String USER = "urn:ietf:params:scim:schemas:core:2.0:User";

    @TempDir
    static Path work;

    private LocalPipeline pipeline;
    private ConsoleBrowser browser;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    @BeforeAll
    void start() throws Exception {
        assumeTrue(ConsoleBrowser.available(), "Chromium and chromedriver are not installed: apt-get install -y "
                + "chromium chromium-driver (.ci/run does it)");
        pipeline = LocalPipeline.start(PipelineSettings.embedded(work).withTenant(null)
                .withIngestProperty("provisioning.ingest.health.silence", SILENCE.toSeconds() + "s")
                .withIngestProperty("provisioning.ingest.health.gauge-interval", "500ms"));
        browser = new ConsoleBrowser(pipeline.ingestBaseUrl(), SCREENSHOTS);
        // a tenant that never turned SCIM on: counted as off throughout
        assertThat(admin("POST", "", "{\"slug\":\"dormant\",\"identityProvider\":null}").statusCode()).isEqualTo(201);
    }

    @AfterEach
    void noErrorsInTheBrowserConsole() {
        if (browser != null) {
            browser.assertNoConsoleErrors();
        }
    }

    @AfterAll
    void stop() throws Exception {
        if (browser != null) {
            browser.close();
        }
        if (pipeline != null) {
            pipeline.close();
        }
    }

    /**
     * Okta with "Sync Password" on: its pushes fail with the password refusal, one with a taken userName. More than a
     * fifth of the last hour's requests fail: the warning, the reasons grouped with their fixes. Sync Password turned
     * off, Okta pushes again and the failures drop below a fifth: the warning goes.
     */
    @Test
    @Order(1)
    void failures_over_a_fifth_of_the_last_hour_are_a_warning_with_the_fix_of_the_most_frequent_reason()
            throws Exception {
        String slug = "okta-" + shortId();
        Scim okta = enabled(slug, "OKTA", OKTA_AGENT);
        assertThat(okta.send("GET", "/Users?count=1", null).statusCode()).isEqualTo(200);
        String dorothy = okta.create("dorothy@okta.example");
        String katherine = okta.create("katherine@okta.example");
        for (int push = 0; push < 10; push++) {
            String who = push % 2 == 0 ? dorothy : katherine;
            assertThat(okta.send("PUT", "/Users/" + who, user(push % 2 == 0 ? "dorothy@okta.example"
                    : "katherine@okta.example", "\"password\":\"hunter2!\",")).statusCode()).isEqualTo(400);
        }
        assertThat(okta.send("POST", "/Users", user("DOROTHY@okta.example", "")).statusCode()).isEqualTo(409);

        JsonNode warning = awaitWarnings(slug, List.of("FAILURE_RATE")).get(0);
        assertThat(warning.path("message").asString()).contains("11 of the 14 requests of the last hour failed (79%)",
                "more than 40% of its operations fail");
        assertThat(warning.path("fix").asString()).contains("Most failures", "turn off \"Sync Password\"");

        JsonNode health = adminJson("/" + slug + "/health");
        assertThat(health.path("state").asString()).isEqualTo("WARNING");
        assertThat(health.path("lastHour").path("requests").asLong()).isEqualTo(14);
        assertThat(health.path("lastHour").path("failures").asLong()).isEqualTo(11);
        assertThat(health.path("lastDay").path("failures").asLong()).isEqualTo(11);
        assertThat(health.path("lastRequest").path("operation").asString()).isEqualTo("CREATE_USER");
        assertThat(health.path("lastRequest").path("status").asInt()).isEqualTo(409);
        assertThat(health.path("lastRequest").path("identityProvider").asString()).isEqualTo("OKTA");
        JsonNode reasons = health.path("topReasons");
        assertThat(reasons.size()).isEqualTo(2);
        assertThat(reasons.get(0).path("reason").asString()).isEqualTo("PASSWORD_SENT");
        assertThat(reasons.get(0).path("count").asLong()).isEqualTo(10);
        assertThat(reasons.get(0).path("fix").asString()).contains("turn off \"Sync Password\"");
        assertThat(reasons.get(1).path("reason").asString()).isEqualTo("USER_NAME_TAKEN");
        assertThat(reasons.get(1).path("summary").asString()).contains("409 uniqueness");
        assertThat(reasons.get(1).path("example").asString()).contains("already exists");
        awaitGauge(0, 1, 1);

        signInFresh("#/t/" + slug + "/users");
        browser.waitForText(By.cssSelector("#health-banner [data-warning='FAILURE_RATE']"), "Sync Password");
        assertThat(browser.text(By.cssSelector("#health-banner [data-warning='FAILURE_RATE']")))
                .contains("11 of the 14 requests", "Fix:");
        browser.screenshots("health-01-users-failure-banner");
        browser.click(By.cssSelector("#health-banner a"));
        browser.waitForText(By.cssSelector("[data-health='last-hour']"), "14 requests, 11 failed (79%)");
        assertThat(browser.text(By.cssSelector("[data-health='state']"))).isEqualTo("Needs attention");
        assertThat(browser.text(By.cssSelector("[data-health='last-request']"))).contains("Create user", "409", "Okta");
        assertThat(browser.text(By.cssSelector("tr[data-reason='PASSWORD_SENT']"))).contains("10",
                "turn off \"Sync Password\"");
        assertThat(browser.text(By.cssSelector("tr[data-reason='USER_NAME_TAKEN']"))).contains("1", "409 uniqueness");
        browser.screenshots("health-02-user-provisioning-failures");

        // Sync Password off: Okta pushes everyone again, and keeps pushing changes
        for (int push = 0; push < 45; push++) {
            String who = push % 2 == 0 ? dorothy : katherine;
            assertThat(okta.send("PUT", "/Users/" + who, user(push % 2 == 0 ? "dorothy@okta.example"
                    : "katherine@okta.example", "\"title\":\"Mathematician " + push + "\",")).statusCode())
                    .isEqualTo(200);
        }
        awaitWarnings(slug, List.of());
        assertThat(adminJson("/" + slug + "/health").path("lastHour").path("failures").asLong()).isEqualTo(11);
        awaitGauge(1, 0, 1);
        awaitNoBanner();
        browser.waitForText(By.cssSelector("[data-health='state']"), "Healthy");
    }

    /**
     * The token regenerated in the console but not pasted into Okta: its requests with the earlier token are refused,
     * the banner says so on every page of the tenant; the new token pasted, a request accepted, the warning goes.
     */
    @Test
    @Order(2)
    void refusals_after_a_regenerate_say_the_identity_provider_still_holds_the_earlier_token() throws Exception {
        String slug = "regen-" + shortId();
        signInFresh("");
        browser.type(By.id("create-slug"), slug);
        browser.click(By.id("create-provider-OKTA"));
        browser.click(By.id("create-tenant"));
        browser.click(By.id("scim-toggle"));
        String first = closeTokenDialog();
        String endpoint = browser.value(By.id("scim-endpoint"));
        Scim before = new Scim(endpoint, first, OKTA_AGENT);
        String ada = before.create("ada@fabrikam.example");

        browser.click(By.id("regenerate-token"));
        browser.click(By.cssSelector("dialog[open] button[value='confirm']"));
        String second = closeTokenDialog();
        for (int retry = 0; retry < 3; retry++) {
            assertThat(before.send("GET", "/Users/" + ada, null).statusCode()).isEqualTo(401);
        }

        JsonNode warning = awaitWarnings(slug, List.of("STALE_TOKEN")).get(0);
        assertThat(warning.path("message").asString()).contains("401: 3 in the last", "still sends an earlier token");
        assertThat(warning.path("fix").asString()).contains("Paste the current SCIM token");
        awaitGauge(1, 1, 1);
        for (String page : List.of("users", "provisioning-log", "user-provisioning")) {
            browser.click(By.cssSelector("#side-nav a[data-page='" + page + "']"));
            browser.waitForText(By.cssSelector("#health-banner [data-warning='STALE_TOKEN']"), "earlier token");
        }
        assertThat(browser.text(By.cssSelector("#health-banner"))).contains("Fix:", "Paste the current SCIM token");
        browser.waitForText(By.cssSelector("tr[data-reason='TOKEN_REFUSED']"), "401");
        browser.screenshots("health-03-user-provisioning-stale-token");

        Scim after = new Scim(endpoint, second, OKTA_AGENT);
        assertThat(after.send("GET", "/Users/" + ada, null).statusCode()).isEqualTo(200);
        awaitWarnings(slug, List.of());
        awaitGauge(2, 0, 1);
        awaitNoBanner();
        // the accepted read is counted, not an entry of its own: a line of its minute among the 401s
        browser.click(By.cssSelector("#side-nav a[data-page='provisioning-log']"));
        browser.waitForText(By.cssSelector("tr.log-reads"), "1 successful read");
        assertThat(browser.text(By.cssSelector("tr.log-reads"))).contains("Get user 1", "Okta");
        assertThat(browser.driver().findElements(By.cssSelector("tr.log-entry.success"))).as("the create")
                .hasSize(1);
        browser.click(By.cssSelector("#side-nav a[data-page='users']"));
        browser.waitForText(By.id("users-summary"), "1 user");
        awaitNoBanner();
    }

    /**
     * An Entra job that stops calling: once the silence has passed the banner says since when; the job calls again and
     * the warning goes. (The silence is 30 seconds here: the test waits for it, polling.)
     */
    @Test
    @Order(3)
    void scim_on_but_silent_for_longer_than_the_silence_is_a_warning_until_the_identity_provider_calls_again()
            throws Exception {
        String slug = "entra-" + shortId();
        Scim entra = enabled(slug, "MICROSOFT_ENTRA_ID", ENTRA_AGENT);
        assertThat(entra.send("GET", "/Users?filter=" + java.net.URLEncoder.encode("userName eq \"x@contoso.example\"",
                java.nio.charset.StandardCharsets.UTF_8), null).statusCode()).isEqualTo(200);
        awaitGauge(3, 0, 1);

        JsonNode warning = await().atMost(SILENCE.multipliedBy(3)).pollInterval(Duration.ofSeconds(1))
                .until(() -> warnings(slug), found -> found.size() == 1).get(0);
        assertThat(warning.path("code").asString()).isEqualTo("SILENT");
        assertThat(warning.path("message").asString()).contains("No SCIM request since", "more than 30 seconds ago",
                "about every 40 minutes");
        assertThat(warning.path("fix").asString()).contains("not in quarantine");
        JsonNode health = adminJson("/" + slug + "/health");
        assertThat(health.path("state").asString()).isEqualTo("WARNING");
        assertThat(health.path("lastRequest").path("operation").asString()).isEqualTo("LIST_USERS");
        assertThat(health.path("lastRequest").path("identityProvider").asString()).isEqualTo("MICROSOFT_ENTRA_ID");
        assertThat(health.path("rhythm").path("cycles").asInt()).isEqualTo(1);
        awaitGauge(2, 1, 1);
        signInFresh("#/t/" + slug + "/users");
        browser.waitForText(By.cssSelector("#health-banner [data-warning='SILENT']"), "No SCIM request since");
        browser.screenshots("health-04-users-silent");

        // the next incremental cycle
        assertThat(entra.send("GET", "/Users?count=1", null).statusCode()).isEqualTo(200);
        awaitWarnings(slug, List.of());
        awaitGauge(3, 0, 1);
        browser.click(By.cssSelector("#side-nav a[data-page='provisioning-log']"));
        browser.waitForText(By.id("log-results"), "Find users");
        awaitNoBanner();

        HttpResponse<String> unknown = admin("GET", "/no-such-tenant/health", null);
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(unknown.body()).contains("no-such-tenant");
    }

    // --- the administrator and the operator ---

    private void signInFresh(String hash) {
        browser.openFresh(hash);
        browser.type(By.id("admin-credential"), pipeline.adminToken());
        browser.click(By.id("sign-in-submit"));
        browser.waitFor(By.id("session-controls"));
        if (!hash.isEmpty()) {
            browser.open(hash);
        }
    }

    /** Waits until the page's banner shows no warning (it reads the warnings again every 10 s). */
    private void awaitNoBanner() {
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500)).untilAsserted(() ->
                assertThat(browser.driver().findElements(By.cssSelector("#health-banner [data-warning]")))
                        .as("the banner at %s: %s", browser.driver().getCurrentUrl(),
                                browser.js("const b = document.getElementById('health-banner');"
                                        + "return b ? b.innerText : 'none';"))
                        .isEmpty());
        assertThat(browser.driver().findElements(By.id("health-banner"))).as("the banner's place").hasSize(1);
    }

    private String closeTokenDialog() {
        browser.waitFor(By.cssSelector("dialog[open]"));
        String token = browser.value(By.id("scim-token"));
        browser.click(By.cssSelector("dialog[open] button[data-role='close-token']"));
        browser.waitGone(By.cssSelector("dialog"));
        browser.waitForText(By.id("scim-toggle-state"), "On");
        return token;
    }

    /** A tenant with this identity provider chosen and SCIM on, and its identity provider's client. */
    private Scim enabled(String slug, String provider, String agent) throws Exception {
        assertThat(admin("POST", "", "{\"slug\":\"" + slug + "\",\"identityProvider\":\"" + provider + "\"}")
                .statusCode()).isEqualTo(201);
        HttpResponse<String> enabled = admin("POST", "/" + slug + "/scim/enable", null);
        assertThat(enabled.statusCode()).isEqualTo(201);
        JsonNode token = JSON.readTree(enabled.body());
        return new Scim(token.path("scimEndpoint").asString(), token.path("token").asString(), agent);
    }

    /** Waits until the tenant's warnings (GET /admin/tenants/{tenant}) have exactly these codes; returns them. */
    private List<JsonNode> awaitWarnings(String slug, List<String> codes) {
        return await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(250))
                .until(() -> warnings(slug), found -> found.stream().map(w -> w.path("code").asString()).toList()
                        .equals(codes));
    }

    private List<JsonNode> warnings(String slug) throws Exception {
        List<JsonNode> warnings = new ArrayList<>();
        adminJson("/" + slug).path("warnings").forEach(warnings::add);
        return warnings;
    }

    /** Waits until every ingest-api count of tenants by state is as expected (the gauge is counted every 500 ms). */
    private void awaitGauge(long healthy, long warning, long off) {
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(250))
                .until(this::gauge, counts -> counts.equals(Map.of("healthy", healthy, "warning", warning, "off", off)));
    }

    private Map<String, Long> gauge() throws Exception {
        String metrics = http.send(HttpRequest.newBuilder(URI.create(pipeline.ingestBaseUrl() + "/actuator/prometheus"))
                .GET().build(), HttpResponse.BodyHandlers.ofString()).body();
        Matcher line = Pattern.compile("(?m)^provisioning_tenants_health\\{[^}]*state=\"(\\w+)\"[^}]*} (\\S+)$")
                .matcher(metrics);
        Map<String, Long> counts = new java.util.HashMap<>();
        while (line.find()) {
            counts.put(line.group(1), (long) Double.parseDouble(line.group(2)));
        }
        return counts;
    }

    private JsonNode adminJson(String path) throws Exception {
        HttpResponse<String> response = admin("GET", path, null);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return JSON.readTree(response.body());
    }

    private HttpResponse<String> admin(String method, String path, String body) throws IOException,
            InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create(pipeline.ingestBaseUrl() + "/admin/tenants" + path))
                .header("Authorization", "Bearer " + pipeline.adminToken()).header("Content-Type", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body))
                .build(), HttpResponse.BodyHandlers.ofString());
    }

    // --- the identity provider's side: SCIM over HTTP ---

    private static String user(String userName, String more) {
        return "{\"schemas\":[\"" + USER + "\"]," + more + "\"userName\":\"" + userName + "\",\"active\":true}";
    }

    private record Scim(String base, String token, String agent, HttpClient http) {
        Scim(String base, String token, String agent) {
            this(base, token, agent, HttpClient.newHttpClient());
        }

        HttpResponse<String> send(String method, String path, String body) throws IOException, InterruptedException {
            return http.send(HttpRequest.newBuilder(URI.create(base + path))
                    .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                            : HttpRequest.BodyPublishers.ofString(body))
                    .header("Authorization", "Bearer " + token).header("User-Agent", agent)
                    .header("Content-Type", "application/scim+json").timeout(Duration.ofSeconds(30)).build(),
                    HttpResponse.BodyHandlers.ofString());
        }

        String create(String userName) throws IOException, InterruptedException {
            HttpResponse<String> created = send("POST", "/Users", user(userName, ""));
            assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
            return JSON.readTree(created.body()).path("id").asString();
        }
    }

    private static String shortId() {
        return UUID.randomUUID().toString().substring(0, 8);
    }
}
