package app.thestorage.provisioning.local.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import java.util.regex.Pattern;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Debian's Chromium, headless, driven through its chromedriver, pointed at the admin console of a running
 * ingest-api: a fresh profile per browser, the browser's console log kept and checked, and screenshots of a page
 * at 1280 and 390 CSS pixels wide.
 */
public final class ConsoleBrowser implements AutoCloseable {

    static final String CHROMIUM = "/usr/bin/chromium";
    static final String CHROMEDRIVER = "/usr/bin/chromedriver";
    static final int WIDE = 1280;
    static final int NARROW = 390;
    private static final Duration PATIENCE = Duration.ofSeconds(30);
    /**
     * What Chromium logs for every answer of 400 and above, including the refusals the console expects and shows:
     * a wrong admin credential (401), a photo or directory provider that does not exist (404), a form Entra's rules
     * refuse (400), an avatar that is no image (415), another tenant's page for a tenant admin (403). Anything else at
     * SEVERE (a script error, a 5xx) fails the test.
     */
    private static final Pattern HANDLED_REFUSAL =
            Pattern.compile("Failed to load resource: the server responded with a status of (400|401|403|404|415) ");

    private final ChromeDriver driver;
    private final Path profile;
    private final String baseUrl;
    private final Path screenshots;
    private final List<String> consoleLog = new ArrayList<>();
    private int printed;

