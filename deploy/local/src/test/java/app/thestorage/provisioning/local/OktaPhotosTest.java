package app.thestorage.provisioning.local;

import static app.thestorage.provisioning.local.ScimSession.encode;
import static org.assertj.core.api.Assertions.assertThat;

import app.thestorage.provisioning.contract.event.UserChangeEvent;
import app.thestorage.provisioning.contract.event.UserChangeType;
import app.thestorage.provisioning.contract.user.Photo;
import app.thestorage.provisioning.local.ScimSession.Response;
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

/** The photos Okta maps onto SCIM photos, through the real pipeline: kept, answered, found, changed and published. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OktaPhotosTest {

    private static final String PATCH_OP = "urn:ietf:params:scim:api:messages:2.0:PatchOp";

    @TempDir
    static Path work;

    private LocalPipeline pipeline;
    private PipelineProbe probe;
    private ScimSession okta;

    @BeforeAll
    void start() {
        pipeline = LocalPipeline.start(PipelineSettings.embedded(work));
        probe = new PipelineProbe(pipeline);
        okta = new ScimSession(pipeline.scimBaseUrl(), pipeline.tenantToken(), "Okta SCIM Client 1.0.0");
    }

    @AfterAll
    void stop() {
        if (pipeline != null) {
            pipeline.close();
        }
    }

    @Test
    void an_okta_user_with_a_photo_is_created_read_found_patched_by_type_and_published_with_it() {
        String run = UUID.randomUUID().toString();
        String first = "https://okta.example/photos/" + run + ".jpg";
        String second = "https://okta.example/photos/" + run + "-2.jpg";
        Response created = okta.post("/Users", """
                {"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],"userName":"ada.%s@acme.example",
                 "name":{"givenName":"Ada","familyName":"Lovelace"},"active":true,"externalId":"00u%s",
                 "photos":[{"value":"%s","type":"photo"}]}
                """.formatted(run, run, first));
        assertThat(created.status()).isEqualTo(201);
        String id = created.id();
        assertThat(okta.get("/Users/" + id).body().path("photos").path(0).path("value").asString()).isEqualTo(first);

        Response found = okta.get("/Users?filter=" + encode("photos[type eq \"photo\"].value eq \"" + first + "\""));
        assertThat(found.body().path("Resources")).singleElement()
                .satisfies(user -> assertThat(user.path("id").asString()).isEqualTo(id));

        Response patched = okta.patch("/Users/" + id, """
                {"schemas":["%s"],"Operations":[{"op":"replace","path":"photos[type eq \\"photo\\"].value","value":"%s"}]}
                """.formatted(PATCH_OP, second));
        assertThat(patched.status()).isEqualTo(200);
        assertThat(okta.get("/Users/" + id).body().path("photos")).singleElement().satisfies(photo -> {
            assertThat(photo.path("value").asString()).isEqualTo(second);
            assertThat(photo.path("type").asString()).isEqualTo("photo");
        });

        Response refused = okta.patch("/Users/" + id, """
                {"schemas":["%s"],"Operations":[{"op":"replace","path":"photos[type eq \\"photo\\"].value","value":"http://okta.example/a.jpg"}]}
                """.formatted(PATCH_OP));
        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.body().path("scimType").asString()).isEqualTo("invalidValue");
        assertThat(refused.body().path("detail").asString()).contains("photos");
        assertThat(okta.get("/Users/" + id).body().path("photos").path(0).path("value").asString()).isEqualTo(second);

        List<ConsumerRecord<String, UserChangeEvent>> changes = probe.userChanges(
                seen -> seen.stream().anyMatch(r -> r.value().userId().equals(id)
                        && r.value().type() == UserChangeType.USER_UPDATED), Duration.ofSeconds(30));
        assertThat(changes).filteredOn(r -> r.value().userId().equals(id))
                .extracting(r -> r.value().user().attributes().photos())
                .containsExactly(List.of(new Photo(first, null, "photo", false)),
                        List.of(new Photo(second, null, "photo", false)));
    }
}
