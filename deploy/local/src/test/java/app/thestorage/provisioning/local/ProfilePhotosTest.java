package app.thestorage.provisioning.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import app.thestorage.provisioning.contract.event.UserPhotoEvent;
import app.thestorage.provisioning.contract.user.ProfilePhoto;
import app.thestorage.provisioning.local.ScimSession.Response;
import app.thestorage.provisioning.photos.graph.GraphStub;
import app.thestorage.provisioning.photos.graph.GraphStub.Script;
import app.thestorage.provisioning.photos.store.PhotoStore;
import com.azure.core.http.HttpClient;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.EntityExchangeResult;
import org.springframework.test.web.reactive.server.WebTestClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * "Step 7 (Optional): Profile Photos via Microsoft Graph" of the Entra guide, end to end: the admin saves the
 * Directory Provider through the admin API, photo-fetcher syncs the directory through the real Graph SDK and
 * azure-identity against a local Entra/Graph stub, and the photos and profiles land in the directory and on
 * the public topics. Each test has its own TheStorage tenant and Entra directory.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ProfilePhotosTest {

    private static final String ENTRA_AGENT = "Microsoft.AAD.Provisioning";
    private static final String OKTA_AGENT = "Okta SCIM Client 1.0.0";
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Duration SYNCED = Duration.ofSeconds(30);

    @TempDir
    static Path work;

    private GraphStub graph;
    private LocalPipeline pipeline;
    private PipelineProbe probe;
    private ScimSession admin;

    @BeforeAll
    void start() throws Exception {
        graph = new GraphStub();
        graph.deltaPageSize(2);
        HttpClient trustingTheStub = graph.identityHttpClient();
        Map<String, String> photoFetcher = new HashMap<>(graph.configuration());
        photoFetcher.put("provisioning.photos.sync.check-every", "200ms");
        photoFetcher.put("provisioning.photos.graph.backoff", "200ms");
        photoFetcher.put("provisioning.photos.graph.breaker-open-for", "1s");
        pipeline = LocalPipeline.start(PipelineSettings.embedded(work).withPhotoFetcher(photoFetcher,
                context -> context.registerBean(HttpClient.class, () -> trustingTheStub)));
        probe = new PipelineProbe(pipeline);
        admin = new ScimSession(pipeline.ingestBaseUrl() + "/admin/tenants", pipeline.adminToken(),
                "TheStorage admin console", "application/json");
    }

    @AfterAll
    void stop() throws Exception {
        if (pipeline != null) {
            pipeline.close();
        }
        graph.close();
    }

    @Test
    void saving_the_directory_provider_brings_photos_names_and_titles_and_a_second_cycle_downloads_nothing()
            throws Exception {
        Tenant tenant = newTenant(ENTRA_AGENT);
        String ada = UUID.randomUUID().toString();
        String grace = UUID.randomUUID().toString();
        String alan = UUID.randomUUID().toString();
        byte[] adaPhoto = jpeg(40_000);
        byte[] gracePhoto = jpeg(60_000);
        graph.directoryUser(tenant.directory, ada, "Ada Lovelace", "Analyst");
        graph.directoryUser(tenant.directory, grace, "Grace Hopper", "Rear Admiral");
        graph.directoryUser(tenant.directory, alan, "Alan Turing", null);
        graph.directoryUser(tenant.directory, UUID.randomUUID().toString(), "Not Assigned To TheStorage", "Clerk");
        graph.script(ada, Script.photo(adaPhoto, "W/\"ada-1\""));
        graph.script(grace, Script.photo(gracePhoto, "W/\"grace-1\""));
        String adaId = tenant.provision("ada@contoso.example", ada);
        String graceId = tenant.provision("grace@contoso.example", grace);
        String alanId = tenant.provision("alan@contoso.example", alan);

        String secret = "q8T8Q~" + UUID.randomUUID().toString().replace("-", "");
        Response saved = admin.put("/" + tenant.slug + "/directory-provider", settings(tenant.directory, secret,
                LocalDate.now().plusMonths(24)));

        assertThat(saved.status()).isEqualTo(200);
        assertThat(saved.body().path("clientSecretSaved").asBoolean()).isTrue();
        assertThat(saved.body().toString()).doesNotContain(secret);
        assertThat(saved.body().path("secretExpiry").path("state").asString()).isEqualTo("OK");
        await().atMost(SYNCED).untilAsserted(() -> {
            assertThat(photoIn(tenant, adaId)).isEqualTo(sha256(adaPhoto) + " MICROSOFT_GRAPH");
            assertThat(photoIn(tenant, graceId)).isEqualTo(sha256(gracePhoto) + " MICROSOFT_GRAPH");
            assertThat(attribute(tenant, adaId, "displayName")).isEqualTo("Ada Lovelace");
            assertThat(attribute(tenant, graceId, "title")).isEqualTo("Rear Admiral");
            assertThat(attribute(tenant, alanId, "displayName")).isEqualTo("Alan Turing");
        });
        assertThat(photoIn(tenant, alanId)).as("no photo in Entra, none uploaded").isNull();
        assertThat(graph.deltaRequests(tenant.directory)).as("4 users, 2 per page").isEqualTo(2);
        assertThat(probe.rowsAsText("photos.directory_providers")).noneMatch(row -> row.contains(secret));

        byte[] served = photoBytes(tenant, adaId).getResponseBody();
        assertThat(served).isEqualTo(adaPhoto);
        List<ConsumerRecord<String, UserPhotoEvent>> events = probe.userPhotos(seen -> seen.stream()
                .anyMatch(event -> event.value().userId().equals(graceId)), SYNCED);
        assertThat(events).filteredOn(event -> event.value().userId().equals(adaId))
                .extracting(event -> event.key() + " " + event.value().photo().sha256())
                .containsExactly(tenant.slug + "/" + adaId + " " + sha256(adaPhoto));

        // the next cycle: Graph's delta reports only Grace's new title, and no unchanged photo is downloaded
        graph.directoryUser(tenant.directory, grace, "Grace Hopper", "Commodore");
        assertThat(admin.post("/" + tenant.slug + "/directory-provider/sync", "").status()).isEqualTo(202);
        await().atMost(SYNCED).untilAsserted(() -> {
            assertThat(attribute(tenant, graceId, "title")).isEqualTo("Commodore");
            assertThat(graph.metadataRequests(ada)).isEqualTo(2);
            assertThat(graph.metadataRequests(grace)).isEqualTo(2);
        });
        assertThat(graph.deltaRequests(tenant.directory)).as("one page of changes").isEqualTo(3);
        assertThat(graph.contentRequests(ada)).isEqualTo(1);
        assertThat(graph.contentRequests(grace)).isEqualTo(1);
        assertThat(attribute(tenant, adaId, "title")).isEqualTo("Analyst");
        Response status = admin.get("/" + tenant.slug + "/directory-provider");
        assertThat(status.body().path("lastSuccessAt").asString()).isNotBlank();
        assertThat(status.body().path("lastError").isMissingNode() || status.body().path("lastError").isNull()).isTrue();
    }

    @Test
    void a_manual_avatar_stays_while_entra_has_no_photo_and_an_okta_users_avatar_is_never_touched() throws Exception {
        Tenant tenant = newTenant(ENTRA_AGENT);
        String objectId = UUID.randomUUID().toString();
        graph.directoryUser(tenant.directory, objectId, "Katherine Johnson", "Mathematician");
        String userId = tenant.provision("katherine@contoso.example", objectId);
        Tenant okta = newTenant(OKTA_AGENT);
        String oktaExternalId = "00u" + UUID.randomUUID().toString().replace("-", "").substring(0, 17);
        String oktaUserId = okta.provision("dorothy@okta.example", oktaExternalId);
        byte[] avatar = png(20_000);
        byte[] oktaAvatar = png(30_000);

        assertThat(uploadAvatar(tenant, userId, avatar).path("shown").path("origin").asString()).isEqualTo("MANUAL");
        assertThat(uploadAvatar(okta, oktaUserId, oktaAvatar).path("shown").path("origin").asString()).isEqualTo("MANUAL");
        assertThat(admin.put("/" + tenant.slug + "/directory-provider", settings(tenant.directory, "s3cret~value",
                null)).status()).isEqualTo(200);
        assertThat(admin.put("/" + okta.slug + "/directory-provider", settings(okta.directory, "s3cret~value",
                null)).status()).isEqualTo(200);

        await().atMost(SYNCED).untilAsserted(() -> {
            assertThat(graph.metadataRequests(objectId)).as("Entra was asked, and has no photo").isEqualTo(1);
            assertThat(attribute(tenant, userId, "displayName")).isEqualTo("Katherine Johnson");
            assertThat(admin.get("/" + okta.slug + "/directory-provider").body().path("lastSuccessAt").asString())
                    .isNotBlank();
        });
        assertThat(photoIn(tenant, userId)).isEqualTo(sha256(avatar) + " MANUAL");
        assertThat(photoBytes(tenant, userId).getResponseBody()).isEqualTo(avatar);
        assertThat(graph.metadataRequests(oktaExternalId)).as("Graph is never asked about an Okta user").isZero();
        assertThat(photoIn(okta, oktaUserId)).isEqualTo(sha256(oktaAvatar) + " MANUAL");

        // Entra gets a photo: it is shown; Entra's photo is removed again: the avatar is back
        byte[] entraPhoto = jpeg(50_000);
        graph.script(objectId, Script.photo(entraPhoto, "W/\"k-1\""));
        admin.post("/" + tenant.slug + "/directory-provider/sync", "");
        await().atMost(SYNCED).untilAsserted(() ->
                assertThat(photoIn(tenant, userId)).isEqualTo(sha256(entraPhoto) + " MICROSOFT_GRAPH"));
        graph.script(objectId, null);
        admin.post("/" + tenant.slug + "/directory-provider/sync", "");
        await().atMost(SYNCED).untilAsserted(() ->
                assertThat(photoIn(tenant, userId)).isEqualTo(sha256(avatar) + " MANUAL"));
    }

    @Test
    void an_expired_secret_and_a_missing_photo_permission_are_reported_with_what_to_do() throws Exception {
        Tenant expired = newTenant(ENTRA_AGENT);
        graph.refuseTokens(expired.directory, 401, "invalid_client", "AADSTS7000222",
                "The provided client secret keys for app '00000000-0000-0000-0000-000000000001' are expired.");
        Tenant forbidden = newTenant(ENTRA_AGENT);
        String objectId = UUID.randomUUID().toString();
        graph.directoryUser(forbidden.directory, objectId, "Mary Jackson", "Engineer");
        graph.script(objectId, Script.status(403));
        forbidden.provision("mary@contoso.example", objectId);

        Response test = admin.post("/" + expired.slug + "/directory-provider/test",
                settings(expired.directory, "old~secret", null));
        assertThat(test.status()).isEqualTo(200);
        assertThat(test.body().path("problem").asString()).isEqualTo("EXPIRED_SECRET");
        assertThat(test.body().path("explanation").asString()).contains("expired", "Certificates & secrets");

        admin.put("/" + expired.slug + "/directory-provider", settings(expired.directory, "old~secret",
                LocalDate.now().minusDays(1)));
        admin.put("/" + forbidden.slug + "/directory-provider", settings(forbidden.directory, "good~secret",
                LocalDate.now().plusDays(10)));

        await().atMost(SYNCED).untilAsserted(() -> {
            JsonNode status = admin.get("/" + expired.slug + "/directory-provider").body();
            assertThat(status.path("lastError").path("problem").asString()).isEqualTo("EXPIRED_SECRET");
            assertThat(status.path("lastError").path("code").asString()).isEqualTo("AADSTS7000222");
            assertThat(status.path("secretExpiry").path("state").asString()).isEqualTo("EXPIRED");
        });
        await().atMost(SYNCED).untilAsserted(() -> {
            JsonNode status = admin.get("/" + forbidden.slug + "/directory-provider").body();
            assertThat(status.path("lastError").path("problem").asString()).isEqualTo("MISSING_USER_READ_ALL");
            assertThat(status.path("lastError").path("explanation").asString()).contains("User.Read.All");
            assertThat(status.path("secretExpiry").path("state").asString()).isEqualTo("EXPIRES_SOON");
            assertThat(status.path("secretExpiry").path("daysLeft").asLong()).isEqualTo(10);
        });
        MeterRegistry meters = pipeline.photos().getBean(MeterRegistry.class);
        await().atMost(SYNCED).untilAsserted(() -> {
            assertThat(meters.get("photos.directory_providers.failing").gauge().value()).isGreaterThanOrEqualTo(2);
            assertThat(meters.get("photos.directory_providers.secret_expiring").gauge().value()).isGreaterThanOrEqualTo(2);
        });
        assertThat(graph.contentRequests(objectId)).isZero();
    }

    @Test
    void mistakes_in_the_form_are_explained_before_entra_is_asked() {
        Tenant tenant = newTenant(ENTRA_AGENT);
        String secretId = UUID.randomUUID().toString();

        Response secretIdPasted = admin.put("/" + tenant.slug + "/directory-provider",
                settings(tenant.directory, secretId, null));
        Response noSecret = admin.put("/" + tenant.slug + "/directory-provider",
                settings(tenant.directory, null, null));
        Response notAClientId = admin.put("/" + tenant.slug + "/directory-provider", """
                {"clientId":"TheStorage","directoryTenantId":"%s","clientSecret":"x~y"}""".formatted(tenant.directory));

        assertThat(secretIdPasted.status()).isEqualTo(400);
        assertThat(secretIdPasted.body().path("detail").asString()).contains("secret's ID", "Value");
        assertThat(secretIdPasted.body().toString()).doesNotContain(secretId);
        assertThat(noSecret.status()).isEqualTo(400);
        assertThat(noSecret.body().path("detail").asString()).contains("Client secret value is empty");
        assertThat(notAClientId.status()).isEqualTo(400);
        assertThat(notAClientId.body().path("detail").asString()).contains("Application (client) ID");
        assertThat(admin.get("/" + tenant.slug + "/directory-provider").status()).isEqualTo(404);
        assertThat(admin.get("/no-such-tenant/directory-provider").status()).isEqualTo(404);
    }

    @Test
    void scim_provisioning_continues_while_graph_is_down_and_photos_follow_when_it_is_back() throws Exception {
        Tenant tenant = newTenant(ENTRA_AGENT);
        graph.down(tenant.directory);
        assertThat(admin.put("/" + tenant.slug + "/directory-provider", settings(tenant.directory, "s3cret~value",
                null)).status()).isEqualTo(200);
        List<String> objectIds = new ArrayList<>();
        List<String> userIds = new ArrayList<>();
        byte[] photo = jpeg(30_000);

        for (int i = 0; i < 30; i++) {
            String objectId = UUID.randomUUID().toString();
            graph.script(objectId, Script.photo(photo, "W/\"p\""));
            graph.directoryUser(tenant.directory, objectId, "Employee " + i, "Staff");
            objectIds.add(objectId);
            userIds.add(tenant.provision("employee" + i + "@contoso.example", objectId));
        }

        for (int i = 0; i < userIds.size(); i++) {
            Response found = tenant.scim.get("/Users?filter=" + ScimSession.encode(
                    "userName eq \"employee" + i + "@contoso.example\""));
            assertThat(found.body().path("totalResults").asInt()).isEqualTo(1);
        }
        await().atMost(SYNCED).untilAsserted(() -> assertThat(admin.get("/" + tenant.slug + "/directory-provider")
                .body().path("lastError").path("problem").asString()).isEqualTo("UNREACHABLE"));
        assertThat(graph.requests(tenant.directory)).as("Graph was called, and failed").isPositive();
        assertThat(graph.deltaRequests(tenant.directory)).as("none answered").isZero();
        assertThat(photoIn(tenant, userIds.getFirst())).isNull();

        graph.up(tenant.directory);
        await().pollDelay(Duration.ofSeconds(1)).pollInterval(Duration.ofSeconds(1)).atMost(SYNCED).untilAsserted(() -> {
            admin.post("/" + tenant.slug + "/directory-provider/sync", "");
            for (String userId : userIds) {
                assertThat(photoIn(tenant, userId)).isEqualTo(sha256(photo) + " MICROSOFT_GRAPH");
            }
        });
        assertThat(attribute(tenant, userIds.getLast(), "displayName")).isEqualTo("Employee 29");
    }

    @Test
    void a_tenant_whose_graph_hangs_does_not_delay_another_tenants_photos() throws Exception {
        Tenant hanging = newTenant(ENTRA_AGENT);
        Tenant healthy = newTenant(ENTRA_AGENT);
        String group = "hang" + UUID.randomUUID().toString().substring(0, 8);
        for (int i = 0; i < 12; i++) {
            String objectId = group + "_" + UUID.randomUUID();
            graph.directoryUser(hanging.directory, objectId, "Slow " + i, null);
            graph.script(objectId, Script.photo(jpeg(10_000), "W/\"s\"").slowBody(20_000));
            hanging.provision("slow" + i + "@contoso.example", objectId);
        }
        String objectId = UUID.randomUUID().toString();
        byte[] photo = jpeg(20_000);
        graph.directoryUser(healthy.directory, objectId, "Quick", null);
        graph.script(objectId, Script.photo(photo, "W/\"q\""));
        String userId = healthy.provision("quick@contoso.example", objectId);

        admin.put("/" + hanging.slug + "/directory-provider", settings(hanging.directory, "s3cret~value", null));
        await().atMost(SYNCED).until(() -> graph.maxContentInFlight(group) == 4);
        admin.put("/" + healthy.slug + "/directory-provider", settings(healthy.directory, "s3cret~value", null));

        await().atMost(SYNCED).untilAsserted(() ->
                assertThat(photoIn(healthy, userId)).isEqualTo(sha256(photo) + " MICROSOFT_GRAPH"));
        assertThat(admin.get("/" + hanging.slug + "/directory-provider").body().path("photosWaiting").asInt())
                .as("meanwhile the hanging tenant's 4 downloads hold all its slots; the rest wait in its own lane")
                .isEqualTo(8);
        assertThat(graph.maxContentInFlight(group)).as("never more than its bulkhead allows").isEqualTo(4);
    }

    /** A TheStorage tenant with SCIM on (its identity provider recognised from the agent) and its Entra directory. */
    private record Tenant(String slug, String directory, ScimSession scim) {
        String provision(String userName, String externalId) {
            Response created = scim.post("/Users", """
                    {"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],"userName":"%s","externalId":"%s",
                     "active":true}""".formatted(userName, externalId));
            assertThat(created.status()).isEqualTo(201);
            return created.id();
        }
    }

    private Tenant newTenant(String agent) {
        String slug = "t-" + UUID.randomUUID().toString().substring(0, 8);
        assertThat(admin.post("", "{\"slug\":\"" + slug + "\"}").status()).isEqualTo(201);
        Response enabled = admin.post("/" + slug + "/scim/enable", "");
        ScimSession scim = new ScimSession(pipeline.ingestBaseUrl() + "/api/" + slug + "/scim/v2",
                enabled.body().path("token").asString(), agent);
        return new Tenant(slug, UUID.randomUUID().toString(), scim);
    }

    private static String settings(String directory, String secret, LocalDate expiresOn) {
        Map<String, Object> form = new HashMap<>();
        form.put("clientId", "11111111-2222-3333-4444-555555555555");
        form.put("directoryTenantId", directory);
        form.put("clientSecret", secret);
        form.put("secretExpiresOn", expiresOn == null ? null : expiresOn.toString());
        return JSON.writeValueAsString(form);
    }

    /** "sha256 ORIGIN" of the photo the directory shows for the user, or null. */
    private String photoIn(Tenant tenant, String userId) throws Exception {
        JsonNode photo = JSON.readTree(probe.directoryUser(tenant.slug, userId)).path("photo");
        return photo.isMissingNode() || photo.isNull() ? null
                : photo.path("sha256").asString() + " " + ProfilePhoto.PhotoOrigin.valueOf(photo.path("origin").asString());
    }

    private String attribute(Tenant tenant, String userId, String name) throws Exception {
        JsonNode value = JSON.readTree(probe.directoryUser(tenant.slug, userId)).path("attributes").path(name);
        return value.isMissingNode() || value.isNull() ? null : value.asString();
    }

    private EntityExchangeResult<byte[]> photoBytes(Tenant tenant, String userId) {
        return adminClient().get().uri("/" + tenant.slug + "/users/" + userId + "/photo").exchange()
                .expectStatus().isOk()
                .expectHeader().contentTypeCompatibleWith("image/*")
                .expectBody(byte[].class).returnResult();
    }

    private JsonNode uploadAvatar(Tenant tenant, String userId, byte[] image) {
        byte[] answer = adminClient().put().uri("/" + tenant.slug + "/users/" + userId + "/avatar")
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

    private static String sha256(byte[] image) {
        return PhotoStore.sha256(image);
    }

    private static byte[] jpeg(int size) {
        byte[] image = new byte[size];
        new Random().nextBytes(image);
        image[0] = (byte) 0xFF;
        image[1] = (byte) 0xD8;
        image[2] = (byte) 0xFF;
        return image;
    }

    private static byte[] png(int size) {
        byte[] image = new byte[size];
        new Random().nextBytes(image);
        byte[] magic = {(byte) 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A};
        System.arraycopy(magic, 0, image, 0, magic.length);
        return image;
    }
}
