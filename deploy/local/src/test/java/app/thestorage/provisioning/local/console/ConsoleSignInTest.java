package app.thestorage.provisioning.local.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import app.thestorage.provisioning.local.LocalPipeline;
import app.thestorage.provisioning.local.PipelineSettings;
import app.thestorage.provisioning.local.identity.LocalIdentityProvider;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;

/**
 * A tenant admin signs in to the console through the local run's real OpenID Connect provider (Spring Authorization
 * Server), in Debian's Chromium, headless: types user and password on the provider's login page, lands on their
 * tenant, sees no other tenant, changes a setting (the console sends the session's CSRF token), is refused another
 * tenant's deep link with a clear message, and signs out of the console and of the provider.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ConsoleSignInTest {

    private static final Path SCREENSHOTS = Path.of("target", "console-screenshots");

    @TempDir
    static Path work;

    private final HttpClient http = HttpClient.newHttpClient();
    private LocalPipeline pipeline;
    private ConsoleBrowser browser;

    @BeforeAll
    void start() {
        assumeTrue(ConsoleBrowser.available(), "needs Debian's chromium and chromium-driver (apt-get install -y "
                + "chromium chromium-driver)");
        pipeline = LocalPipeline.start(PipelineSettings.embedded(work).withIdentityProvider(0));
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
    void a_tenant_admin_signs_in_with_the_identity_provider_sees_their_tenant_only_and_signs_out() throws Exception {
        assertThat(operator("POST", "/admin/tenants", "{\"slug\":\"globex\"}").statusCode()).isEqualTo(201);
        LocalIdentityProvider.Account admin = pipeline.identityProvider().account();
        assertThat(admin.tenant()).isEqualTo("demo");

        browser.openFresh("");
        browser.waitForText(By.id("sign-in-with-provider"), "Sign in with TheStorage ID (local)");
        browser.screenshots("sso-01-sign-in");
        browser.click(By.id("sign-in-with-provider"));

        // the provider's own login page
        browser.waitFor(By.id("username"));
        assertThat(browser.driver().getCurrentUrl()).startsWith(pipeline.identityProvider().issuer() + "/login");
        String sessionBefore = consoleSession();
        assertThat(sessionBefore).as("the session holding the sign-in request").isNotNull();
        signInAtTheProvider(admin);

        // straight to their tenant, saying who is signed in
        browser.waitForText(By.id("signed-in-as"), "Signed in as Demo Admin of demo · tenant demo");
        browser.waitUntil("the tenant's own page", () -> browser.driver().getCurrentUrl()
                .endsWith("/console/#/t/demo/user-provisioning"));
        browser.waitFor(By.id("save-identity-provider"));
        assertThat(browser.js("return [...document.querySelectorAll('#tenant-picker option')].map(o => o.value)"))
                .isEqualTo(List.of("demo", "#tenants"));
        assertThat(browser.js("return document.cookie")).asString().doesNotContain("SESSION");
        assertThat(consoleSession()).as("a new session id once signed in").isNotNull().isNotEqualTo(sessionBefore);
        browser.screenshots("sso-02-own-tenant");

        // a change: sent with the session cookie and its CSRF token
        browser.click(By.cssSelector("input[name='identity-provider'][value='OKTA']"));
        browser.click(By.id("save-identity-provider"));
        browser.waitForText(By.id("identity-provider-result"), "Saved");
        assertThat(operator("GET", "/admin/tenants/demo", null).body()).contains("\"identityProvider\":\"OKTA\"");

        // another tenant's deep link: refused, and said so
        browser.open("#/t/globex/users");
        browser.waitForText(By.tagName("h1"), "Not your tenant");
        assertThat(browser.text(By.cssSelector("#main [role='alert']")))
                .isEqualTo("You administer the tenant 'demo' only, not 'globex'.");
        browser.screenshots("sso-03-other-tenant-refused");
        browser.assertNoConsoleErrors();

        // sign out: the console's session ends, and so does the provider's (it asks for the password again)
        browser.click(By.id("sign-out"));
        browser.waitForText(By.id("sign-in-with-provider"), "Sign in with");
        assertThat(browser.driver().getCurrentUrl()).startsWith(pipeline.ingestBaseUrl() + "/console/");
        Object session = browser.driver().executeAsyncScript("const done = arguments[arguments.length - 1];"
                + "fetch('/admin/session', {credentials: 'same-origin'}).then(r => done(r.status), e => done(String(e)));");
        assertThat(session).isEqualTo(401L);
        browser.click(By.id("sign-in-with-provider"));
        browser.waitFor(By.id("username"));
        browser.screenshots("sso-04-provider-asks-again");
    }

    /** The console's session cookie (HttpOnly: read through the browser's DevTools), or null. */
    @SuppressWarnings("unchecked")
    private String consoleSession() {
        Map<String, Object> all = browser.driver().executeCdpCommand("Network.getAllCookies", Map.of());
        return ((List<Map<String, Object>>) all.get("cookies")).stream()
                .filter(cookie -> "SESSION".equals(cookie.get("name")) && "localhost".equals(cookie.get("domain")))
                .map(cookie -> (String) cookie.get("value"))
                .findFirst().orElse(null);
    }

    private void signInAtTheProvider(LocalIdentityProvider.Account admin) {
        browser.type(By.id("username"), admin.username());
        browser.type(By.id("password"), admin.password());
        browser.click(By.cssSelector("button[type='submit']"));
    }

    private HttpResponse<String> operator(String method, String path, String json) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(pipeline.ingestBaseUrl() + path))
                .header("Authorization", "Bearer " + pipeline.adminToken())
                .header("Content-Type", "application/json");
        request.method(method, json == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(json));
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
