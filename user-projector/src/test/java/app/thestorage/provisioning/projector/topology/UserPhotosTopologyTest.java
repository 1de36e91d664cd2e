package app.thestorage.provisioning.projector.topology;

import static org.assertj.core.api.Assertions.assertThat;

import app.thestorage.provisioning.contract.command.CreateUser;
import app.thestorage.provisioning.contract.command.Decision;
import app.thestorage.provisioning.contract.command.Outcome;
import app.thestorage.provisioning.contract.command.PatchUser;
import app.thestorage.provisioning.contract.command.Rejection;
import app.thestorage.provisioning.contract.command.ReplaceUser;
import app.thestorage.provisioning.contract.event.UserChangeEvent;
import app.thestorage.provisioning.contract.serde.ContractJson;
import app.thestorage.provisioning.contract.state.UserState;
import app.thestorage.provisioning.contract.user.IdentityProvider;
import app.thestorage.provisioning.contract.user.Photo;
import app.thestorage.provisioning.contract.user.UserAttributes;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Collections;
import java.util.List;
import org.apache.kafka.streams.TestOutputTopic;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A user's photos in the projector: carried by the change event and the state record, changed by PATCH in the
 * tenant's order, and held to the directory's limits whoever sent the command, ingest-api or another producer.
 */
class UserPhotosTopologyTest {

    private static final Instant NOW = Instant.parse("2026-12-07T10:00:00Z");
    private static final String PATCH_OP = "urn:ietf:params:scim:api:messages:2.0:PatchOp";
    private static final Photo PHOTO = new Photo("https://okta.example/ada.jpg", null, "photo", false);

    @TempDir
    Path state;

    private ProjectorUnderTest projector;
    private TestOutputTopic<String, Decision> decisions;
    private TestOutputTopic<String, UserChangeEvent> changes;
    private TestOutputTopic<String, UserState> states;
    private int requests;

    @BeforeEach
    void start() {
        projector = ProjectorUnderTest.start(state);
        decisions = projector.decisions();
        changes = projector.userChanges();
        states = projector.userStates();
    }

    @AfterEach
    void stop() {
        projector.close();
    }

    @Test
    void the_change_event_and_the_state_record_carry_the_photos_and_a_patch_by_type_changes_them() {
        projector.send(new CreateUser(request(), "acme", IdentityProvider.OKTA, NOW, "u1", ada(List.of(PHOTO))));
        projector.send(patch("""
                {"Operations":[{"op":"replace","path":"photos[type eq \\"photo\\"].value","value":"https://okta.example/ada-2.jpg"}]}"""));

        List<UserChangeEvent> published = changes.readValuesToList();
        assertThat(published).extracting(event -> event.user().attributes().photos()).containsExactly(
                List.of(PHOTO), List.of(new Photo("https://okta.example/ada-2.jpg", null, "photo", false)));
        assertThat(states.readValuesToList().getLast().user()).isEqualTo(published.getLast().user());
    }

    @Test
    void a_command_from_another_producer_with_photos_the_directory_does_not_keep_is_rejected_and_publishes_nothing() {
        List<List<Photo>> refused = List.of(
                List.of(new Photo("http://okta.example/ada.jpg", null, "photo", false)),
                List.of(new Photo("https://admin:secret@okta.example/ada.jpg", null, null, false)),
                List.of(new Photo("https://okta.example/ada.jpg", null, "avatar", false)),
                Collections.nCopies(6, PHOTO),
                List.of(new Photo(PHOTO.value(), null, null, true), new Photo(PHOTO.value(), null, "photo", true)));
        projector.send(new CreateUser(request(), "acme", IdentityProvider.OKTA, NOW, "u1", ada(List.of(PHOTO))));
        decisions.readValuesToList();
        changes.readValuesToList();
        states.readValuesToList();

        for (List<Photo> photos : refused) {
            projector.send(new CreateUser(request(), "acme", IdentityProvider.OKTA, NOW, "u" + requests, new UserAttributes(
                    "u" + requests + "@acme.example", null, null, null, null, null, true, null, photos)));
            projector.send(new ReplaceUser(request(), "acme", IdentityProvider.OKTA, NOW, "u1", ada(photos), null));
        }

        assertThat(decisions.readValuesToList()).hasSize(refused.size() * 2).allSatisfy(decision ->
                assertThat(decision.outcome()).isInstanceOfSatisfying(Outcome.Rejected.class, rejected -> {
                    assertThat(rejected.reason()).isEqualTo(Rejection.INVALID_VALUE);
                    assertThat(rejected.detail()).containsIgnoringCase("photos").doesNotContain("secret");
                }));
        assertThat(changes.isEmpty()).isTrue();
        assertThat(states.isEmpty()).isTrue();
    }

    @Test
    void a_patch_that_would_leave_the_user_with_six_photos_or_two_primaries_is_rejected() {
        projector.send(new CreateUser(request(), "acme", IdentityProvider.OKTA, NOW, "u1", ada(List.of(
                new Photo("https://okta.example/1.jpg", null, null, true), new Photo("https://okta.example/2.jpg", null, null, false),
                new Photo("https://okta.example/3.jpg", null, null, false), new Photo("https://okta.example/4.jpg", null, null, false),
                new Photo("https://okta.example/5.jpg", null, null, false)))));
        decisions.readValuesToList();
        changes.readValuesToList();

        projector.send(patch("""
                {"Operations":[{"op":"add","path":"photos","value":[{"value":"https://okta.example/6.jpg"}]}]}"""));
        projector.send(patch("""
                {"Operations":[{"op":"replace","path":"photos[value eq \\"https://okta.example/2.jpg\\"].primary","value":true}]}"""));

        assertThat(decisions.readValuesToList()).extracting(decision -> ((Outcome.Rejected) decision.outcome()).detail())
                .containsExactly("photos holds at most 5 entries.", "At most one entry of photos is primary.");
        assertThat(changes.isEmpty()).isTrue();
    }

    private static UserAttributes ada(List<Photo> photos) {
        return new UserAttributes("ada@acme.example", "00u1", null, null, null, null, true, null, photos);
    }

    private PatchUser patch(String operations) {
        String body = operations.replaceFirst("\\{", "{\"schemas\":[\"" + PATCH_OP + "\"],");
        return new PatchUser(request(), "acme", IdentityProvider.OKTA, NOW, "u1", ContractJson.mapper().readTree(body),
                null);
    }

    private String request() {
        return "r" + ++requests;
    }
}
