package app.thestorage.provisioning.ingest.scim;

import static org.assertj.core.api.Assertions.assertThat;

import app.thestorage.provisioning.contract.command.CreateUser;
import app.thestorage.provisioning.contract.command.PatchUser;
import app.thestorage.provisioning.contract.user.Photo;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.web.reactive.server.WebTestClient;
import tools.jackson.databind.JsonNode;

/** The photos attribute at the edge, as Okta sends it: kept and answered, or refused with a 400 before anything is sent. */
@ScimSliceTest
class ScimUserPhotosSliceTest {

    private static final String PATCH_OP = "urn:ietf:params:scim:api:messages:2.0:PatchOp";

    @Autowired
    WebTestClient web;
    @Autowired
    InMemoryProvisioning provisioning;

    private ScimClientSession okta() {
        return new ScimClientSession(web, "acme", ScimSlice.TOKEN, "Okta SCIM Client 1.0.0");
    }

    private static String unique(String prefix) {
        return prefix + "." + UUID.randomUUID() + "@acme.example";
    }

    private String oktaUser(String photos) {
        return okta().post("/Users", """
                {"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],"userName":"%s","active":true,
                 "photos":%s}""".formatted(unique("ada"), photos)).id();
    }

    @Test
    void an_okta_create_with_a_photo_is_201_with_the_photo_and_a_get_returns_it() {
        ScimClientSession.Answer created = okta().post("/Users", """
                {"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],"userName":"%s","active":true,
                 "photos":[{"value":"https://okta.example/ada.jpg","type":"Photo"}]}""".formatted(unique("ada")));

        assertThat(created.status()).isEqualTo(201);
        assertThat(provisioning.last(CreateUser.class).attributes().photos())
                .containsExactly(new Photo("https://okta.example/ada.jpg", null, "photo", false));
        JsonNode photo = okta().get("/Users/" + created.id()).body().path("photos").path(0);
        assertThat(photo.path("value").asString()).isEqualTo("https://okta.example/ada.jpg");
        assertThat(photo.path("type").asString()).isEqualTo("photo");
    }

    @Test
    void a_create_or_replace_with_photos_the_directory_does_not_keep_is_a_400_naming_photos_and_sends_nothing() {
        String id = oktaUser("[]");
        int before = provisioning.received().size();
        String[] refused = {
                "[{\"value\":\"http://okta.example/ada.jpg\"}]",
                "[{\"value\":\"https://admin:hunter2@okta.example/ada.jpg\"}]",
                "[{\"value\":\"https://okta.example/ada.jpg\",\"type\":\"avatar\"}]",
                "[{\"value\":\"https://okta.example/%s\"}]".formatted("a".repeat(2_100)),
                "[{\"value\":\"https://okta.example/a.jpg\",\"primary\":true},"
                        + "{\"value\":\"https://okta.example/b.jpg\",\"primary\":true}]",
                "[" + "{\"value\":\"https://okta.example/a.jpg\"},".repeat(5) + "{\"value\":\"https://okta.example/f.jpg\"}]",
                "\"https://okta.example/ada.jpg\""};

        for (String photos : refused) {
            ScimClientSession.Answer create = okta().post("/Users",
                    "{\"userName\":\"%s\",\"photos\":%s}".formatted(unique("bad"), photos));
            ScimClientSession.Answer replace = okta().put("/Users/" + id,
                    "{\"userName\":\"%s\",\"photos\":%s}".formatted(unique("bad"), photos));

            for (ScimClientSession.Answer answer : new ScimClientSession.Answer[] {create, replace}) {
                answer.assertScimError(400, "invalidValue");
                assertThat(answer.body().path("detail").asString()).as(photos).contains("photos")
                        .doesNotContain("hunter2");
            }
        }
        assertThat(provisioning.received()).hasSize(before);
    }

