package app.thestorage.provisioning.local.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import app.thestorage.provisioning.local.LocalPipeline;
import app.thestorage.provisioning.local.PipelineSettings;
import app.thestorage.provisioning.photos.graph.GraphStub;
import app.thestorage.provisioning.photos.graph.GraphStub.Script;
import com.azure.core.http.HttpClient;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.imageio.ImageIO;
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
 * The admin web console in a real browser (Debian's Chromium, headless) against the real pipeline: the Entra and
 * Okta guides' steps as an administrator follows them, page by page, with the identity provider's side played by
 * SCIM requests and Microsoft Graph by photo-fetcher's Graph stub. Each test has its own tenant; the browser's
 * console must stay free of errors, and every page is photographed at 1280 and 390 px wide
 * (target/console-screenshots).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class AdminConsoleTest {

    private static final String ENTRA_AGENT = "Microsoft.AAD.Provisioning";
    private static final String OKTA_AGENT = "Okta SCIM Client 1.0.0";
    private static final Path SCREENSHOTS = Path.of("target", "console-screenshots");

    @TempDir
    static Path work;

    private GraphStub graph;
    private LocalPipeline pipeline;
    private ConsoleBrowser browser;
    private final java.net.http.HttpClient http = java.net.http.HttpClient.newBuilder()
            .connectTimeout(Duration.ofSeconds(10)).build();

    @BeforeAll
    void start() throws Exception {
        assumeTrue(ConsoleBrowser.available(), "Chromium and chromedriver are not installed: apt-get install -y "
                + "chromium chromium-driver (.ci/run does it)");
        graph = new GraphStub();
        HttpClient trustingTheStub = graph.identityHttpClient();
        Map<String, String> photoFetcher = new HashMap<>(graph.configuration());
        photoFetcher.put("provisioning.photos.sync.check-every", "200ms");
        photoFetcher.put("provisioning.photos.graph.backoff", "200ms");
        pipeline = LocalPipeline.start(PipelineSettings.embedded(work).withPhotoFetcher(photoFetcher,
                context -> context.registerBean(HttpClient.class, () -> trustingTheStub)));
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
        if (graph != null) {
            graph.close();
        }
    }

    @Test
    @Order(1)
    void the_console_is_served_at_console_with_a_strict_content_security_policy() throws Exception {
        HttpResponse<String> bare = get("/console", null);
        HttpResponse<String> index = get("/console/", null);

        assertThat(bare.statusCode()).isEqualTo(308);
        assertThat(bare.headers().firstValue("Location")).hasValue("/console/");
        assertThat(index.statusCode()).isEqualTo(200);
        assertThat(index.headers().firstValue("Content-Type").orElseThrow()).startsWith("text/html");
        assertThat(index.body()).contains("<script type=\"module\" src=\"js/app.js\"></script>");
        assertThat(index.headers().firstValue("Content-Security-Policy").orElseThrow())
                .contains("script-src 'self'", "connect-src 'self'", "frame-ancestors 'none'");
        assertThat(get("/console/js/app.js", null).statusCode()).isEqualTo(200);
        assertThat(get("/console/console.css", null).headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
    }

    @Test
    @Order(2)
    void sign_in_says_when_the_admin_credential_is_wrong_and_keeps_the_right_one_for_this_tab_only() {
        browser.openFresh("");
        browser.waitFor(By.id("admin-credential"));
        assertThat(browser.text(By.id("main"))).as("nothing but the page").doesNotContain("null");
        browser.screenshots("01-sign-in");

        browser.type(By.id("admin-credential"), "tsp_not-the-admin-credential");
        browser.waitFor(By.id("admin-credential")).sendKeys(Keys.ENTER);

        browser.waitForText(By.id("sign-in-error"), "not valid");
        assertThat(browser.text(By.id("sign-in-error"))).contains("refused it (401)");
        assertThat(browser.waitFor(By.id("admin-credential")).getAttribute("aria-invalid")).isEqualTo("true");
        assertThat(browser.js("return sessionStorage.length")).isEqualTo(0L);
        browser.screenshots("02-sign-in-refused");

        signIn();
        browser.waitFor(By.id("create-slug"));
        assertThat(browser.js("return Object.keys(sessionStorage)")).isEqualTo(List.of("thestorage.console.admin-credential"));
        assertThat(browser.js("return JSON.stringify(localStorage)")).asString().doesNotContain(pipeline.adminToken());
        browser.screenshots("03-tenants");

        browser.click(By.id("sign-out"));
        browser.waitFor(By.id("admin-credential"));
        assertThat(browser.js("return sessionStorage.length")).isEqualTo(0L);
    }

    /**
     * Entra guide, step 1 (enable SCIM, the one-time token with Copy, the endpoint URL), Entra's Test Connection
     * (GET /Users?count=1), step 7 (the Directory Provider against the Graph stub: a failing Test Connection whose
     * diagnosis is next to the field at fault, then a passing one, Save, Sync now, the expiry banner), and the Users
     * page with the Entra badge and Graph's photos. All from the keyboard where the guide has the admin click.
     */
    @Test
    @Order(3)
    void entra_guide_step_1_step_7_and_the_users_page() throws Exception {
        String slug = "entra-" + shortId();
        String directory = UUID.randomUUID().toString();
        signInFresh();
        createTenant(slug, "create-provider-MICROSOFT_ENTRA_ID");
        browser.waitFor(By.id("scim-toggle"));
        assertThat(fact("identity-provider")).isEqualTo("Microsoft Entra ID");
        browser.screenshots("04-user-provisioning-off");

        // Step 1: toggle SCIM provisioning on; a dialog shows the token once, with Copy and the endpoint URL
        browser.waitFor(By.id("scim-toggle")).sendKeys(Keys.SPACE);
        WebElement dialog = browser.waitFor(By.cssSelector("dialog[open]"));
        assertThat(browser.text(By.id("token-dialog-title"))).isEqualTo("Your SCIM bearer token");
        assertThat(browser.text(By.id("token-notice"))).contains("Shown once", "keeps only a hash",
                "cannot be shown again", "stops working at once");
        String token = browser.value(By.id("scim-token"));
        String endpoint = browser.value(By.id("token-dialog-endpoint"));
        assertThat(token).startsWith("tsp_");
        assertThat(endpoint).isEqualTo(pipeline.ingestBaseUrl() + "/api/" + slug + "/scim/v2");
        assertThat(browser.focused()).as("Copy has the focus").isEqualTo("copy-scim-token");
        browser.driver().switchTo().activeElement().sendKeys(Keys.ENTER);
        browser.waitForText(By.cssSelector("dialog[open] .copy-status"), "Copied");
        assertThat(browser.clipboard()).isEqualTo(token);
        browser.screenshots("05-token-dialog");
        dialog.findElement(By.cssSelector("button[data-role='close-token']")).sendKeys(Keys.ENTER);
        browser.waitGone(By.cssSelector("dialog"));
        assertThat(browser.driver().getPageSource()).as("the token is gone with the dialog").doesNotContain(token);
        assertThat((String) browser.js("return JSON.stringify(sessionStorage) + JSON.stringify(localStorage)"))
                .doesNotContain(token);
        browser.waitForText(By.id("scim-toggle-state"), "On");
        assertThat(browser.value(By.id("scim-endpoint"))).isEqualTo(endpoint);
        browser.click(By.id("copy-scim-endpoint"));
        browser.waitUntil("the endpoint URL is copied", () -> endpoint.equals(browser.clipboard()));
        assertThat(fact("token-created")).isNotEqualTo("—");

        // Entra's Test Connection with the two values copied
        Scim entra = new Scim(endpoint, token, ENTRA_AGENT);
        assertThat(entra.get("/Users?count=1").statusCode()).isEqualTo(200);

        // Step 7: Settings > Integrations > Directory Providers > Microsoft Entra ID
        browser.click(By.cssSelector("#side-nav a[data-page='directory-providers']"));
        browser.click(By.id("open-entra"));
        assertThat(browser.focused()).isEqualTo("entra-client-id");
        assertThat(browser.text(By.id("entra-client-secret-hint"))).contains("Value", "not the Secret ID");
        browser.screenshots("06-directory-providers-form");
        String unknownDirectory = UUID.randomUUID().toString();
        graph.refuseTokens(unknownDirectory, 400, "invalid_request", "AADSTS90002",
                "Tenant '" + unknownDirectory + "' not found.");
        browser.type(By.id("entra-client-id"), "11111111-2222-3333-4444-555555555555");
        browser.type(By.id("entra-directory-tenant-id"), unknownDirectory);
        browser.type(By.id("entra-client-secret"), "q8T8Q~" + UUID.randomUUID().toString().replace("-", ""));
        browser.click(By.id("test-connection"));
        browser.waitForText(By.cssSelector("[data-error-for='directoryTenantId']"), "AADSTS90002");
        assertThat(browser.text(By.cssSelector("[data-error-for='directoryTenantId']")))
                .contains("does not know this Directory (tenant) ID");
        assertThat(browser.waitFor(By.id("entra-directory-tenant-id")).getAttribute("aria-invalid")).isEqualTo("true");
        assertThat(browser.focused()).isEqualTo("entra-directory-tenant-id");
        assertThat(browser.text(By.id("test-connection-result"))).contains("Test Connection failed",
                "Directory (tenant) ID");
        assertThat(browser.driver().findElement(By.cssSelector("[data-error-for='clientId']")).getText()).isEmpty();
        browser.screenshots("07-test-connection-failed");

        // the secret's ID pasted instead of its Value: refused before Entra is asked, said next to the secret
        browser.type(By.id("entra-directory-tenant-id"), directory);
        browser.type(By.id("entra-client-secret"), UUID.randomUUID().toString());
        browser.click(By.id("test-connection"));
        browser.waitForText(By.cssSelector("[data-error-for='clientSecret']"), "secret's ID");
        assertThat(browser.waitFor(By.id("entra-directory-tenant-id")).getAttribute("aria-invalid")).isNull();

        browser.type(By.id("entra-client-secret"), "q8T8Q~" + UUID.randomUUID().toString().replace("-", ""));
        browser.click(By.id("test-connection"));
        browser.waitForText(By.id("test-connection-result"), "Connection verified");
        assertThat(browser.driver().findElement(By.cssSelector("[data-error-for='clientSecret']")).getText()).isEmpty();
        browser.screenshots("08-test-connection-verified");

        // Save, with a secret that expires in 10 days: the banner says so
        browser.js("const field = document.getElementById('entra-secret-expires-on'); field.value = arguments[0];"
                + "field.dispatchEvent(new Event('input', {bubbles: true}));", LocalDate.now().plusDays(10).toString());
        browser.click(By.id("save-directory-provider"));
        browser.waitForText(By.id("test-connection-result"), "Saved");
        browser.waitForText(By.id("secret-expiry-banner"), "Action needed");
        assertThat(browser.text(By.id("secret-expiry-banner"))).contains("expires on", "in 10 days",
                "Certificates & secrets");
        assertThat(browser.value(By.id("entra-client-secret"))).isEmpty();
        browser.waitUntil("the first sync ran", () -> !fact("last-sync").equals("Not yet"));

        // step 9: the assigned users appear on the Users page with the Microsoft Entra ID badge, and Graph's photos
        String adaObject = UUID.randomUUID().toString();
        String graceObject = UUID.randomUUID().toString();
        graph.directoryUser(directory, adaObject, "Ada Lovelace", "Analyst");
        graph.directoryUser(directory, graceObject, "Grace Hopper", "Rear Admiral");
        graph.script(adaObject, Script.photo(jpeg(new Color(0x1f4fd1)), "W/\"ada-1\""));
        String adaId = entra.create("ada@contoso.example", adaObject, "Ada", "Lovelace");
        String graceId = entra.create("grace@contoso.example", graceObject, "Grace", "Hopper");
        browser.click(By.id("sync-now"));
        // the page says the sync was asked for once the admin API answered; until then it still shows the first sync
        browser.waitForText(By.id("announcer"), "Directory sync asked for");
        browser.waitForText(By.id("sync-state"), "Done.");
        assertThat(browser.text(By.id("sync-state"))).contains("Finished");
        assertThat(fact("last-error")).isEqualTo("None");
        browser.screenshots("09-directory-providers-saved");

        browser.click(By.cssSelector("#side-nav a[data-page='users']"));
        browser.waitUntil("both users are listed, Ada with Graph's photo", () -> {
            reloadUsers();
            return browser.driver().findElements(By.cssSelector("tr.user-row")).size() == 2
                    && !browser.driver().findElements(By.cssSelector(
                            "img[data-user-avatar='" + adaId + "'][data-photo-origin='MICROSOFT_GRAPH']")).isEmpty();
        });
        WebElement adaRow = row(adaId);
        assertThat(adaRow.getText()).contains("ada@contoso.example", "Microsoft Entra ID", "Active");
        assertThat(row(graceId).getText()).contains("grace@contoso.example", "Microsoft Entra ID", "Active");
        assertThat(browser.js("return document.querySelector(\"img[data-user-avatar='\" + arguments[0] + \"']\").naturalWidth",
                adaId)).isEqualTo(64L);
        assertThat(browser.driver().findElements(By.cssSelector("span[data-user-avatar='" + graceId + "']")))
                .as("Grace has no photo: her initials").hasSize(1);
        assertThat(browser.text(By.id("users-census"))).contains("2 users: 2 active, 0 deactivated");
        browser.screenshots("10-users-entra");

        // search by any part of the name, without regard to case: Grace's family name
        browser.type(By.id("user-search"), "hOPP");
        browser.waitForText(By.id("users-summary"), "1 user matches");
        assertThat(browser.driver().findElements(By.cssSelector("tr.user-row"))).hasSize(1);
        assertThat(row(graceId).getText()).contains("grace@contoso.example", "Grace Hopper");
        browser.type(By.id("user-search"), "nobody-by-this-name");
        browser.waitForText(By.id("users-results"), "No user matches the search.");

        // the secret's expiry date has passed: the banner says so, as an alert
        browser.click(By.cssSelector("#side-nav a[data-page='directory-providers']"));
        browser.js("arguments[0].value = arguments[1];", browser.waitFor(By.id("entra-secret-expires-on")),
                LocalDate.now().minusDays(1).toString());
        browser.click(By.id("save-directory-provider"));
        browser.waitForText(By.cssSelector("#secret-expiry-banner [role='alert']"), "expired on");
        assertThat(browser.text(By.id("secret-expiry-banner"))).contains("have stopped");
        browser.screenshots("17-directory-providers-secret-expired");
    }

    /**
     * Regenerate (confirmation that the old token stops working at once; the old token then gets 401 on SCIM), the
     * provisioning log showing that failed request with its detail (failures only, newest first), and turning SCIM
     * provisioning off.
     */
    @Test
    @Order(4)
    void regenerate_the_token_read_the_failure_in_the_provisioning_log_and_turn_provisioning_off() throws Exception {
        String slug = "regen-" + shortId();
        signInFresh();
        createTenant(slug, "create-provider-detect");
        browser.click(By.id("scim-toggle"));
        String first = closeTokenDialog();
        String endpoint = browser.value(By.id("scim-endpoint"));
        Scim before = new Scim(endpoint, first, ENTRA_AGENT);
        String adaId = before.create("ada@fabrikam.example", UUID.randomUUID().toString(), "Ada", "Lovelace");

        browser.click(By.id("regenerate-token"));
        browser.waitFor(By.cssSelector("dialog[open]"));
        assertThat(browser.text(By.cssSelector("dialog[open]"))).contains("Regenerate the SCIM token?",
                "stops working at once", "401");
        assertThat(browser.focused()).as("Cancel is the default").isEmpty();
        assertThat((String) browser.js("return document.activeElement.value")).isEqualTo("cancel");
        browser.screenshots("11-regenerate-confirmation");
        browser.click(By.cssSelector("dialog[open] button[value='confirm']"));
        // the old token is dead already: a stray Escape asks first, and the token stays until the admin says it is copied
        browser.waitFor(By.id("scim-token"));
        String shown = browser.value(By.id("scim-token"));
        browser.driver().switchTo().activeElement().sendKeys(Keys.ESCAPE);
        browser.waitForText(By.cssSelector("dialog[open]:not(:has(#scim-token))"), "Have you copied the token?");
        assertThat(browser.text(By.cssSelector("dialog[open]:not(:has(#scim-token))"))).contains("It will not be shown again");
        assertThat((String) browser.js("return document.activeElement.value")).as("going back is the default")
                .isEqualTo("cancel");
        browser.screenshots("11b-token-dialog-escape");
        browser.driver().switchTo().activeElement().sendKeys(Keys.ESCAPE);
        browser.waitUntil("only the token dialog is open", () ->
                browser.driver().findElements(By.cssSelector("dialog[open]")).size() == 1);
        assertThat(browser.value(By.id("scim-token"))).as("Escape did not lose the token").isEqualTo(shown);
        browser.driver().switchTo().activeElement().sendKeys(Keys.ESCAPE);
        browser.driver().switchTo().activeElement().sendKeys(Keys.ESCAPE);
        browser.waitUntil("only the token dialog is open after two more Escapes", () ->
                browser.driver().findElements(By.cssSelector("dialog[open]")).size() == 1);
        assertThat(browser.value(By.id("scim-token"))).isEqualTo(shown);
        String second = closeTokenDialog();

        assertThat(second).isNotEqualTo(first);
        HttpResponse<String> refused = before.get("/Users/" + adaId);
        assertThat(refused.statusCode()).as("the old token is refused at once").isEqualTo(401);
        Scim after = new Scim(endpoint, second, ENTRA_AGENT);
        assertThat(after.get("/Users/" + adaId).statusCode()).isEqualTo(200);
        assertThat(after.post("/Users", "{\"schemas\":[\"urn:ietf:params:scim:schemas:core:2.0:User\"],"
                + "\"userName\":\"ADA@fabrikam.example\"}").statusCode()).as("the same userName").isEqualTo(409);

        // the provisioning log: newest first, with the failures; it refreshes by itself while open
        browser.click(By.cssSelector("#side-nav a[data-page='provisioning-log']"));
        browser.waitUntil("the 401 and the 409 are in the log", () ->
                browser.driver().findElements(By.cssSelector("tr.log-entry.failure")).size() >= 2);
        List<WebElement> rows = browser.driver().findElements(By.cssSelector("tr.log-entry"));
        assertThat(rows.getFirst().getText()).as("newest first").contains("409", "Create user", "uniqueness");
        assertThat(browser.text(By.id("log-results"))).contains("401", "Get user", adaId);
        browser.screenshots("12-provisioning-log");
        browser.click(By.id("failures-only"));
        browser.waitUntil("failures only", () -> browser.driver().findElements(By.cssSelector("tr.log-entry.success")).isEmpty()
                && browser.driver().findElements(By.cssSelector("tr.log-entry.failure")).size() == 2);
        browser.screenshots("13-provisioning-log-failures");
        after.create("alan@fabrikam.example", UUID.randomUUID().toString(), "Alan", "Turing");
        after.get("/Users/does-not-exist");
        browser.waitUntil("the new failure appears without a reload", () ->
                browser.driver().findElements(By.cssSelector("tr.log-entry.failure")).size() == 3);
        assertThat(browser.driver().findElements(By.cssSelector("tr.log-entry")).getFirst().getText()).contains("404");

        // paging: 25 entries a page, older and newer, for the log (27 entries: the writes and failures; the successful
        // reads are counted, not listed); 20 users a page on the Users page
        for (int i = 0; i < 22; i++) {
            after.create("user" + i + "@fabrikam.example", UUID.randomUUID().toString(), "User", "Number " + i);
        }
        browser.click(By.id("failures-only"));
        new org.openqa.selenium.support.ui.Select(browser.waitFor(By.id("log-page-size"))).selectByValue("25");
        browser.waitUntil("a full first page", () ->
                browser.driver().findElements(By.cssSelector("tr.log-entry")).size() == 25
                        && browser.waitFor(By.id("log-older")).isEnabled());
        String newestFirst = browser.driver().findElements(By.cssSelector("tr.log-entry")).getFirst().getText();
        browser.click(By.id("log-older"));
        browser.waitForText(By.cssSelector(".pager span"), "Page 2");
        browser.waitUntil("the older page", () -> {
            List<WebElement> older = browser.driver().findElements(By.cssSelector("tr.log-entry"));
            return !older.isEmpty() && older.size() < 25 && !older.getFirst().getText().equals(newestFirst);
        });
        assertThat(browser.text(By.id("log-results"))).contains("Create user", "201", adaId);
        assertThat(browser.text(By.id("log-updated"))).contains("older entries");
        browser.click(By.id("log-newer"));
        browser.waitForText(By.cssSelector(".pager span"), "Page 1");
        browser.waitUntil("the newest page again", () ->
                browser.driver().findElements(By.cssSelector("tr.log-entry")).size() == 25);

        browser.click(By.cssSelector("#side-nav a[data-page='users']"));
        browser.waitForText(By.id("users-summary"), "24 users");
        assertThat(browser.driver().findElements(By.cssSelector("tr.user-row"))).hasSize(20);
        browser.click(By.id("users-next"));
        browser.waitForText(By.cssSelector("#main nav.pager"), "Page 2 of 2");
        assertThat(browser.driver().findElements(By.cssSelector("tr.user-row"))).hasSize(4);
        assertThat(browser.focused()).isEqualTo("users-previous");

        // turn SCIM provisioning off: the confirmation, then every SCIM request is refused
        browser.click(By.cssSelector("#side-nav a[data-page='user-provisioning']"));
        browser.click(By.id("scim-toggle"));
        browser.waitFor(By.cssSelector("dialog[open]"));
        assertThat(browser.text(By.cssSelector("dialog[open]"))).contains("Turn SCIM provisioning off?", "refused (401)");
        browser.driver().switchTo().activeElement().sendKeys(Keys.ESCAPE);
        browser.waitGone(By.cssSelector("dialog"));
        assertThat(browser.text(By.id("scim-toggle-state"))).as("Escape changed nothing").isEqualTo("On");
        browser.click(By.id("scim-toggle"));
        browser.click(By.cssSelector("dialog[open] button[value='confirm']"));
        browser.waitForText(By.id("scim-toggle-state"), "Off");
        assertThat(fact("enabled")).isEqualTo("Off");
        assertThat(after.get("/Users?count=1").statusCode()).isEqualTo(401);
        browser.screenshots("14-user-provisioning-disabled");
    }

    /**
     * The Okta guide: step 1 in the console, Okta's Test API Credentials, "Sync Password" left on (the failure and what
     * to do, in the provisioning log), step 6 (the users with the Okta badge), the status counts after a deactivation,
     * and the known limitation: no photos from Okta, an avatar uploaded in the console stays.
     */
    @Test
    @Order(5)
    void okta_guide_steps_and_an_uploaded_avatar() throws Exception {
        String slug = "okta-" + shortId();
        signInFresh();
        createTenant(slug, "create-provider-OKTA");
        browser.waitForText(By.cssSelector("[data-fact='identity-provider']"), "Okta");
        browser.click(By.id("scim-toggle"));
        browser.waitFor(By.cssSelector("dialog[open]"));
        browser.click(By.id("copy-scim-token"));
        String token = browser.value(By.id("scim-token"));
        browser.waitForText(By.cssSelector("dialog[open] .copy-status"), "Copied");
        assertThat(browser.clipboard()).isEqualTo(token);
        browser.click(By.cssSelector("dialog[open] button[data-role='close-token']"));
        browser.waitGone(By.cssSelector("dialog"));
        Scim okta = new Scim(browser.value(By.id("scim-endpoint")), token, OKTA_AGENT);

        // Step 3: Test API Credentials
        assertThat(okta.get("/Users?count=1").statusCode()).isEqualTo(200);
        // Step 6: assigned users are pushed; one is deactivated in Okta later
        String dorothyId = okta.create("dorothy@okta.example", "00u" + shortId(), "Dorothy", "Vaughan");
        String katherineId = okta.create("katherine@okta.example", "00u" + shortId(), "Katherine", "Johnson");
        // Step 4 warns against "Sync Password": the push fails with a 400 that says what to do
        HttpResponse<String> password = okta.put("/Users/" + katherineId, "{\"schemas\":"
                + "[\"urn:ietf:params:scim:schemas:core:2.0:User\"],\"userName\":\"katherine@okta.example\","
                + "\"password\":\"hunter2!\",\"active\":true}");
        assertThat(password.statusCode()).isEqualTo(400);
        assertThat(okta.patch("/Users/" + katherineId, "{\"schemas\":[\"urn:ietf:params:scim:api:messages:2.0:PatchOp\"],"
                + "\"Operations\":[{\"op\":\"replace\",\"value\":{\"active\":false}}]}").statusCode()).isEqualTo(200);

        // the provisioning log is written in batches off the request path: the last request shows up within a flush
        browser.waitUntil("the status counts the deactivated user and shows the last request", () -> {
            browser.click(By.id("refresh-status"));
            return fact("users").equals("2 (1 active, 1 deactivated)") && !fact("last-request").contains("Never");
        });
        assertThat(fact("by-source")).contains("Okta 2");
        browser.screenshots("15-user-provisioning-okta");

        browser.click(By.cssSelector("#side-nav a[data-page='provisioning-log']"));
        browser.waitForText(By.id("log-results"), "Sync Password");
        browser.click(By.cssSelector("#side-nav a[data-page='users']"));
        browser.waitUntil("both Okta users are listed", () ->
                browser.driver().findElements(By.cssSelector("tr.user-row")).size() == 2);
        assertThat(row(dorothyId).getText()).contains("dorothy@okta.example", "Okta");
        assertThat(row(dorothyId).getText()).contains("Active").doesNotContain("Deactivated");
        assertThat(row(katherineId).getText()).contains("katherine@okta.example", "Okta", "Updated", "Deactivated");
        assertThat(browser.driver().findElements(By.cssSelector("tr.user-row.deactivated"))).hasSize(1);
        assertThat(browser.text(By.id("users-census"))).contains("1 active, 1 deactivated");

        // no photos from Okta: an avatar uploaded here is shown, and stays
        Path avatar = Files.createTempFile(work, "avatar", ".png");
        Files.write(avatar, png(new Color(0x1a7f37)));
        WebElement upload = browser.driver().findElement(By.id("avatar-" + dorothyId));
        upload.sendKeys(avatar.toAbsolutePath().toString());
        browser.waitForText(By.cssSelector("[data-upload-result='" + dorothyId + "']"), "Avatar saved and shown");
        browser.waitFor(By.cssSelector("img[data-user-avatar='" + dorothyId + "'][data-photo-origin='MANUAL']"));
        browser.screenshots("16-users-okta-avatar");
        reloadUsers();
        browser.waitFor(By.cssSelector("img[data-user-avatar='" + dorothyId + "'][data-photo-origin='MANUAL']"));

        // a file that is no image: the admin API's refusal, in words
        Path notAnImage = Files.createTempFile(work, "notes", ".png");
        Files.writeString(notAnImage, "not an image");
        browser.driver().findElement(By.id("avatar-" + katherineId)).sendKeys(notAnImage.toAbsolutePath().toString());
        browser.waitForText(By.cssSelector("[data-upload-result='" + katherineId + "']"), "must be a JPEG, PNG, GIF or WebP");

        // the deactivated user is found by her family name, and is said to be deactivated
        browser.type(By.id("user-search"), "johnson");
        browser.waitForText(By.id("users-summary"), "1 user matches");
        assertThat(browser.driver().findElements(By.cssSelector("tr.user-row"))).hasSize(1);
        assertThat(row(katherineId).getText()).contains("Katherine Johnson", "Deactivated");
    }

    @Test
    @Order(6)
    void the_tenant_picker_lists_a_tenant_created_through_the_admin_api() throws Exception {
        String slug = "api-" + shortId();
        HttpResponse<String> created = http.send(HttpRequest.newBuilder(
                        URI.create(pipeline.ingestBaseUrl() + "/admin/tenants"))
                .header("Authorization", "Bearer " + pipeline.adminToken()).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"slug\":\"" + slug + "\",\"identityProvider\":\"OKTA\"}"))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);

        signInFresh();
        WebElement listed = browser.waitFor(By.cssSelector("#tenant-list li[data-tenant='" + slug + "']"));
        assertThat(listed.getText()).contains(slug, "Okta", "SCIM off");
        assertThat(browser.text(By.id("tenant-list"))).as("the tenants of the earlier tests too").contains("okta-", "entra-");
        assertThat(browser.driver().findElements(By.cssSelector("#tenant-picker option[value='" + slug + "']"))).hasSize(1);
        browser.screenshots("18-tenants-listed");

        new org.openqa.selenium.support.ui.Select(browser.waitFor(By.id("tenant-picker"))).selectByValue(slug);
        browser.waitForText(By.cssSelector(".lead strong"), slug);
        assertThat(browser.waitFor(By.id("tenant-picker")).getAttribute("value")).isEqualTo(slug);
    }

    @Test
    @Order(7)
    void a_tenant_that_does_not_exist_and_a_credential_that_stops_working_are_said_in_words() {
        signInFresh();
        browser.type(By.id("open-slug"), "no-such-tenant");
        browser.click(By.id("open-tenant"));
        browser.waitForText(By.cssSelector("main [role='alert']"), "There is no tenant 'no-such-tenant'");

        // the credential in the tab no longer opens the admin API (rotated, say): back to sign-in, saying why
        browser.js("sessionStorage.setItem('thestorage.console.admin-credential', 'tsp_rotated-away');");
        browser.type(By.id("open-slug"), "another");
        browser.click(By.id("open-tenant"));
        browser.waitForText(By.cssSelector("main [role='status']"), "refused the admin credential (401)");
        assertThat(browser.js("return sessionStorage.length")).isEqualTo(0L);
    }

    // --- the administrator's moves ---

    private void signInFresh() {
        browser.openFresh("");
        signIn();
        browser.waitFor(By.id("create-slug"));
    }

    private void signIn() {
        browser.type(By.id("admin-credential"), pipeline.adminToken());
        browser.click(By.id("sign-in-submit"));
        browser.waitFor(By.id("session-controls"));
    }

    private void createTenant(String slug, String providerChoice) {
        browser.type(By.id("create-slug"), slug);
        browser.click(By.id(providerChoice));
        browser.click(By.id("create-tenant"));
        browser.waitFor(By.id("scim-toggle"));
        browser.waitForText(By.cssSelector(".lead strong"), slug);
    }

    /** Reload on the Users page, and wait until the list is read again. */
    private void reloadUsers() {
        browser.click(By.id("reload-users"));
        browser.waitUntil("the users are read again", () ->
                browser.waitFor(By.id("reload-users")).getAttribute("aria-busy") == null);
    }

    /** Reads the token in the open token dialog, closes it, and waits until the status is back. */
    private String closeTokenDialog() {
        browser.waitFor(By.cssSelector("dialog[open]"));
        String token = browser.value(By.id("scim-token"));
        browser.click(By.cssSelector("dialog[open] button[data-role='close-token']"));
        browser.waitGone(By.cssSelector("dialog"));
        browser.waitForText(By.id("scim-toggle-state"), "On");
        return token;
    }

    private String fact(String name) {
        return browser.text(By.cssSelector("#provisioning-status [data-fact='" + name + "'], #sync-status [data-fact='"
                + name + "']"));
    }

    private WebElement row(String userId) {
        return browser.waitFor(By.xpath("//tr[contains(@class,'user-row')][.//*[@data-user-avatar='" + userId + "']]"));
    }

    // --- the identity provider's side: SCIM over HTTP ---

    record Scim(String base, String token, String agent, java.net.http.HttpClient http) {
        Scim(String base, String token, String agent) {
            this(base, token, agent, java.net.http.HttpClient.newHttpClient());
        }

        HttpResponse<String> get(String path) throws IOException, InterruptedException {
            return send(HttpRequest.newBuilder(URI.create(base + path)).GET());
        }

        HttpResponse<String> post(String path, String body) throws IOException, InterruptedException {
            return send(HttpRequest.newBuilder(URI.create(base + path)).POST(HttpRequest.BodyPublishers.ofString(body)));
        }

        HttpResponse<String> put(String path, String body) throws IOException, InterruptedException {
            return send(HttpRequest.newBuilder(URI.create(base + path)).PUT(HttpRequest.BodyPublishers.ofString(body)));
        }

        HttpResponse<String> patch(String path, String body) throws IOException, InterruptedException {
            return send(HttpRequest.newBuilder(URI.create(base + path))
                    .method("PATCH", HttpRequest.BodyPublishers.ofString(body)));
        }

        String create(String userName, String externalId, String givenName, String familyName)
                throws IOException, InterruptedException {
            HttpResponse<String> created = post("/Users", """
                    {"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],"userName":"%s","externalId":"%s",
                     "name":{"givenName":"%s","familyName":"%s"},"active":true}"""
                    .formatted(userName, externalId, givenName, familyName));
            assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
            return created.body().replaceAll("(?s).*\"id\"\\s*:\\s*\"([^\"]+)\".*", "$1");
        }

        private HttpResponse<String> send(HttpRequest.Builder request) throws IOException, InterruptedException {
            return http.send(request.header("Authorization", "Bearer " + token).header("User-Agent", agent)
                    .header("Content-Type", "application/scim+json").timeout(Duration.ofSeconds(30)).build(),
                    HttpResponse.BodyHandlers.ofString());
        }
    }

    private HttpResponse<String> get(String path, String token) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(pipeline.ingestBaseUrl() + path)).GET();
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String shortId() {
        return UUID.randomUUID().toString().substring(0, 8);
    }

    /** A real 64×64 image (the browser decodes it), in one colour with a lighter square. */
    private static BufferedImage image(Color colour) {
        BufferedImage image = new BufferedImage(64, 64, BufferedImage.TYPE_INT_RGB);
        Graphics2D graphics = image.createGraphics();
        graphics.setColor(colour);
        graphics.fillRect(0, 0, 64, 64);
        graphics.setColor(colour.brighter().brighter());
        graphics.fillOval(16, 10, 32, 32);
        graphics.fillRect(10, 44, 44, 20);
        graphics.dispose();
        return image;
    }

    private static byte[] jpeg(Color colour) {
        return encode(image(colour), "jpg");
    }

    private static byte[] png(Color colour) {
        return encode(image(colour), "png");
    }

    private static byte[] encode(BufferedImage image, String format) {
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            ImageIO.write(image, format, bytes);
            return bytes.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
