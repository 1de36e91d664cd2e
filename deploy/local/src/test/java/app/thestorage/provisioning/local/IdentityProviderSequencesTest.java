package app.thestorage.provisioning.local;

import static app.thestorage.provisioning.local.ScimSession.encode;
import static org.assertj.core.api.Assertions.assertThat;

import app.thestorage.provisioning.contract.event.UserChangeEvent;
import app.thestorage.provisioning.contract.event.UserChangeType;
import app.thestorage.provisioning.local.ScimSession.Response;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.http.HttpMethod;

/**
 * The request sequences Microsoft Entra ID and Okta send, as their documentation describes them, replayed
 * one request at a time against the real pipeline.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class IdentityProviderSequencesTest {

    private static final String ENTRA_AGENT = "Microsoft.AAD.Provisioning";
    private static final String OKTA_AGENT = "Okta SCIM Client 1.0.0";

    @TempDir
    static Path work;

    private LocalPipeline pipeline;
    private PipelineProbe probe;
    private ScimSession entra;
    private ScimSession okta;

    @BeforeAll
    void start() {
        pipeline = LocalPipeline.start(PipelineSettings.embedded(work));
        probe = new PipelineProbe(pipeline);
        entra = new ScimSession(pipeline.scimBaseUrl(), pipeline.tenantToken(), ENTRA_AGENT);
        okta = new ScimSession(pipeline.scimBaseUrl(), pipeline.tenantToken(), OKTA_AGENT);
    }

    @AfterAll
    void stop() {
        if (pipeline != null) {
            pipeline.close();
        }
    }

    @Test
    void entra_test_connection_looks_up_a_random_userName_and_gets_an_empty_list() {
        Response response = entra.get("/Users?filter=" + encode("userName eq \"" + UUID.randomUUID() + "\""));

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.contentType()).startsWith("application/scim+json");
        assertThat(response.body().path("totalResults").asInt()).isZero();
        assertThat(response.body().path("schemas").path(0).asString())
                .isEqualTo("urn:ietf:params:scim:api:messages:2.0:ListResponse");
    }

    @Test
    void entra_matching_on_work_email_finds_the_user_by_its_work_address_only() {
        String run = UUID.randomUUID().toString();
        String work = "ada." + run + "@contoso.example";
        Response created = entra.post("/Users", """
                {"userName":"ada.%s","externalId":"%s",
                 "emails":[{"value":"%s","type":"work","primary":true},{"value":"home.%s","type":"home"}]}
                """.formatted(run, run, work, work));
        assertThat(created.status()).isEqualTo(201);

        Response byWork = entra.get("/Users?filter=" + encode("emails[type eq \"work\"].value eq \"" + work.toUpperCase() + "\""));
        Response byHome = entra.get("/Users?filter=" + encode("emails[type eq \"work\"].value eq \"home." + work + "\""));
        Response anyEmail = entra.get("/Users?filter=" + encode("emails.value eq \"home." + work + "\""));

        assertThat(byWork.status()).isEqualTo(200);
        assertThat(byWork.body().path("Resources")).singleElement()
                .satisfies(user -> assertThat(user.path("id").asString()).isEqualTo(created.id()));
        assertThat(byHome.body().path("totalResults").asInt()).isZero();
        assertThat(anyEmail.body().path("totalResults").asInt()).isEqualTo(1);
    }

    @Test
    void a_lookup_finds_the_user_a_create_would_collide_with_whatever_the_unicode_letter_case() {
        String run = UUID.randomUUID().toString().substring(0, 8);
        Response turkish = okta.post("/Users", "{\"userName\":\"İpek." + run + "@x.test\"}");
        Response greek = okta.post("/Users", "{\"userName\":\"ΟΔΥΣΣΕΥΣ." + run + "\"}");
        assertThat(turkish.status()).isEqualTo(201);
        assertThat(greek.status()).isEqualTo(201);

        for (String[] same : new String[][] {{"i\u0307pek." + run + "@x.test", turkish.id()},
                {"οδυσσευσ." + run, greek.id()}, {"ΟΔΥΣΣΕΥΣ." + run, greek.id()}}) {
            Response found = okta.get("/Users?filter=" + encode("userName eq \"" + same[0] + "\""));
            assertThat(found.body().path("Resources")).as(same[0]).singleElement()
                    .satisfies(user -> assertThat(user.path("id").asString()).isEqualTo(same[1]));
            assertThat(okta.post("/Users", "{\"userName\":\"" + same[0] + "\"}").status()).as(same[0]).isEqualTo(409);
        }
    }

    @Test
    void a_trailing_slash_after_Users_is_the_same_endpoint() {
        Response created = okta.post("/Users/", "{\"userName\":\"slash." + UUID.randomUUID() + "@acme.example\"}");
        Response listed = okta.get("/Users/?count=1");

        assertThat(created.status()).isEqualTo(201);
        assertThat(listed.status()).isEqualTo(200);
        assertThat(listed.body().path("schemas").path(0).asString())
                .isEqualTo("urn:ietf:params:scim:api:messages:2.0:ListResponse");
    }

    @Test
    void a_request_uri_that_is_not_a_uri_gets_a_scim_400_body() throws Exception {
        for (String target : List.of("/Users?filter=%zz", "/Users/{id}")) {
            String answer = rawRequest("GET " + URI.create(pipeline.scimBaseUrl()).getPath() + target);

            assertThat(answer).as(target).startsWith("HTTP/1.1 400");
            assertThat(answer).as(target).containsIgnoringCase("content-type: application/scim+json")
                    .contains("\"scimType\":\"invalidSyntax\"")
                    .contains("urn:ietf:params:scim:api:messages:2.0:Error");
        }
    }

    @Test
    void enterprise_data_sent_without_its_schema_urn_is_kept_and_the_urn_returned() {
        Response created = entra.post("/Users", """
                {"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],"userName":"ext.%s",
                 "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User":{"department":"Research"}}
                """.formatted(UUID.randomUUID()));

        assertThat(created.status()).isEqualTo(201);
        assertThat(created.body().path("schemas").toString())
                .contains("urn:ietf:params:scim:schemas:extension:enterprise:2.0:User");
        assertThat(entra.get("/Users/" + created.id()).body()
                .path("urn:ietf:params:scim:schemas:extension:enterprise:2.0:User").path("department").asString())
                .isEqualTo("Research");
    }

    /** Sends a request line as it is, bytes the HTTP clients of the JDK and Spring refuse to send. */
    private String rawRequest(String requestLine) throws Exception {
        URI base = URI.create(pipeline.scimBaseUrl());
        try (Socket socket = new Socket(base.getHost(), base.getPort())) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write((requestLine + " HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer "
                    + pipeline.tenantToken() + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            return new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void an_empty_filter_is_a_400_invalid_filter_not_every_user() {
        Response response = okta.get("/Users?filter=");

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.body().path("scimType").asString()).isEqualTo("invalidFilter");
    }

    @Test
    void entra_lookup_create_update_disable_enable_and_delete() throws Exception {
        String userName = "Test_User_" + UUID.randomUUID();
        String objectId = UUID.randomUUID().toString();

        assertThat(entra.get("/Users?filter=" + encode("userName eq \"" + userName + "\"")).body()
                .path("totalResults").asInt()).isZero();
        Response created = entra.post("/Users", """
                {"schemas":["urn:ietf:params:scim:schemas:core:2.0:User",
                            "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"],
                 "externalId":"%s","userName":"%s","active":true,
                 "emails":[{"primary":true,"type":"work","value":"%s@testuser.com"}],
                 "meta":{"resourceType":"User"},
                 "name":{"formatted":"givenName familyName","familyName":"familyName","givenName":"givenName"},
                 "roles":[],
                 "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User":{"department":"Sales"}}
                """.formatted(objectId, userName, userName));
        assertThat(created.status()).isEqualTo(201);
        String id = created.id();
        assertThat(created.body().path("urn:ietf:params:scim:schemas:extension:enterprise:2.0:User")
                .path("department").asString()).isEqualTo("Sales");

        assertThat(entra.get("/Users/" + id).body().path("userName").asString()).isEqualTo(userName);
        assertThat(entra.get("/Users?filter=" + encode("userName eq \"" + userName.toLowerCase() + "\"")).body()
                .path("Resources").path(0).path("id").asString()).isEqualTo(id);

        Response updated = entra.patch("/Users/" + id, """
                {"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
                 "Operations":[
                   {"op":"Replace","path":"emails[type eq \\"work\\"].value","value":"updatedEmail@microsoft.com"},
                   {"op":"Replace","path":"name.familyName","value":"updatedFamilyName"}]}
                """);
        assertThat(updated.status()).isEqualTo(200);
        assertThat(updated.body().path("emails").path(0).path("value").asString()).isEqualTo("updatedEmail@microsoft.com");
        assertThat(updated.body().path("name").path("familyName").asString()).isEqualTo("updatedFamilyName");
        assertThat(updated.body().path("name").path("givenName").asString()).isEqualTo("givenName");

        Response disabled = entra.patch("/Users/" + id, """
                {"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
                 "Operations":[{"op":"Replace","path":"active","value":"False"}]}
                """);
        assertThat(disabled.status()).isEqualTo(200);
        assertThat(disabled.body().path("active").asBoolean()).isFalse();
        Response stillThere = entra.get("/Users/" + id);
        assertThat(stillThere.status()).isEqualTo(200);
        assertThat(stillThere.body().path("active").asBoolean()).isFalse();

        Response enabled = entra.patch("/Users/" + id, """
                {"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
                 "Operations":[{"op":"Replace","path":"active","value":"True"}]}
                """);
        assertThat(enabled.body().path("active").asBoolean()).isTrue();

        assertThat(entra.delete("/Users/" + id).status()).isEqualTo(204);
        Response gone = entra.get("/Users/" + id);
        assertThat(gone.status()).isEqualTo(404);
        assertThat(gone.body().path("schemas").path(0).asString()).isEqualTo("urn:ietf:params:scim:api:messages:2.0:Error");

        List<ConsumerRecord<String, UserChangeEvent>> changes = probe.userChanges(
                seen -> seen.stream().anyMatch(r -> r.value().userId().equals(id)
                        && r.value().type() == UserChangeType.USER_DELETED), Duration.ofSeconds(30));
        assertThat(changes).filteredOn(r -> r.value().userId().equals(id))
                .extracting(r -> r.value().type())
                .containsExactly(UserChangeType.USER_CREATED, UserChangeType.USER_UPDATED,
                        UserChangeType.USER_DEACTIVATED, UserChangeType.USER_REACTIVATED, UserChangeType.USER_DELETED);
    }

    @Test
    void entra_with_the_aadOptscim062020_flag_sends_path_less_operations_with_dotted_keys_and_urns() {
        String userName = "flag." + UUID.randomUUID() + "@contoso.example";
        String id = entra.post("/Users?aadOptscim062020", """
                {"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],"userName":"%s","active":true,
                 "externalId":"%s"}
                """.formatted(userName, UUID.randomUUID())).id();

        Response patched = entra.patch("/Users/" + id + "?aadOptscim062020", """
                {"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
                 "Operations":[{"op":"replace","value":{
                    "name.givenName":"Grace","name.familyName":"Hopper","displayName":"Grace Hopper",
                    "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department":"Navy"}},
                   {"op":"replace","path":"emails[type eq \\"work\\"].value","value":"%s"}]}
                """.formatted(userName));

        assertThat(patched.status()).isEqualTo(200);
        assertThat(patched.body().path("name").path("givenName").asString()).isEqualTo("Grace");
        assertThat(patched.body().path("displayName").asString()).isEqualTo("Grace Hopper");
        assertThat(patched.body().path("urn:ietf:params:scim:schemas:extension:enterprise:2.0:User")
                .path("department").asString()).isEqualTo("Navy");
        assertThat(patched.body().path("emails").path(0).path("type").asString()).isEqualTo("work");
        assertThat(patched.body().path("emails").path(0).path("value").asString()).isEqualTo(userName);
    }

    @Test
    void okta_lookup_create_with_placeholder_password_put_deactivate_and_reactivate() throws Exception {
        String userName = "okta." + UUID.randomUUID() + "@acme.example";
        Response lookup = okta.get("/Users?filter=" + encode("userName eq \"" + userName + "\"") + "&startIndex=1&count=100");
        assertThat(lookup.body().path("totalResults").asInt()).isZero();

        Response created = okta.post("/Users", """
                {"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],"userName":"%s",
                 "name":{"givenName":"Katherine","familyName":"Johnson"},
                 "emails":[{"primary":true,"value":"%s","type":"work"}],
                 "displayName":"Katherine Johnson","locale":"en-US","externalId":"00u1abcd",
                 "groups":[],"password":"1mP0sSible-Placeholder","active":true}
                """.formatted(userName, userName));
        assertThat(created.status()).isEqualTo(201);
        String id = created.id();
        assertThat(created.body().has("password")).isFalse();
        assertThat(probe.directoryRow("demo", id)).containsEntry("source", "OKTA");

        Response replaced = okta.put("/Users/" + id, """
                {"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],"id":"%s","userName":"%s",
                 "name":{"givenName":"Katherine","familyName":"Johnson"},"title":"Mathematician",
                 "emails":[{"primary":true,"value":"%s","type":"work"}],"displayName":"Katherine Johnson",
                 "externalId":"00u1abcd","groups":[],"active":true}
                """.formatted(id, userName, userName));
        assertThat(replaced.status()).isEqualTo(200);
        assertThat(replaced.body().path("title").asString()).isEqualTo("Mathematician");

        Response deactivated = okta.patch("/Users/" + id, """
                {"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
                 "Operations":[{"op":"replace","value":{"active":false}}]}
                """);
        assertThat(deactivated.status()).isEqualTo(200);
        assertThat(okta.get("/Users/" + id).body().path("active").asBoolean()).isFalse();
        assertThat(okta.get("/Users/" + id).id()).isEqualTo(id);

        Response reactivated = okta.patch("/Users/" + id, """
                {"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
                 "Operations":[{"op":"replace","value":{"active":true}}]}
                """);
        assertThat(reactivated.body().path("active").asBoolean()).isTrue();
        assertThat(reactivated.body().path("title").asString()).isEqualTo("Mathematician");
    }

    @Test
    void okta_with_sync_password_on_is_told_to_turn_it_off() {
        String userName = "pw." + UUID.randomUUID() + "@acme.example";
        String id = okta.post("/Users", "{\"userName\":\"%s\",\"password\":\"x\"}".formatted(userName)).id();

        Response put = okta.put("/Users/" + id, "{\"userName\":\"%s\",\"password\":\"Sup3r-Secret\"}".formatted(userName));
        Response patch = okta.patch("/Users/" + id,
                "{\"schemas\":[\"urn:ietf:params:scim:api:messages:2.0:PatchOp\"],\"Operations\":[{\"op\":\"replace\",\"path\":\"password\",\"value\":\"Sup3r-Secret\"}]}");

        for (Response refused : List.of(put, patch)) {
            assertThat(refused.status()).isEqualTo(400);
            assertThat(refused.body().path("detail").asString()).contains("Sync Password").doesNotContain("Sup3r-Secret");
        }
    }

    @Test
    void okta_imports_page_through_all_users_with_count() {
        for (int i = 0; i < 3; i++) {
            assertThat(okta.post("/Users", "{\"userName\":\"import-%d-%s\"}".formatted(i, UUID.randomUUID())).status())
                    .isEqualTo(201);
        }
        int total = okta.get("/Users?startIndex=1&count=1").body().path("totalResults").asInt();
        assertThat(total).isGreaterThanOrEqualTo(3);

        int seen = 0;
        for (int start = 1; start <= total; start += 2) {
            Response page = okta.get("/Users?startIndex=" + start + "&count=2");
            assertThat(page.body().path("startIndex").asInt()).isEqualTo(start);
            assertThat(page.body().path("totalResults").asInt()).isEqualTo(total);
            assertThat(page.body().path("itemsPerPage").asInt()).isEqualTo(page.body().path("Resources").size());
            seen += page.body().path("Resources").size();
        }
        assertThat(seen).isEqualTo(total);

        Response pastTheEnd = okta.get("/Users?startIndex=" + (total + 5) + "&count=2");
        assertThat(pastTheEnd.body().path("totalResults").asInt()).isEqualTo(total);
        assertThat(pastTheEnd.body().path("Resources").size()).isZero();
    }

    @Test
    void a_stale_if_match_gets_412_and_nothing_changes() {
        String id = okta.post("/Users", "{\"userName\":\"etag-%s\"}".formatted(UUID.randomUUID())).id();
        okta.patch("/Users/" + id, "{\"schemas\":[\"urn:ietf:params:scim:api:messages:2.0:PatchOp\"],\"Operations\":[{\"op\":\"replace\",\"path\":\"title\",\"value\":\"v2\"}]}");

        Response stale = okta.send(HttpMethod.PATCH, "/Users/" + id,
                "{\"schemas\":[\"urn:ietf:params:scim:api:messages:2.0:PatchOp\"],\"Operations\":[{\"op\":\"replace\",\"path\":\"title\",\"value\":\"v3\"}]}", "W/\"1\"");

        assertThat(stale.status()).isEqualTo(412);
        assertThat(okta.get("/Users/" + id).body().path("title").asString()).isEqualTo("v2");
    }

    @Test
    void discovery_says_users_and_groups_with_patch_and_without_bulk() {
        Response config = entra.get("/ServiceProviderConfig");
        assertThat(config.body().path("patch").path("supported").asBoolean()).isTrue();
        assertThat(config.body().path("bulk").path("supported").asBoolean()).isFalse();
        assertThat(entra.get("/ResourceTypes").body().path("Resources")).extracting(type -> type.path("id").asString())
                .containsExactly("User", "Group");
        assertThat(entra.get("/ResourceTypes/Group").body().path("endpoint").asString()).isEqualTo("/Groups");
        assertThat(entra.get("/ResourceTypes/Role").status()).isEqualTo(404);
        assertThat(entra.get("/Schemas/urn:ietf:params:scim:schemas:core:2.0:User").body().path("id").asString())
                .isEqualTo("urn:ietf:params:scim:schemas:core:2.0:User");
    }

    @Test
    void filters_beyond_userName_run_in_the_directory() {
        String marker = UUID.randomUUID().toString().substring(0, 8);
        okta.post("/Users", """
                {"userName":"f1-%s@acme.example","title":"Pilot","emails":[{"value":"f1-%s@acme.example","type":"work"}]}
                """.formatted(marker, marker));
        okta.post("/Users", """
                {"userName":"f2-%s@acme.example","title":"Engineer","active":false}
                """.formatted(marker));

        assertThat(okta.get("/Users?filter=" + encode("userName co \"" + marker + "\" and title eq \"pilot\""))
                .body().path("totalResults").asInt()).isEqualTo(1);
        assertThat(okta.get("/Users?filter=" + encode("emails[type eq \"work\" and value sw \"f1-" + marker + "\"]"))
                .body().path("totalResults").asInt()).isEqualTo(1);
        assertThat(okta.get("/Users?filter=" + encode("userName ew \"" + marker + "@acme.example\" and not (active eq true)"))
                .body().path("Resources").path(0).path("userName").asString()).isEqualTo("f2-" + marker + "@acme.example");
        Response invalid = okta.get("/Users?filter=" + encode("userName eq"));
        assertThat(invalid.status()).isEqualTo(400);
        assertThat(invalid.body().path("scimType").asString()).isEqualTo("invalidFilter");
    }

    @Test
    void a_client_sending_application_json_is_served_in_application_scim_json() {
        Response created = okta.send(HttpMethod.POST, "/Users",
                "{\"userName\":\"json-%s\"}".formatted(UUID.randomUUID()), null, "application/json");

        assertThat(created.status()).isEqualTo(201);
        assertThat(created.contentType()).startsWith("application/scim+json");
    }

    @Test
    void a_body_over_the_limit_is_a_scim_413_and_writes_nothing() throws Exception {
        long before = probe.directoryCount("demo");
        String huge = "{\"userName\":\"big\",\"displayName\":\"" + "x".repeat(300_000) + "\"}";

        Response tooLarge = okta.send(HttpMethod.POST, "/Users", huge, null, "application/json");

        assertThat(tooLarge.status()).isEqualTo(413);
        assertThat(tooLarge.body().path("schemas").path(0).asString())
                .isEqualTo("urn:ietf:params:scim:api:messages:2.0:Error");
        assertThat(probe.directoryCount("demo")).isEqualTo(before);
    }
}