    @Test
    void okta_replaces_the_photo_through_its_type_filter() {
        String id = oktaUser("[{\"value\":\"https://okta.example/ada.jpg\",\"type\":\"photo\"}]");

        ScimClientSession.Answer patched = okta().patch("/Users/" + id, """
                {"schemas":["%s"],"Operations":[{"op":"replace","path":"photos[type eq \\"photo\\"].value",
                 "value":"https://okta.example/ada-2.jpg"}]}""".formatted(PATCH_OP));

        assertThat(patched.status()).isEqualTo(200);
        assertThat(patched.headers().getETag()).isEqualTo("W/\"2\"");
        assertThat(patched.body().path("photos").path(0).path("value").asString())
                .isEqualTo("https://okta.example/ada-2.jpg");
        assertThat(okta().get("/Users/" + id).body().path("photos")).hasSize(1);
    }

    @Test
    void a_patch_with_a_photo_that_is_not_https_is_a_400_and_sends_nothing() {
        String id = oktaUser("[{\"value\":\"https://okta.example/ada.jpg\",\"type\":\"photo\"}]");
        int before = provisioning.received().size();

        for (String operation : new String[] {
                "{\"op\":\"replace\",\"path\":\"photos[type eq \\\"photo\\\"].value\",\"value\":\"http://okta.example/a.jpg\"}",
                "{\"op\":\"add\",\"path\":\"photos\",\"value\":[{\"value\":\"file:///etc/passwd\"}]}",
                "{\"op\":\"replace\",\"path\":\"photos[type eq \\\"photo\\\"].type\",\"value\":\"avatar\"}"}) {
            ScimClientSession.Answer refused = okta().patch("/Users/" + id,
                    "{\"schemas\":[\"%s\"],\"Operations\":[%s]}".formatted(PATCH_OP, operation));

            refused.assertScimError(400, "invalidValue");
            assertThat(refused.body().path("detail").asString()).contains("photos");
        }
        assertThat(provisioning.received()).hasSize(before);
    }

    @Test
    void a_patch_that_leaves_the_user_with_too_many_photos_is_a_400_from_the_decision() {
        String id = oktaUser("[" + "{\"value\":\"https://okta.example/a.jpg\"},".repeat(4)
                + "{\"value\":\"https://okta.example/e.jpg\"}]");

        ScimClientSession.Answer refused = okta().patch("/Users/" + id, """
                {"schemas":["%s"],"Operations":[{"op":"add","path":"photos","value":[{"value":"https://okta.example/f.jpg"}]}]}
                """.formatted(PATCH_OP));

        refused.assertScimError(400, "invalidValue");
        assertThat(refused.body().path("detail").asString()).contains("photos holds at most 5");
        assertThat(provisioning.last(PatchUser.class).userId()).isEqualTo(id);
        assertThat(okta().get("/Users/" + id).body().path("photos")).hasSize(5);
    }

    @Test
    void photos_are_selected_and_excluded_as_other_attributes_are() {
        String id = oktaUser("[{\"value\":\"https://okta.example/ada.jpg\",\"type\":\"photo\",\"display\":\"Ada\"}]");

        JsonNode selected = okta().get("/Users/" + id + "?attributes=photos.value").body();
        JsonNode excluded = okta().get("/Users/" + id + "?excludedAttributes=photos").body();

        assertThat(selected.propertyNames()).containsExactlyInAnyOrder("schemas", "id", "photos");
        assertThat(selected.path("photos").path(0).propertyNames()).containsExactly("value");
        assertThat(excluded.has("photos")).isFalse();
        assertThat(excluded.path("userName").asString()).isNotEmpty();
    }

    @Test
    void schemas_advertise_photos_and_their_sub_attributes() {
        JsonNode user = okta().get("/Schemas/urn:ietf:params:scim:schemas:core:2.0:User").body();

        JsonNode photos = null;
        for (JsonNode attribute : user.path("attributes")) {
            if (attribute.path("name").asString().equals("photos")) {
                photos = attribute;
            }
        }
        assertThat(photos).as("photos in /Schemas").isNotNull();
        assertThat(photos.path("subAttributes")).extracting(sub -> sub.path("name").asString())
                .containsExactly("value", "display", "type", "primary");
    }
}