    public ConsoleBrowser(String baseUrl, Path screenshots) {
        this.baseUrl = baseUrl;
        this.screenshots = screenshots;
        try {
            this.profile = Files.createTempDirectory("console-chromium-");
            Files.createDirectories(screenshots);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM);
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
                "--disable-default-apps", "--password-store=basic", "--window-size=" + WIDE + ",900",
                "--user-data-dir=" + profile);
        LoggingPreferences logging = new LoggingPreferences();
        logging.enable(LogType.BROWSER, Level.ALL);
        options.setCapability("goog:loggingPrefs", logging);
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File(CHROMEDRIVER))
                .usingAnyFreePort()
                .build();
        this.driver = new ChromeDriver(service, options);
        driver.manage().timeouts().scriptTimeout(PATIENCE);
        String origin = baseUrl.replaceAll("^(https?://[^/]+).*$", "$1");
        driver.executeCdpCommand("Browser.grantPermissions", Map.of("origin", origin,
                "permissions", List.of("clipboardReadWrite", "clipboardSanitizedWrite")));
    }

    /** Whether this machine has the browser and its driver (the tests are skipped, saying so, without them). */
    public static boolean available() {
        return new File(CHROMIUM).canExecute() && new File(CHROMEDRIVER).canExecute();
    }

    public ChromeDriver driver() {
        return driver;
    }

    /** Opens a console address (such as "#/tenants") in a tab that has forgotten everything. */
    public void openFresh(String hash) {
        // a file of the console's origin that runs no script: no page of the console is left to write to storage
        driver.get(baseUrl + "/console/console.css");
        js("sessionStorage.clear(); localStorage.clear();");
        driver.get(baseUrl + "/console/" + hash);
        driver.navigate().refresh();
    }

    void open(String hash) {
        driver.get(baseUrl + "/console/" + hash);
    }

    public WebElement waitFor(By locator) {
        return new WebDriverWait(driver, PATIENCE).until(ExpectedConditions.visibilityOfElementLocated(locator));
    }

    public void waitUntil(String description, java.util.function.Supplier<Boolean> condition) {
        new WebDriverWait(driver, PATIENCE, Duration.ofSeconds(1)).withMessage(description)
                .ignoring(org.openqa.selenium.StaleElementReferenceException.class)
                .until(ignored -> condition.get());
    }

    public void waitForText(By locator, String text) {
        new WebDriverWait(driver, PATIENCE).ignoring(org.openqa.selenium.StaleElementReferenceException.class)
                .until(ExpectedConditions.textToBePresentInElementLocated(locator, text));
    }

    void waitGone(By locator) {
        new WebDriverWait(driver, PATIENCE).until(ExpectedConditions.invisibilityOfElementLocated(locator));
    }

    WebElement clickable(By locator) {
        return new WebDriverWait(driver, PATIENCE).until(ExpectedConditions.elementToBeClickable(locator));
    }

    void click(By locator) {
        clickable(locator).click();
    }

    public void type(By locator, String text) {
        WebElement field = waitFor(locator);
        field.clear();
        field.sendKeys(text);
    }

    /** The value of a field, read again if the page replaced the field meanwhile (a status refresh). */
    String value(By locator) {
        return new WebDriverWait(driver, PATIENCE).ignoring(org.openqa.selenium.StaleElementReferenceException.class)
                .until(ignored -> driver.findElement(locator).getAttribute("value"));
    }

    public String text(By locator) {
        return waitFor(locator).getText();
    }

    /** The id of the element that has the keyboard focus. */
    String focused() {
        return (String) js("return document.activeElement ? document.activeElement.id : null;");
    }

    Object js(String script, Object... arguments) {
        return ((JavascriptExecutor) driver).executeScript(script, arguments);
    }

    /** What the page copied: the clipboard, read as the page may (the test granted the permission). */
    String clipboard() {
        return (String) ((JavascriptExecutor) driver).executeAsyncScript(
                "const done = arguments[arguments.length - 1];"
                        + "navigator.clipboard.readText().then(done, (error) => done('clipboard error: ' + error));");
    }

    /**
     * Screenshots of the page as it is, the whole page at 1280 and at 390 CSS pixels wide (a phone); at each width
     * nothing may stick out sideways. Files: {@code <name>-1280.png} and {@code <name>-390.png}.
     */
    void screenshots(String name) {
        assertEveryControlIsNamed(name);
        for (int width : new int[] {WIDE, NARROW}) {
            emulate(width, width == NARROW ? 844 : 900);
            long overflow = ((Number) js("return document.documentElement.scrollWidth - window.innerWidth;")).longValue();
            assertThat(overflow).as("%s at %d px: nothing sticks out sideways", name, width).isLessThanOrEqualTo(0);
            long height = ((Number) js("return Math.ceil(Math.max(document.documentElement.scrollHeight, "
                    + "document.body.scrollHeight));")).longValue();
            emulate(width, (int) Math.min(Math.max(height, width == NARROW ? 844 : 900), 6000));
            try {
                Files.write(screenshots.resolve(name + "-" + width + ".png"), driver.getScreenshotAs(OutputType.BYTES));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        driver.executeCdpCommand("Emulation.clearDeviceMetricsOverride", Map.of());
    }

    /** Every input, select, text area and button on the page has a name a screen reader says (a label, or its text). */
    void assertEveryControlIsNamed(String page) {
        Object unnamed = js("""
                return [...document.querySelectorAll('input, select, textarea, button')]
                    .filter((control) => control.type !== 'hidden')
                    .filter((control) => !((control.labels && control.labels.length > 0)
                        || control.getAttribute('aria-label') || control.getAttribute('aria-labelledby')
                        || (control.tagName === 'BUTTON' && control.textContent.trim())))
                    .map((control) => control.outerHTML.slice(0, 160));""");
        assertThat((List<?>) unnamed).as("controls without a label on %s", page).isEmpty();
    }

    /** The viewport of a device this wide (a phone's when narrow: touch, mobile layout). */
    void emulate(int width, int height) {
        driver.executeCdpCommand("Emulation.setDeviceMetricsOverride", Map.of("width", width, "height", height,
                "deviceScaleFactor", 1, "mobile", width == NARROW));
    }

    /** The browser's console since the last call; fails on any error the console did not handle. */
    public List<String> assertNoConsoleErrors() {
        List<String> errors = new ArrayList<>();
        for (LogEntry entry : driver.manage().logs().get(LogType.BROWSER)) {
            String line = entry.getLevel() + " " + entry.getMessage();
            consoleLog.add(line);
            if (entry.getLevel().intValue() >= Level.SEVERE.intValue() && !HANDLED_REFUSAL.matcher(entry.getMessage()).find()) {
                errors.add(line);
            }
        }
        List<String> since = consoleLog.subList(printed, consoleLog.size());
        if (!since.isEmpty()) {
            System.out.println("Browser console:\n  " + String.join("\n  ", since));
        }
        printed = consoleLog.size();
        assertThat(errors).as("errors in the browser's console").isEmpty();
        return List.copyOf(consoleLog);
    }

    @Override
    public void close() {
        try {
            driver.quit();
        } finally {
            try (var paths = Files.walk(profile)) {
                paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
            } catch (IOException ignored) {
                // a temporary profile left behind is harmless
            }
        }
    }
}
