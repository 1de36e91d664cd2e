package app.thestorage.provisioning.local.console;

import static org.assertj.core.api.Assertions.assertThat;
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
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Deleting a tenant in the console, as an operator does it for a customer leaving TheStorage: the control asks for the
 * tenant's name typed out before it does anything, shows the progress, and ends on the tenant list without the tenant.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TenantOffboardingConsoleTest {

    private static final Path SCREENSHOTS = Path.of("target", "console-screenshots");
    private static final JsonMapper JSON = JsonMapper.builder().build();

    @TempDir
    static Path work;

    private LocalPipeline pipeline;
    private ConsoleBrowser browser;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    @BeforeAll
    void start() {
        assumeTrue(ConsoleBrowser.available(), "Chromium and chromedriver are not installed: apt-get install -y "
                + "chromium chromium-driver (.ci/run does it)");
        pipeline = LocalPipeline.start(PipelineSettings.embedded(work).withTenant(null));
        browser = new ConsoleBrowser(pipeline.ingestBaseUrl(), SCREENSHOTS);
    }

    @AfterAll
    void stop() {
        if (browser != null) {
            browser.close();
        }
        if (pipeline != null) {
            pipeline.close();
        }
    }

    @Test
    void a_tenant_is_deleted_only_once_its_name_is_typed_out_and_leaves_the_tenant_list() throws Exception {
        assertThat(admin("POST", "", "{\"slug\":\"leaving\",\"identityProvider\":\"OKTA\"}").statusCode())
                .isEqualTo(201);
        assertThat(admin("POST", "", "{\"slug\":\"staying\",\"identityProvider\":\"OKTA\"}").statusCode())
                .isEqualTo(201);
        JsonNode token = JSON.readTree(admin("POST", "/leaving/scim/enable", null).body());
        for (String userName : new String[] {"ada@leaving.example", "grace@leaving.example"}) {
            assertThat(scim(token, "{\"userName\":\"" + userName + "\"}").statusCode()).isEqualTo(201);
        }

        browser.openFresh("#/t/leaving/user-provisioning");
        browser.type(By.id("admin-credential"), pipeline.adminToken());
        browser.click(By.id("sign-in-submit"));
        browser.waitFor(By.id("session-controls"));
        browser.open("#/t/leaving/user-provisioning");

        // Escape, and a name that is not the tenant's, delete nothing
        browser.click(By.id("delete-tenant"));
        WebElement name = browser.waitFor(By.id("confirm-tenant-name"));
        assertThat(browser.focused()).isEqualTo("confirm-tenant-name");
        name.sendKeys(Keys.ESCAPE);
        browser.waitGone(By.id("confirm-tenant-name"));
        browser.click(By.id("delete-tenant"));
        name = browser.waitFor(By.id("confirm-tenant-name"));
        name.sendKeys("leavin");
        WebElement confirm = browser.driver().findElement(By.cssSelector("dialog[open] button[value='delete-tenant']"));
        assertThat(confirm.isEnabled()).as("the name is not typed out yet").isFalse();
        name.sendKeys(Keys.ENTER);
        assertThat(admin("GET", "/leaving", null).statusCode()).as("Enter with the wrong name does nothing")
                .isEqualTo(200);

        name.sendKeys("g");
        assertThat(confirm.isEnabled()).isTrue();
        name.sendKeys(Keys.ENTER);

        // the progress while it runs, then the tenant list without it
        browser.waitUntil("the tenant list", () -> browser.driver().getCurrentUrl().endsWith("#/tenants"));
        browser.waitUntil("the tenant gone from the list", () -> !browser.text(By.tagName("main")).contains("leaving"));
        assertThat(browser.text(By.tagName("main"))).contains("staying");
        assertThat(admin("GET", "/leaving", null).statusCode()).isEqualTo(404);
        assertThat(scim(token, "{\"userName\":\"late@leaving.example\"}").statusCode()).isEqualTo(401);
        browser.assertNoConsoleErrors();
    }

    private HttpResponse<String> scim(JsonNode token, String user) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create(token.path("scimEndpoint").asString() + "/Users"))
                .header("Authorization", "Bearer " + token.path("token").asString())
                .header("Content-Type", "application/scim+json")
                .POST(HttpRequest.BodyPublishers.ofString(user)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> admin(String method, String path, String body) throws IOException,
            InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create(pipeline.ingestBaseUrl() + "/admin/tenants" + path))
                .header("Authorization", "Bearer " + pipeline.adminToken()).header("Content-Type", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body))
                .build(), HttpResponse.BodyHandlers.ofString());
    }
}
