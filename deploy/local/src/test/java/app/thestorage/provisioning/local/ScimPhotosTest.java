package app.thestorage.provisioning.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import app.thestorage.provisioning.contract.event.UserPhotoEvent;
import app.thestorage.provisioning.local.ScimSession.Response;
import app.thestorage.provisioning.local.console.ConsoleBrowser;
import app.thestorage.provisioning.photos.download.PhotoServerStub;
import app.thestorage.provisioning.photos.fetch.ScimPhotoRefresh.TestOnlyPhotoServers;
import app.thestorage.provisioning.photos.store.PhotoStore;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;
import okhttp3.mockwebserver.MockResponse;
import okio.Buffer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Photos an identity provider sends by address (SCIM {@code photos}, as Okta does once the admin maps a picture
 * attribute to {@code photos[type eq "photo"].value}), end to end: provisioned through SCIM, fetched by photo-fetcher
 * from a local https server (its own certificate, trusted by the test-only setting; a 5 s time limit instead of the
 * production 15 s, so the 20 s stall ends sooner), stored once, shown with origin
 * SCIM and announced on users.photos.v1; unsafe or unfit addresses refused and shown to the admin.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ScimPhotosTest {

    private static final String OKTA_AGENT = "Okta SCIM Client 1.0.0";
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Duration FETCHED = Duration.ofSeconds(30);

    @TempDir
    static Path work;

    private PhotoServerStub photos;
    private LocalPipeline pipeline;
    private PipelineProbe probe;
    private ScimSession admin;

    @BeforeAll
    void start() throws Exception {
        photos = new PhotoServerStub();
        TestOnlyPhotoServers trustingTheStub = new TestOnlyPhotoServers(photos.trusted(), PhotoServerStub.lookup());
        pipeline = LocalPipeline.start(PipelineSettings.embedded(work).withPhotoFetcher(Map.of(
                        "provisioning.photos.scim.private-hosts-for-tests", PhotoServerStub.HOST,
                        "provisioning.photos.scim.time-limit", "5s",
                        "provisioning.photos.scim.backoff", "100ms",
                        "provisioning.photos.scim.refresh-check-every", "200ms"),
                context -> context.registerBean(TestOnlyPhotoServers.class, () -> trustingTheStub)));
        probe = new PipelineProbe(pipeline);
        admin = new ScimSession(pipeline.ingestBaseUrl() + "/admin/tenants", pipeline.adminToken(),
                "TheStorage admin console", "application/json");
    }

    @AfterAll
    void stop() throws Exception {
        if (pipeline != null) {
            pipeline.close();
        }
        photos.close();
    }

    @Test
    void an_okta_photo_is_fetched_once_stored_once_announced_and_replaced_only_when_its_address_changes()
            throws Exception {
        OktaTenant okta = newTenant();
        String tenant = okta.tenant;
        byte[] first = png(64, 0x3366CC);
        byte[] second = png(72, 0xCC6633);
        String firstPath = "/" + UUID.randomUUID() + "/ada.png";
        String secondPath = "/" + UUID.randomUUID() + "/ada-new.png";
        photos.answer(firstPath, request -> new MockResponse().setHeader("Content-Type", "image/png")
                .setHeader("ETag", "\"ada-1\"").setBody(new Buffer().write(first)));
        photos.answer(secondPath, request -> new MockResponse().setBody(new Buffer().write(second)));

        String ada = okta.create("ada@okta.example", photos.uri(firstPath));
        String grace = okta.create("grace@okta.example", photos.uri(firstPath));

        await().atMost(FETCHED).untilAsserted(() -> {
            assertThat(photoIn(tenant, ada)).isEqualTo(PhotoStore.sha256(first) + " SCIM");
            assertThat(photoIn(tenant, grace)).isEqualTo(PhotoStore.sha256(first) + " SCIM");
        });
        assertThat(probe.asOperator("SELECT count(*) FROM photos.photo_content WHERE sha256 = '"
                + PhotoStore.sha256(first) + "'")).as("the same image is stored once").isEqualTo("1");
        assertThat(announced(tenant, ada, PhotoStore.sha256(first))).isEqualTo("SCIM");
        assertThat(photoBytes(tenant, ada)).isEqualTo(first);
        inTheConsole(tenant, "users", browser -> browser.waitUntil("Ada's photo, from the identity provider",
                () -> browser.driver().findElements(By.cssSelector("img[data-user-avatar='" + ada + "']"
                        + "[data-photo-origin='SCIM'][title='Photo from the identity provider']")).size() == 1));

        // a change that keeps the address downloads nothing; a new address replaces the photo
        assertThat(okta.scim.patch("/Users/" + ada, """
                {"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
                 "Operations":[{"op":"replace","path":"displayName","value":"Ada Lovelace"}]}""").status())
                .isEqualTo(200);
        assertThat(okta.scim.patch("/Users/" + ada, """
                {"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
                 "Operations":[{"op":"replace","path":"photos","value":[{"value":"%s","type":"photo"}]}]}"""
                .formatted(photos.uri(secondPath))).status()).isEqualTo(200);

        await().atMost(FETCHED).untilAsserted(() ->
                assertThat(photoIn(tenant, ada)).isEqualTo(PhotoStore.sha256(second) + " SCIM"));
        assertThat(photos.requests(firstPath)).as("one download per user, none for the change that kept the address")
                .isEqualTo(2);
        assertThat(photos.requests(secondPath)).isEqualTo(1);
        assertThat(announced(tenant, ada, PhotoStore.sha256(second))).isEqualTo("SCIM");
        assertThat(photoIn(tenant, grace)).isEqualTo(PhotoStore.sha256(first) + " SCIM");
    }

    @Test
    void a_removed_scim_photo_gives_way_to_the_manual_avatar() throws Exception {
        OktaTenant okta = newTenant();
        byte[] picture = png(48, 0x22AA44);
        byte[] avatar = png(40, 0x4422AA);
        String path = "/" + UUID.randomUUID() + "/dorothy.png";
        photos.answer(path, request -> new MockResponse().setBody(new Buffer().write(picture)));
        String dorothy = okta.create("dorothy@okta.example", photos.uri(path));
        await().atMost(FETCHED).untilAsserted(() ->
                assertThat(photoIn(okta.tenant, dorothy)).isEqualTo(PhotoStore.sha256(picture) + " SCIM"));

        JsonNode uploaded = uploadAvatar(okta.tenant, dorothy, avatar);

        assertThat(uploaded.path("shown").path("origin").asString()).as("the SCIM photo wins").isEqualTo("SCIM");
        assertThat(okta.scim.patch("/Users/" + dorothy, """
                {"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
                 "Operations":[{"op":"remove","path":"photos"}]}""").status()).isEqualTo(200);
        await().atMost(FETCHED).untilAsserted(() ->
                assertThat(photoIn(okta.tenant, dorothy)).isEqualTo(PhotoStore.sha256(avatar) + " MANUAL"));
        assertThat(announced(okta.tenant, dorothy, PhotoStore.sha256(avatar))).isEqualTo("MANUAL");
    }

    @Test
    void unsafe_or_unfit_addresses_are_refused_and_shown_to_the_admin_while_provisioning_goes_on() throws Exception {
        OktaTenant okta = newTenant();
        String base = "/" + UUID.randomUUID();
        byte[] sixMb = new byte[6 * 1024 * 1024];
        byte[] header = png(16, 0);
        System.arraycopy(header, 0, sixMb, 0, header.length);
        // announced by its Content-Length (the count while streaming is PhotoDownloaderTest's)
        photos.answer(base + "/large.png", request -> new MockResponse().setBody(new Buffer().write(sixMb)));
        photos.answer(base + "/stall.png", request -> new MockResponse().setBody(new Buffer().write(header))
                .setBodyDelay(20, TimeUnit.SECONDS));
        photos.answer(base + "/redirect.png", request -> new MockResponse().setResponseCode(302)
                .setHeader("Location", "https://127.0.0.1:" + photos.port() + base + "/internal.png"));
        photos.answer(base + "/internal.png", request -> new MockResponse().setBody(new Buffer().write(header)));
        photos.answer(base + "/page.png", request -> new MockResponse().setHeader("Content-Type", "image/png")
                .setBody("<html><body>sign in</body></html>"));

        String large = okta.create("large@okta.example", photos.uri(base + "/large.png"));
        String stalled = okta.create("stalled@okta.example", photos.uri(base + "/stall.png"));
        String redirected = okta.create("redirected@okta.example", photos.uri(base + "/redirect.png"));
        String page = okta.create("page@okta.example", photos.uri(base + "/page.png"));
        String metadata = okta.create("metadata@okta.example", URI.create("https://169.254.169.254/latest/meta-data"));

        await().atMost(FETCHED).untilAsserted(() -> assertThat(refusals(okta.tenant)).containsAllEntriesOf(Map.of(
                large, "TOO_LARGE", stalled, "TIMED_OUT", redirected, "PRIVATE_ADDRESS", page, "NOT_AN_IMAGE",
                metadata, "PRIVATE_ADDRESS")));
        for (String user : List.of(large, stalled, redirected, page, metadata)) {
            assertThat(photoIn(okta.tenant, user)).isNull();
        }
        assertThat(photos.requests(base + "/internal.png")).as("nothing was sent to the private address").isZero();
        assertThat(refusalsAsText(okta.tenant)).doesNotContain(base);
        for (String reason : List.of("too_large", "timed_out", "private_address", "not_an_image")) {
            assertThat(refusedCount(reason)).as("photos.scim.refused, reason " + reason).isGreaterThanOrEqualTo(1);
        }
        theAdminSeesTheRefusalsBesideTheProvisioningLog(okta.tenant);
    }

    /** The console's provisioning log page lists each refused user with why, in words, and never the address. */
    private void theAdminSeesTheRefusalsBesideTheProvisioningLog(String tenant) {
        inTheConsole(tenant, "provisioning-log", browser -> {
            browser.waitUntil("the five refusals are listed", () -> browser.driver()
                    .findElements(By.cssSelector("#photo-refusals tr.photo-refusal-row")).size() == 5);
            assertThat(browser.text(By.id("photo-refusals"))).contains("Profile photos not fetched",
                    "The image is larger than TheStorage accepts.", "did not send the image in time",
                    "private or internal address", "not a PNG, JPEG, GIF or WebP image")
                    .doesNotContain("/page.png", "meta-data");
        });
    }

    /**
     * Signs in to the console (the operator's credential typed as a person does) on the tenant's page and checks it.
     * Without Chromium the admin API's answers are what the test checks (.ci/run installs it).
     */
    private void inTheConsole(String tenant, String page, java.util.function.Consumer<ConsoleBrowser> check) {
        if (!ConsoleBrowser.available()) {
            return;
        }
        try (ConsoleBrowser browser = new ConsoleBrowser(pipeline.ingestBaseUrl(),
                Path.of("target", "console-screenshots"))) {
            browser.openFresh("#/t/" + tenant + "/" + page);
            browser.type(By.id("admin-credential"), pipeline.adminToken());
            browser.waitFor(By.id("admin-credential")).sendKeys(Keys.ENTER);
            check.accept(browser);
            browser.assertNoConsoleErrors();
        }
    }

    /** photo-fetcher's count of refusals for the reason, as operators read it. */
    private double refusedCount(String reason) {
        byte[] body = WebTestClient.bindToServer().baseUrl(pipeline.photosBaseUrl()).build().get()
                .uri("/actuator/metrics/photos.scim.refused?tag=reason:" + reason).exchange()
                .expectStatus().isOk().expectBody().returnResult().getResponseBody();
        return JSON.readTree(body).path("measurements").path(0).path("value").asDouble();
    }

    /** A tenant whose identity provider is Okta, and its SCIM session. */
    private record OktaTenant(String tenant, ScimSession scim) {
        String create(String userName, URI photo) {
            Response created = scim.post("/Users", """
                    {"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],"userName":"%s","active":true,
                     "photos":[{"value":"%s","type":"photo"}]}""".formatted(userName, photo));
            assertThat(created.status()).isEqualTo(201);
            return created.id();
        }
    }

    private OktaTenant newTenant() {
        String slug = "t-" + UUID.randomUUID().toString().substring(0, 8);
        assertThat(admin.post("", "{\"slug\":\"" + slug + "\"}").status()).isEqualTo(201);
        Response enabled = admin.post("/" + slug + "/scim/enable", "");
        return new OktaTenant(slug, new ScimSession(pipeline.ingestBaseUrl() + "/api/" + slug + "/scim/v2",
                enabled.body().path("token").asString(), OKTA_AGENT));
    }

    /** "sha256 ORIGIN" of the photo the directory shows for the user, or null. */
    private String photoIn(String tenant, String userId) throws Exception {
        JsonNode photo = JSON.readTree(probe.directoryUser(tenant, userId)).path("photo");
        return photo.isMissingNode() || photo.isNull() ? null
                : photo.path("sha256").asString() + " " + photo.path("origin").asString();
    }

    /** The origin users.photos.v1 announced the photo with, once it is there. */
    private String announced(String tenant, String userId, String sha256) {
        List<ConsumerRecord<String, UserPhotoEvent>> events = probe.userPhotos(seen -> seen.stream()
                .anyMatch(record -> matches(record.value(), tenant, userId, sha256)), FETCHED);
        return events.stream().map(ConsumerRecord::value).filter(event -> matches(event, tenant, userId, sha256))
                .map(event -> event.photo().origin().name()).reduce((one, last) -> last).orElse(null);
    }

    private static boolean matches(UserPhotoEvent event, String tenant, String userId, String sha256) {
        return event.tenant().equals(tenant) && event.userId().equals(userId) && event.photo() != null
                && event.photo().sha256().equals(sha256);
    }

    /** The tenant's photo refusals as the admin API lists them: reason by user. */
    private Map<String, String> refusals(String tenant) {
        Map<String, String> byUser = new java.util.HashMap<>();
        admin.get("/" + tenant + "/photo-refusals").body()
                .forEach(refusal -> byUser.put(refusal.path("userId").asString(), refusal.path("reason").asString()));
        return byUser;
    }

    private String refusalsAsText(String tenant) {
        return admin.get("/" + tenant + "/photo-refusals").body().toString();
    }

    private byte[] photoBytes(String tenant, String userId) {
        return adminClient().get().uri("/" + tenant + "/users/" + userId + "/photo").exchange()
                .expectStatus().isOk()
                .expectHeader().valueEquals("Photo-Origin", "SCIM")
                .expectBody(byte[].class).returnResult().getResponseBody();
    }

    private JsonNode uploadAvatar(String tenant, String userId, byte[] image) {
        byte[] answer = adminClient().put().uri("/" + tenant + "/users/" + userId + "/avatar")
                .contentType(MediaType.IMAGE_PNG).bodyValue(image).exchange()
                .expectStatus().isOk()
                .expectBody().returnResult().getResponseBody();
        return JSON.readTree(answer);
    }

    private WebTestClient adminClient() {
        return WebTestClient.bindToServer().baseUrl(pipeline.ingestBaseUrl() + "/admin/tenants")
                .defaultHeader(HttpHeaders.AUTHORIZATION, "Bearer " + pipeline.adminToken())
                .responseTimeout(Duration.ofSeconds(30)).build();
    }

    private static byte[] png(int side, int colour) {
        BufferedImage image = new BufferedImage(side, side, BufferedImage.TYPE_INT_RGB);
        for (int x = 0; x < side; x++) {
            image.setRGB(x, x, colour);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            ImageIO.write(image, "png", out);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return out.toByteArray();
    }
}
