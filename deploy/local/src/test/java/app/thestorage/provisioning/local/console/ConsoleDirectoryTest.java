package app.thestorage.provisioning.local.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import app.thestorage.provisioning.local.LocalPipeline;
import app.thestorage.provisioning.local.PipelineSettings;
import app.thestorage.provisioning.local.console.AdminConsoleTest.Scim;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
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
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
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
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;

/**
 * The console's Groups page with a group of 2,000 members, a link to it opened while signed out, and Directory
 * Providers on a pipeline whose photo-fetcher cannot reach Entra ID or Microsoft Graph (both point at a port nobody
 * listens on): Test Connection and the directory sync say what failed, in words, and the sync status follows the
 * sync by itself. In a real browser (Debian's Chromium, headless) against the real pipeline.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ConsoleDirectoryTest {

    private static final String ENTRA_AGENT = "Microsoft.AAD.Provisioning";
    private static final Path SCREENSHOTS = Path.of("target", "console-screenshots");
    private static final int MEMBERS = 2000;
    private static final String GROUP = "urn:ietf:params:scim:schemas:core:2.0:Group";
    private static final String PATCH_OP = "urn:ietf:params:scim:api:messages:2.0:PatchOp";

    @TempDir
    static Path work;

    private LocalPipeline pipeline;
    private ConsoleBrowser browser;
    private int nobodyListens;
    private Socket reserved;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    @BeforeAll
    void start() throws Exception {
        assumeTrue(ConsoleBrowser.available(), "Chromium and chromedriver are not installed: apt-get install -y "
                + "chromium chromium-driver (.ci/run does it)");
        // a port held by a bound socket that never listens: a connection to it is refused, and no server started
        // meanwhile (the pipeline's own, on free ports) can be given it, as it could a port only just freed
        reserved = new Socket();
        reserved.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        nobodyListens = reserved.getLocalPort();
        pipeline = LocalPipeline.start(PipelineSettings.embedded(work)
                .withIngestProperty("provisioning.ingest.rate-limit.requests-per-second", "5000")
                .withIngestProperty("provisioning.ingest.rate-limit.burst", "5000")
                .withPhotoFetcher(Map.of(
                        "provisioning.photos.authority-host", "https://localhost:" + nobodyListens + "/",
                        "provisioning.photos.graph-base-url", "http://localhost:" + nobodyListens + "/v1.0",
                        "provisioning.photos.graph-allowed-hosts", "localhost",
                        "provisioning.photos.sync.check-every", "200ms",
                        "provisioning.photos.graph.backoff", "500ms"), context -> { }));
        browser = new ConsoleBrowser(pipeline.ingestBaseUrl(), SCREENSHOTS);
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
        if (reserved != null) {
            reserved.close();
        }
    }

    /**
     * A link to the Groups page opened in a fresh tab: sign-in first, then the page asked for. The groups, searched by
     * name; a group of 2,000 members paged through, each member with the badge and state; a user's groups on the
     * Users page, each a link to the group.
     */
    @Test
    @Order(1)
    void groups_and_their_members_from_a_link_opened_while_signed_out() throws Exception {
        String slug = "groups-" + shortId();
        Scim entra = newTenant(slug);
        List<String> staff = createUsers(entra, MEMBERS);
        String allStaff = createGroup(entra, "All staff " + slug);
        for (int from = 0; from < MEMBERS; from += 500) {
            HttpResponse<String> added = entra.patch("/Groups/" + allStaff, addMembers(staff.subList(from, from + 500)));
            assertThat(added.statusCode()).as(added.body()).isBetween(200, 204);
        }
        String finance = createGroup(entra, "Finance " + slug);
        String first = staff.getFirst();
        assertThat(entra.patch("/Groups/" + finance, addMembers(List.of(first))).statusCode()).isBetween(200, 204);

        browser.openFresh("#/t/" + slug + "/groups");
        browser.waitFor(By.id("admin-credential"));
        assertThat(browser.text(By.id("main"))).as("nothing but the page on sign-in").doesNotContain("null");
        browser.type(By.id("admin-credential"), pipeline.adminToken());
        browser.waitFor(By.id("admin-credential")).sendKeys(Keys.ENTER);
        browser.waitForText(By.id("groups-summary"), "2 groups");
        assertThat(browser.driver().getCurrentUrl()).endsWith("#/t/" + slug + "/groups");
        assertThat(browser.text(By.cssSelector(".lead strong"))).isEqualTo(slug);
        WebElement allStaffRow = groupRow("All staff " + slug);
        assertThat(allStaffRow.getText()).contains("Microsoft Entra ID", String.valueOf(MEMBERS));
        assertThat(groupRow("Finance " + slug).getText()).contains("Microsoft Entra ID", "1");
        browser.screenshots("groups");

        browser.type(By.id("group-search"), "fINAN");
        browser.waitForText(By.id("groups-summary"), "1 group matches");
        assertThat(browser.driver().findElements(By.cssSelector("tr.group-row"))).hasSize(1);
        browser.type(By.id("group-search"), "all staff");
        browser.waitForText(By.id("groups-summary"), "1 group matches");
        browser.click(By.linkText("All staff " + slug));

        browser.waitForText(By.id("members-summary"), MEMBERS + " members; showing 1–50.");
        assertThat(browser.text(By.id("group-title"))).isEqualTo("All staff " + slug);
        assertThat(browser.text(By.cssSelector("#group-facts [data-fact='members']"))).isEqualTo(String.valueOf(MEMBERS));
        List<WebElement> members = browser.driver().findElements(By.cssSelector("tr.member-row"));
        assertThat(members).hasSize(50).allSatisfy(member -> assertThat(member.getText())
                .contains("@contoso.example", "Microsoft Entra ID", "Active"));
        assertThat(memberNames()).as("in the order they were created").anyMatch(name -> name.startsWith("member0."));
        assertThat(browser.text(By.cssSelector("#main nav.pager"))).contains("Page 1 of 40");
        browser.screenshots("group-members");
        browser.click(By.id("members-next"));
        browser.waitForText(By.id("members-summary"), "showing 51–100.");
        assertThat(browser.text(By.cssSelector("#main nav.pager"))).contains("Page 2 of 40");
        assertThat(browser.focused()).isEqualTo("members-next");
        for (int page = 3; page <= 40; page++) {
            browser.click(By.id("members-next"));
            browser.waitForText(By.cssSelector("#main nav.pager"), "Page " + page + " of 40");
        }
        assertThat(browser.text(By.id("members-summary"))).contains("showing 1951–2000.");
        assertThat(browser.driver().findElements(By.cssSelector("tr.member-row"))).hasSize(50);
        assertThat(browser.focused()).as("Next is disabled on the last page").isEqualTo("members-previous");
        assertThat(memberNames()).anyMatch(name -> name.startsWith("member1999."));

        // the first user's groups on the Users page, each a link to the group
        browser.click(By.cssSelector("#side-nav a[data-page='users']"));
        WebElement groupsOfFirst = browser.waitFor(By.cssSelector("[data-user-groups='" + first + "']"));
        assertThat(groupsOfFirst.getText()).contains("All staff " + slug, "Finance " + slug);
        groupsOfFirst.findElement(By.linkText("Finance " + slug)).click();
        browser.waitForText(By.id("members-summary"), "1 member");
        assertThat(browser.text(By.id("members-results"))).contains("member0.");
    }

    /**
     * Directory Providers with Entra ID and Graph out of reach: an empty form is refused naming every field by its
     * label at once, Test Connection says the connection was refused, and after Save the sync status goes from
     * running to failed by itself, with the failure in words; Sync now does the same again.
     */
    @Test
    @Order(2)
    void directory_providers_say_what_failed_when_microsoft_graph_cannot_be_reached() throws Exception {
        String slug = "offline-" + shortId();
        newTenant(slug);
        browser.openFresh("");
        browser.type(By.id("admin-credential"), pipeline.adminToken());
        browser.click(By.id("sign-in-submit"));
        browser.waitFor(By.id("create-slug"));
        browser.open("#/t/" + slug + "/directory-providers");
        browser.click(By.id("open-entra"));
        List<String> log = browser.assertNoConsoleErrors();
        assertThat(log).as("no refusal logged when no provider is connected")
                .noneMatch(line -> line.contains("directory-provider") && line.contains("404"));

        browser.click(By.id("test-connection"));
        browser.waitForText(By.cssSelector("[data-error-for='clientId']"), "Application (client) ID is empty");
        assertThat(browser.text(By.cssSelector("[data-error-for='directoryTenantId']")))
                .contains("Directory (tenant) ID is empty");
        assertThat(browser.text(By.cssSelector("[data-error-for='clientSecret']"))).contains("Client secret value is empty");
        assertThat(browser.text(By.id("test-connection-result")))
                .contains("check Application (client) ID, Directory (tenant) ID, Client secret value")
                .doesNotContain("clientId", "directoryTenantId", "No Microsoft Entra ID");
        assertThat(browser.focused()).isEqualTo("entra-client-id");

        browser.type(By.id("entra-client-id"), "11111111-2222-3333-4444-555555555555");
        browser.type(By.id("entra-directory-tenant-id"), UUID.randomUUID().toString());
        browser.type(By.id("entra-client-secret"), "q8T8Q~" + UUID.randomUUID().toString().replace("-", ""));
        browser.click(By.id("test-connection"));
        browser.waitForText(By.id("test-connection-result"), "Test Connection failed");
        assertThat(browser.text(By.id("test-connection-result")))
                .contains("The connection to Entra ID's token endpoint (localhost:" + nobodyListens + ") was refused",
                        "firewall", "try again")
                .doesNotContain("Exception", "could not be reached or answered with an error");
        browser.screenshots("20-directory-providers-offline");

        browser.click(By.id("save-directory-provider"));
        browser.waitForText(By.id("test-connection-result"), "Saved");
        browser.waitForText(By.id("sync-state"), "Running");
        browser.waitForText(By.id("sync-state"), "Failed");
        assertThat(browser.text(By.id("sync-state"))).contains("was refused");
        assertThat(fact("last-error")).contains("The connection to Entra ID's token endpoint");
        assertThat(fact("graph-calls")).doesNotContain("normally");
        assertThat(verdict()).as("the sync it announced is over").doesNotContain("starts now");
        browser.screenshots("21-directory-providers-sync-failed");

        browser.click(By.id("sync-now"));
        // asked for: the state shows the new sync (starting, then running) until it fails again
        browser.waitForText(By.id("announcer"), "Directory sync asked for");
        assertThat(verdict()).as("no banner says the sync started: the status says how it goes").isEmpty();
        browser.waitForText(By.id("sync-state"), "Failed");
        assertThat(browser.text(By.id("sync-state"))).contains("was refused");
        assertThat(verdict()).isEmpty();
    }

    // --- helpers ---

    /** What is said under the form's buttons (empty: nothing). */
    private String verdict() {
        return ((String) browser.js("return document.getElementById('test-connection-result').textContent")).strip();
    }

    @SuppressWarnings("unchecked")
    private List<String> memberNames() {
        return (List<String>) browser.js("return [...document.querySelectorAll('tr.member-row .user-name')]"
                + ".map((cell) => cell.textContent)");
    }

    private String fact(String name) {
        return browser.text(By.cssSelector("#sync-status [data-fact='" + name + "']"));
    }

    private WebElement groupRow(String name) {
        return browser.waitFor(By.xpath("//tr[contains(@class,'group-row')][.//a[text()='" + name + "']]"));
    }

    /** A tenant of Microsoft Entra ID with SCIM provisioning on, created through the admin API; its SCIM session. */
    private Scim newTenant(String slug) throws Exception {
        HttpResponse<String> created = admin("POST", "", "{\"slug\":\"" + slug
                + "\",\"identityProvider\":\"MICROSOFT_ENTRA_ID\"}");
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        HttpResponse<String> enabled = admin("POST", "/" + slug + "/scim/enable", "");
        assertThat(enabled.statusCode()).as(enabled.body()).isEqualTo(201);
        return new Scim(field(enabled.body(), "scimEndpoint"), field(enabled.body(), "token"), ENTRA_AGENT);
    }

    /** Users member0… to member{count-1}, created in that order (the Users page lists them so), 16 at a time. */
    private static List<String> createUsers(Scim scim, int count) throws Exception {
        String run = shortId();
        List<String> ids = new ArrayList<>();
        try (ExecutorService sending = Executors.newFixedThreadPool(16)) {
            for (int from = 0; from < count; from += 16) {
                List<Future<String>> batch = new ArrayList<>();
                for (int i = from; i < Math.min(count, from + 16); i++) {
                    String userName = "member%d.%s@contoso.example".formatted(i, run);
                    batch.add(sending.submit(() -> scim.create(userName, UUID.randomUUID().toString(), "Member",
                            userName.substring(0, userName.indexOf('.')))));
                }
                for (Future<String> created : batch) {
                    ids.add(created.get());
                }
            }
        }
        return ids;
    }

    private static String createGroup(Scim scim, String displayName) throws Exception {
        HttpResponse<String> created = scim.post("/Groups", "{\"schemas\":[\"%s\"],\"displayName\":\"%s\"}"
                .formatted(GROUP, displayName));
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        return field(created.body(), "id");
    }

    private static String addMembers(List<String> userIds) {
        StringBuilder values = new StringBuilder();
        for (String userId : userIds) {
            values.append(values.isEmpty() ? "" : ",").append("{\"value\":\"").append(userId).append("\"}");
        }
        return "{\"schemas\":[\"%s\"],\"Operations\":[{\"op\":\"Add\",\"path\":\"members\",\"value\":[%s]}]}"
                .formatted(PATCH_OP, values);
    }

    private HttpResponse<String> admin(String method, String path, String body) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create(pipeline.ingestBaseUrl() + "/admin/tenants" + path))
                .header("Authorization", "Bearer " + pipeline.adminToken()).header("Content-Type", "application/json")
                .method(method, HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** A top-level string field of a JSON object (its first occurrence). */
    private static String field(String json, String name) {
        Matcher found = Pattern.compile("\"" + Pattern.quote(name) + "\"\\s*:\\s*\"([^\"]+)\"").matcher(json);
        assertThat(found.find()).as("%s in %s", name, json).isTrue();
        return found.group(1);
    }

    private static String shortId() {
        return UUID.randomUUID().toString().substring(0, 8);
    }
}
