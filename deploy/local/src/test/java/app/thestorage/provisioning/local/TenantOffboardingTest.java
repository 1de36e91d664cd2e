package app.thestorage.provisioning.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import app.thestorage.provisioning.contract.Topics;
import app.thestorage.provisioning.contract.event.UserChangeEvent;
import app.thestorage.provisioning.contract.event.UserChangeType;
import app.thestorage.provisioning.contract.group.GroupChangeEvent;
import app.thestorage.provisioning.contract.group.GroupChangeType;
import app.thestorage.provisioning.local.ScimSession.Response;
import app.thestorage.provisioning.photos.graph.GraphStub;
import app.thestorage.provisioning.photos.graph.GraphStub.Script;
import app.thestorage.provisioning.photos.store.PhotoStore;
import com.azure.core.http.HttpClient;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
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
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * Offboarding a tenant (DELETE /admin/tenants/{tenant}, docs/tenant-offboarding.md) against the whole pipeline, with
 * photo-fetcher pointed at the Entra/Graph stub: SCIM refused at once, the progress while it runs, every user and group
 * deleted through the pipeline as downstream services see it, nothing of the tenant left in PostgreSQL, another
 * tenant untouched; and an offboarding whose instance crashed half way is resumed.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TenantOffboardingTest {

    private static final String ENTRA_AGENT = "Microsoft.AAD.Provisioning";
    private static final String GROUP = "urn:ietf:params:scim:schemas:core:2.0:Group";
    private static final Duration SETTLED = Duration.ofSeconds(60);

    @TempDir
    static Path work;

    private GraphStub graph;
    private LocalPipeline pipeline;
    private PipelineProbe probe;
    private ScimSession admin;

    @BeforeAll
    void start() throws Exception {
        graph = new GraphStub();
        HttpClient trustingTheStub = graph.identityHttpClient();
        Map<String, String> photoFetcher = new HashMap<>(graph.configuration());
        photoFetcher.put("provisioning.photos.sync.check-every", "200ms");
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
    void offboarding_deletes_everything_of_the_tenant_through_the_pipeline_and_nothing_of_another() throws Exception {
        Tenant leaving = newTenant();
        String directory = UUID.randomUUID().toString();
        String adaObject = UUID.randomUUID().toString();
        byte[] adaPhoto = jpeg(30_000);
        graph.directoryUser(directory, adaObject, "Ada Lovelace", "Analyst");
        graph.script(adaObject, Script.photo(adaPhoto, "W/\"ada-1\""));
        String ada = leaving.user("ada@leaving.example", adaObject);
        String grace = leaving.user("grace@leaving.example", UUID.randomUUID().toString());
        String alan = leaving.user("alan@leaving.example", UUID.randomUUID().toString());
        String engineering = leaving.group("Engineering", ada, grace);
        String everyone = leaving.group("Everyone", ada, grace, alan);
        String secret = "q8T8Q~" + UUID.randomUUID().toString().replace("-", "");
        assertThat(admin.put("/" + leaving.slug + "/directory-provider", """
                {"clientId":"11111111-2222-3333-4444-555555555555","directoryTenantId":"%s","clientSecret":"%s"}
                """.formatted(directory, secret)).status()).isEqualTo(200);
        byte[] avatar = png(20_000);
        assertThat(uploadAvatar(leaving.slug, grace, avatar)).isEqualTo(200);
        await().atMost(SETTLED).untilAsserted(() -> assertThat(count(
                "SELECT count(*) FROM photos.user_photos WHERE tenant = ? AND graph_sha256 IS NOT NULL", leaving.slug))
                .as("Ada's photo from Graph").isEqualTo(1));
        assertThat(leaving.scim.get("/Users/" + ada).status()).isEqualTo(200);
        await().atMost(SETTLED).untilAsserted(() -> assertThat(count(
                "SELECT count(*) FROM tenancy.provisioning_reads WHERE tenant = ?", leaving.slug))
                .as("the successful read, counted").isPositive());
        Tenant staying = newTenant();
        String stayingUser = staying.user("hopper@staying.example", UUID.randomUUID().toString());
        String stayingGroup = staying.group("Navy", stayingUser);

        Response started;
        try (Connection photosHeld = holdPhotoFetchersProviders()) {
            started = admin.delete("/" + leaving.slug);

            assertThat(started.status()).isEqualTo(202);
            assertThat(started.body().path("tenant").asString()).isEqualTo(leaving.slug);
            assertThat(started.body().path("state").asString()).isEqualTo("OFFBOARDING");
            assertThat(started.body().path("usersDeleted").asLong()).isZero();
            assertThat(started.body().path("groupsDeleted").asLong()).isZero();
            assertThat(started.body().path("startedAt").asString()).isNotBlank();
            Response refused = leaving.scim.get("/Users/" + ada);
            assertThat(refused.status()).isEqualTo(401);
            assertThat(refused.body().path("schemas").path(0).asString())
                    .isEqualTo("urn:ietf:params:scim:api:messages:2.0:Error");
            assertThat(refused.body().path("detail").asString()).isNotBlank();
            assertThat(leaving.scim.post("/Users", "{\"userName\":\"late@leaving.example\"}").status()).isEqualTo(401);

            // while it runs (photo-fetcher held in its first step): the progress, never a second start
            Response again = admin.delete("/" + leaving.slug);
            assertThat(again.status()).isEqualTo(202);
            assertThat(again.body().path("state").asString()).isEqualTo("OFFBOARDING");
            assertThat(again.body().path("startedAt").asString()).isEqualTo(started.body().path("startedAt").asString());
            Response status = admin.get("/" + leaving.slug);
            assertThat(status.status()).isEqualTo(200);
            assertThat(status.body().path("scimEnabled").asBoolean()).isFalse();
            assertThat(status.body().path("offboarding").path("state").asString()).isEqualTo("OFFBOARDING");
            assertThat(status.body().path("offboarding").path("step").asString()).isEqualTo("PURGE_DIRECTORY_PROVIDER");
            for (Response change : List.of(admin.post("/" + leaving.slug + "/scim/enable", ""),
                    admin.post("/" + leaving.slug + "/scim/token", ""),
                    admin.put("/" + leaving.slug + "/identity-provider", "{\"identityProvider\":\"OKTA\"}"),
                    admin.put("/" + leaving.slug + "/directory-provider", "{}"))) {
                assertThat(change.status()).isEqualTo(409);
                assertThat(change.body().path("detail").asString()).contains("is being offboarded");
            }
            photosHeld.rollback();
        }

        await().atMost(SETTLED).untilAsserted(() -> assertThat(admin.get("/" + leaving.slug).status()).isEqualTo(404));
        assertThat(admin.get("").body()).extracting(tenant -> tenant.path("slug").asString())
                .contains(staying.slug).doesNotContain(leaving.slug);
        assertThat(admin.delete("/" + leaving.slug).status()).isEqualTo(404);

        // nothing of it in PostgreSQL
        for (String table : List.of("directory.users", "directory.groups", "directory.group_members",
                "tenancy.provisioning_log", "tenancy.provisioning_reads")) {
            assertThat(count("SELECT count(*) FROM " + table + " WHERE tenant = ?", leaving.slug)).as(table).isZero();
        }
        assertThat(count("SELECT count(*) FROM tenancy.tenants WHERE slug = ?", leaving.slug)).isZero();
        assertThat(count("SELECT count(*) FROM directory.outcomes WHERE decision ->> 'tenant' = ?", leaving.slug))
                .isZero();
        // photo-fetcher's consumer may still be reading the tenant's last changes: each ends with its deletion
        await().atMost(SETTLED).untilAsserted(() -> {
            for (String table : List.of("photos.directory_providers", "photos.entra_users", "photos.user_photos")) {
                assertThat(count("SELECT count(*) FROM " + table + " WHERE tenant = ?", leaving.slug)).as(table).isZero();
            }
        });
        for (byte[] image : List.of(adaPhoto, avatar)) {
            assertThat(count("SELECT count(*) FROM photos.photo_content WHERE sha256 = ?", PhotoStore.sha256(image)))
                    .isZero();
        }
        assertThat(probe.rowsAsText("photos.directory_providers")).noneMatch(row -> row.contains(leaving.slug));

        // downstream services: a deletion on the change topics, a tombstone last on the state topics
        List<String> users = List.of(ada, grace, alan);
        List<ConsumerRecord<String, UserChangeEvent>> userChanges = probe.userChanges(seen -> users.stream()
                .allMatch(user -> seen.stream().anyMatch(change -> deleted(change.value(), user))), SETTLED);
        assertThat(users).allSatisfy(user -> assertThat(userChanges).anyMatch(change -> deleted(change.value(), user)));
        List<ConsumerRecord<String, GroupChangeEvent>> groupChanges = probe.groupChanges(seen -> seen.stream()
                .filter(change -> change.value().type() == GroupChangeType.GROUP_DELETED
                        && change.value().tenant().equals(leaving.slug)).count() == 2, SETTLED);
        assertThat(groupChanges).filteredOn(change -> change.value().tenant().equals(leaving.slug)
                        && change.value().type() == GroupChangeType.GROUP_DELETED)
                .extracting(change -> change.value().groupId()).containsExactlyInAnyOrder(engineering, everyone);
        List<String> userKeys = users.stream().map(user -> leaving.slug + "/" + user).toList();
        assertThat(probe.latestByKey(Topics.USER_STATE, latest -> tombstones(latest, userKeys), SETTLED))
                .as("users.state.v1").satisfies(latest -> assertThat(tombstones(latest, userKeys)).isTrue())
                .containsKey(staying.slug + "/" + stayingUser)
                .satisfies(latest -> assertThat(latest.get(staying.slug + "/" + stayingUser)).contains("hopper"));
        List<String> groupKeys = List.of(leaving.slug + "/" + engineering, leaving.slug + "/" + everyone);
        assertThat(probe.latestByKey(Topics.GROUP_STATE, latest -> tombstones(latest, groupKeys), SETTLED))
                .as("groups.state.v1").satisfies(latest -> assertThat(tombstones(latest, groupKeys)).isTrue())
                .satisfies(latest -> assertThat(latest.get(staying.slug + "/" + stayingGroup)).isNotNull());
        List<String> memberKeys = new ArrayList<>();
        List.of(ada, grace).forEach(user -> memberKeys.add(leaving.slug + "/" + engineering + "/" + user));
        users.forEach(user -> memberKeys.add(leaving.slug + "/" + everyone + "/" + user));
        assertThat(probe.latestByKey(Topics.GROUP_MEMBER_STATE, latest -> tombstones(latest, memberKeys), SETTLED))
                .as("groups.members.state.v1").satisfies(latest -> assertThat(tombstones(latest, memberKeys)).isTrue())
                .satisfies(latest -> assertThat(latest.get(staying.slug + "/" + stayingGroup + "/" + stayingUser))
                        .isNotNull());

        // the other tenant is untouched
        assertThat(staying.scim.get("/Users/" + stayingUser).status()).isEqualTo(200);
        assertThat(staying.scim.get("/Groups/" + stayingGroup).body().path("members")).hasSize(1);
        assertThat(probe.directoryCount(staying.slug)).isEqualTo(1);
        // the slug is free again
        assertThat(admin.post("", "{\"slug\":\"" + leaving.slug + "\"}").status()).isEqualTo(201);
        assertThat(probe.directoryCount(leaving.slug)).isZero();
    }

    @Test
    void an_offboarding_left_half_way_by_a_crashed_instance_is_resumed_and_completed() throws Exception {
        Tenant leaving = newTenant();
        String user = leaving.user("katherine@crashed.example", UUID.randomUUID().toString());
        String group = leaving.group("Mathematicians", user);
        // an instance started the offboarding, the provider step done, and holds it while it erases...
        execute("""
                UPDATE tenancy.tenants SET offboarding_since = now(), offboarding_step = 'ERASE_DIRECTORY',
                    scim_enabled = false, token_hash = NULL, token_created_at = NULL,
                    offboarding_claimed_by = 'an-instance-that-is-about-to-crash',
                    offboarding_claimed_until = now() + interval '1 hour'
                WHERE slug = '%s'""".formatted(leaving.slug));

        // this instance hears of the other's change through PostgreSQL's notification, as it commits
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() ->
                assertThat(leaving.scim.get("/Users/" + user).status()).isEqualTo(401));
        Response asked = admin.delete("/" + leaving.slug);
        assertThat(asked.status()).isEqualTo(202);
        assertThat(asked.body().path("state").asString()).isEqualTo("OFFBOARDING");
        assertThat(asked.body().path("step").asString()).isEqualTo("ERASE_DIRECTORY");
        assertThat(admin.get("/" + leaving.slug).body().path("offboarding").path("step").asString())
                .isEqualTo("ERASE_DIRECTORY");

        // ...and crashes: its claim lapses, and an ingest-api instance starting up resumes the offboarding
        execute("UPDATE tenancy.tenants SET offboarding_claimed_until = now() - interval '1 second' WHERE slug = '%s'"
                .formatted(leaving.slug));
        ConfigurableApplicationContext restarted = pipeline.startAnotherIngest();
        try {
            await().atMost(SETTLED).untilAsserted(() ->
                    assertThat(admin.get("/" + leaving.slug).status()).isEqualTo(404));
        } finally {
            restarted.close();
        }
        assertThat(probe.directoryCount(leaving.slug)).isZero();
        assertThat(count("SELECT count(*) FROM directory.groups WHERE tenant = ?", leaving.slug)).isZero();
        assertThat(count("SELECT count(*) FROM tenancy.tenants WHERE slug = ?", leaving.slug)).isZero();
        assertThat(probe.latestByKey(Topics.USER_STATE, latest -> tombstones(latest, List.of(leaving.slug + "/" + user)),
                SETTLED)).satisfies(latest -> assertThat(tombstones(latest, List.of(leaving.slug + "/" + user))).isTrue());
        assertThat(probe.latestByKey(Topics.GROUP_STATE, latest -> tombstones(latest, List.of(leaving.slug + "/" + group)),
                SETTLED)).satisfies(latest -> assertThat(tombstones(latest, List.of(leaving.slug + "/" + group))).isTrue());
    }

    @Test
    void an_unknown_tenant_cannot_be_offboarded() {
        Response unknown = admin.delete("/no-such-tenant");
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(unknown.body().path("detail").asString()).isEqualTo("There is no tenant 'no-such-tenant'.");
    }

    /** A tenant with SCIM on, its identity provider Entra. */
    private record Tenant(String slug, ScimSession scim) {
        String user(String userName, String externalId) {
            Response created = scim.post("/Users", """
                    {"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],"userName":"%s","externalId":"%s",
                     "active":true}""".formatted(userName, externalId));
            assertThat(created.status()).isEqualTo(201);
            return created.id();
        }

        String group(String displayName, String... members) {
            StringBuilder list = new StringBuilder();
            for (String member : members) {
                list.append(list.isEmpty() ? "" : ",").append("{\"value\":\"").append(member).append("\"}");
            }
            Response created = scim.post("/Groups", """
                    {"schemas":["%s"],"displayName":"%s","members":[%s]}""".formatted(GROUP, displayName, list));
            assertThat(created.status()).isEqualTo(201);
            return created.id();
        }
    }

    private Tenant newTenant() {
        String slug = "t-" + UUID.randomUUID().toString().substring(0, 8);
        assertThat(admin.post("", "{\"slug\":\"" + slug + "\",\"identityProvider\":\"MICROSOFT_ENTRA_ID\"}").status())
                .isEqualTo(201);
        Response enabled = admin.post("/" + slug + "/scim/enable", "");
        return new Tenant(slug, new ScimSession(pipeline.ingestBaseUrl() + "/api/" + slug + "/scim/v2",
                enabled.body().path("token").asString(), ENTRA_AGENT));
    }

    private static boolean deleted(UserChangeEvent change, String userId) {
        return change != null && change.userId().equals(userId) && change.type() == UserChangeType.USER_DELETED;
    }

    /** Whether each key's latest record is a tombstone. */
    private static boolean tombstones(Map<String, String> latest, List<String> keys) {
        return keys.stream().allMatch(key -> latest.containsKey(key) && latest.get(key) == null);
    }

    /**
     * Locks photo-fetcher's Directory Provider table in a transaction the caller ends: the offboarding's first step
     * waits there, so what the admin API answers while an offboarding runs can be seen.
     */
    private Connection holdPhotoFetchersProviders() throws SQLException {
        Connection connection = connect();
        connection.setAutoCommit(false);
        try (Statement lock = connection.createStatement()) {
            lock.execute("LOCK TABLE photos.directory_providers IN ACCESS EXCLUSIVE MODE");
        }
        return connection;
    }

    private int uploadAvatar(String tenant, String userId, byte[] image) {
        return WebTestClient.bindToServer().baseUrl(pipeline.ingestBaseUrl() + "/admin/tenants")
                .defaultHeader(HttpHeaders.AUTHORIZATION, "Bearer " + pipeline.adminToken())
                .responseTimeout(Duration.ofSeconds(30)).build()
                .put().uri("/" + tenant + "/users/" + userId + "/avatar")
                .contentType(MediaType.IMAGE_PNG).bodyValue(image).exchange()
                .expectBody().returnResult().getStatus().value();
    }

    private long count(String sql, String parameter) throws SQLException {
        try (Connection connection = connect(); PreparedStatement query = connection.prepareStatement(sql)) {
            query.setString(1, parameter);
            try (ResultSet row = query.executeQuery()) {
                row.next();
                return row.getLong(1);
            }
        }
    }

    private void execute(String sql) throws SQLException {
        try (Connection connection = connect(); Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    private Connection connect() throws SQLException {
        PipelineSettings.Database database = pipeline.database();
        return DriverManager.getConnection(database.jdbcUrl(), database.user(), database.password());
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
