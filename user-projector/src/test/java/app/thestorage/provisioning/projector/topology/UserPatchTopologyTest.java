package app.thestorage.provisioning.projector.topology;

import static org.assertj.core.api.Assertions.assertThat;

import app.thestorage.provisioning.contract.command.CreateUser;
import app.thestorage.provisioning.contract.command.Decision;
import app.thestorage.provisioning.contract.command.Outcome;
import app.thestorage.provisioning.contract.command.PatchUser;
import app.thestorage.provisioning.contract.command.Rejection;
import app.thestorage.provisioning.contract.event.UserChangeEvent;
import app.thestorage.provisioning.contract.event.UserChangeType;
import app.thestorage.provisioning.contract.serde.ContractJson;
import app.thestorage.provisioning.contract.user.Email;
import app.thestorage.provisioning.contract.user.IdentityProvider;
import app.thestorage.provisioning.contract.user.UserAttributes;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.apache.kafka.streams.TestOutputTopic;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A user PATCH is decided like a group PATCH: applied by the projector to the user as it is when the PATCH's turn
 * comes in the tenant's order, so PATCHes sent at once each apply to the result of the one before and none is lost.
 */
class UserPatchTopologyTest {

    private static final Instant NOW = Instant.parse("2026-12-07T10:00:00Z");
    private static final String PATCH_OP = "urn:ietf:params:scim:api:messages:2.0:PatchOp";

    @TempDir
    Path state;

    private ProjectorUnderTest projector;
    private TestOutputTopic<String, Decision> decisions;
    private TestOutputTopic<String, UserChangeEvent> changes;
    private int requests;

    @BeforeEach
    void start() {
        projector = ProjectorUnderTest.start(state);
        decisions = projector.decisions();
        changes = projector.userChanges();
        projector.send(new CreateUser(request(), "acme", IdentityProvider.MICROSOFT_ENTRA_ID, NOW, "u1",
                new UserAttributes("ada@acme.example", "ext-1", null, null, null,
                        List.of(new Email("ada@acme.example", "work", true)), true, null)));
        decisions.readValuesToList();
        changes.readValuesToList();
    }

    @AfterEach
    void stop() {
        projector.close();
    }

    @Test
    void patches_based_on_the_same_version_each_apply_to_the_result_of_the_one_before() {
        projector.send(patch("""
                {"Operations":[{"op":"Replace","path":"title","value":"Analyst"}]}""", null));
        projector.send(patch("""
                {"Operations":[{"op":"Add","path":"displayName","value":"Ada Lovelace"}]}""", null));
        projector.send(patch("""
                {"Operations":[{"op":"Replace","path":"urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department","value":"R&D"}]}""", null));
        projector.send(patch("""
                {"Operations":[{"op":"Replace","path":"active","value":"False"}]}""", null));

        List<UserChangeEvent> published = changes.readValuesToList();
        assertThat(published).extracting(UserChangeEvent::version).containsExactly(2L, 3L, 4L, 5L);
        assertThat(published.getLast().type()).isEqualTo(UserChangeType.USER_DEACTIVATED);
        UserAttributes last = published.getLast().user().attributes();
        assertThat(last.title()).isEqualTo("Analyst");
        assertThat(last.displayName()).isEqualTo("Ada Lovelace");
        assertThat(last.department()).isEqualTo("R&D");
        assertThat(last.active()).isFalse();
        assertThat(last.emails()).extracting(Email::value).containsExactly("ada@acme.example");
    }

    @Test
    void a_patch_with_if_match_of_an_older_version_is_refused_with_412_and_changes_nothing() {
        projector.send(patch("""
                {"Operations":[{"op":"Replace","path":"title","value":"Analyst"}]}""", null));
        projector.send(patch("""
                {"Operations":[{"op":"Replace","path":"title","value":"Engineer"}]}""", 1L));

        List<Decision> all = decisions.readValuesToList();
        assertThat(all.get(1).outcome()).isInstanceOfSatisfying(Outcome.Rejected.class,
                rejected -> assertThat(rejected.reason()).isEqualTo(Rejection.STALE_VERSION));
        assertThat(changes.readValuesToList()).hasSize(1);
    }

    @Test
    void what_the_patch_engine_refuses_for_this_user_is_a_scim_error_not_a_dead_letter() {
        // a filter that matches no email of this user and does not say which one to add
        projector.send(patch("""
                {"Operations":[{"op":"Replace","path":"emails[value sw \\"x\\"].type","value":"home"}]}""", null));
        // the userName made empty
        projector.send(patch("""
                {"Operations":[{"op":"Replace","path":"userName","value":""}]}""", null));

        List<Decision> all = decisions.readValuesToList();
        assertThat(all).extracting(Decision::outcome).extracting(outcome -> ((Outcome.Rejected) outcome).reason())
                .containsExactly(Rejection.NO_TARGET, Rejection.INVALID_VALUE);
        assertThat(changes.isEmpty()).isTrue();
    }

    @Test
    void a_patch_that_changes_nothing_is_unchanged_and_publishes_nothing() {
        projector.send(patch("""
                {"Operations":[{"op":"Replace","path":"active","value":true}]}""", null));

        assertThat(decisions.readValue().outcome()).isInstanceOfSatisfying(Outcome.Unchanged.class,
                unchanged -> assertThat(unchanged.user().version()).isEqualTo(1));
        assertThat(changes.isEmpty()).isTrue();
    }

    @Test
    void a_patch_of_a_user_that_is_not_there_is_a_404() {
        projector.send(new PatchUser(request(), "acme", IdentityProvider.OKTA, NOW, "nobody", ContractJson.mapper().readTree("""
                {"Operations":[{"op":"replace","path":"active","value":false}]}"""), null));

        assertThat(decisions.readValue().outcome()).isInstanceOfSatisfying(Outcome.Rejected.class,
                rejected -> assertThat(rejected.reason()).isEqualTo(Rejection.NOT_FOUND));
    }

    private PatchUser patch(String operations, Long ifMatch) {
        String body = operations.replaceFirst("\\{", "{\"schemas\":[\"" + PATCH_OP + "\"],");
        return new PatchUser(request(), "acme", IdentityProvider.MICROSOFT_ENTRA_ID, NOW, "u1",
                ContractJson.mapper().readTree(body), ifMatch);
    }

    private String request() {
        return "r" + ++requests;
    }

}
