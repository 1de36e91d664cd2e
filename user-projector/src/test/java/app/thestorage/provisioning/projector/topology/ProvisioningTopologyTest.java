package app.thestorage.provisioning.projector.topology;

import static org.assertj.core.api.Assertions.assertThat;

import app.thestorage.provisioning.contract.command.CreateUser;
import app.thestorage.provisioning.contract.command.Decision;
import app.thestorage.provisioning.contract.command.DeleteUser;
import app.thestorage.provisioning.contract.command.Rejection;
import app.thestorage.provisioning.contract.command.ReplaceUser;
import app.thestorage.provisioning.contract.command.Outcome;
import app.thestorage.provisioning.contract.command.SetProfilePhoto;
import app.thestorage.provisioning.contract.command.SyncDirectoryProfile;
import app.thestorage.provisioning.contract.event.UserChangeEvent;
import app.thestorage.provisioning.contract.event.UserChangeType;
import app.thestorage.provisioning.contract.user.IdentityProvider;
import app.thestorage.provisioning.contract.user.ProfilePhoto;
import app.thestorage.provisioning.contract.user.User;
import app.thestorage.provisioning.contract.user.UserAttributes;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProvisioningTopologyTest {

    private static final Instant NOW = Instant.parse("2026-11-23T10:00:00Z");

    @TempDir
    Path state;

    private ProjectorUnderTest projector;
    private TestOutputTopic<String, Decision> decisions;
    private TestOutputTopic<String, UserChangeEvent> changes;

    @BeforeEach
    void start() {
        projector = ProjectorUnderTest.start(state);
        decisions = projector.decisions();
        changes = projector.userChanges();
    }

    @AfterEach
    void stop() {
        projector.close();
    }

    @Test
    void a_new_user_is_created_at_version_1_and_published_keyed_by_tenant_and_user() {
        projector.send(create("acme", "r1", "u1", "ada@acme.example", "ext-1", IdentityProvider.OKTA));

        Decision decision = decisions.readValue();
        assertThat(decision.requestId()).isEqualTo("r1");
        assertThat(decision.outcome()).isInstanceOf(Outcome.Applied.class);

        KeyValue<String, UserChangeEvent> change = changes.readKeyValue();
        assertThat(change.key).isEqualTo("acme/u1");
        assertThat(change.value.type()).isEqualTo(UserChangeType.USER_CREATED);
        assertThat(change.value.version()).isEqualTo(1);
        assertThat(change.value.source()).isEqualTo(IdentityProvider.OKTA);
        assertThat(change.value.user().created()).isEqualTo(NOW);
        assertThat(changes.isEmpty()).isTrue();
    }

    @Test
    void a_command_the_directory_cannot_hold_is_rejected_and_never_published_as_a_change() {
        // ingest-api refuses these at the edge; another producer's command must not slip through either
        projector.send(create("acme", "r1", "u1", "nul\u0000byte@acme.example", "ext-1", IdentityProvider.OKTA));
        projector.send(create("acme", "r2", "u2", "a".repeat(4_000), "ext-2", IdentityProvider.OKTA));
        projector.send(create("acme", "r3", "u3", "ada@acme.example", "ext-3", IdentityProvider.OKTA));
        projector.send(replace("r4", "u3", attributes("ada\ud800@acme.example", true), null));

        List<Decision> all = decisions.readValuesToList();
        assertThat(all.get(0).outcome()).isEqualTo(new Outcome.Rejected(Rejection.INVALID_VALUE,
                "userName contains the control character U+0000, which TheStorage cannot store."));
        assertThat(all.get(1).outcome()).isEqualTo(new Outcome.Rejected(Rejection.INVALID_VALUE,
                "userName is longer than 256 characters."));
        assertThat(all.get(2).outcome()).isInstanceOf(Outcome.Applied.class);
        assertThat(all.get(3).outcome()).isInstanceOf(Outcome.Rejected.class);
        assertThat(changes.readValuesToList()).extracting(UserChangeEvent::userId).containsExactly("u3");
    }

    @Test
    void a_second_user_with_the_same_userName_in_other_letter_case_is_refused_with_409_uniqueness() {
        projector.send(create("acme", "r1", "u1", "ada@acme.example", "ext-1", IdentityProvider.OKTA));
        projector.send(create("acme", "r2", "u2", "ADA@Acme.Example", "ext-2", IdentityProvider.OKTA));

        List<Decision> all = decisions.readValuesToList();
        assertThat(all.get(1).outcome()).isEqualTo(new Outcome.Rejected(Rejection.NAME_TAKEN,
                "A user with userName 'ada@acme.example' already exists in this tenant."));
        assertThat(changes.readValuesToList()).hasSize(1);
    }

    @Test
    void a_retried_create_of_the_same_person_returns_the_existing_user_and_publishes_nothing() {
        projector.send(create("acme", "r1", "u1", "ada@acme.example", "ext-1", IdentityProvider.MICROSOFT_ENTRA_ID));
        projector.send(create("acme", "r2", "u2", "ada@acme.example", "ext-1", IdentityProvider.MICROSOFT_ENTRA_ID));

        List<Decision> all = decisions.readValuesToList();
        assertThat(all.get(1).outcome()).isInstanceOfSatisfying(Outcome.Unchanged.class,
                unchanged -> assertThat(unchanged.user().id()).isEqualTo("u1"));
        assertThat(changes.readValuesToList()).hasSize(1);
    }

    @Test
    void a_create_of_the_same_person_with_other_attributes_is_a_409_not_a_silent_201() {
        projector.send(create("acme", "r1", "u1", "ada@acme.example", "ext-1", IdentityProvider.MICROSOFT_ENTRA_ID));
        projector.send(new CreateUser("r2", "acme", IdentityProvider.MICROSOFT_ENTRA_ID, NOW, "u2",
                new UserAttributes("ADA@acme.example", "ext-1", null, "Ada L.", null, List.of(), false, null)));

        List<Decision> all = decisions.readValuesToList();
        assertThat(all.get(1).outcome()).isEqualTo(new Outcome.Rejected(Rejection.NAME_TAKEN,
                "A user with userName 'ada@acme.example' already exists in this tenant."));
        assertThat(changes.readValuesToList()).hasSize(1);
    }

    @Test
    void userNames_that_differ_only_in_unicode_letter_case_are_one_userName() {
        projector.send(create("acme", "r1", "u1", "ΟΔΥΣΣΕΥΣ.1", "ext-1", IdentityProvider.OKTA));
        projector.send(create("acme", "r2", "u2", "οδυσσευσ.1", "ext-2", IdentityProvider.OKTA));
        projector.send(create("acme", "r3", "u3", "straße@acme.example", "ext-3", IdentityProvider.OKTA));
        projector.send(create("acme", "r4", "u4", "STRASSE@ACME.EXAMPLE", "ext-4", IdentityProvider.OKTA));

        List<Decision> all = decisions.readValuesToList();
        assertThat(all).extracting(decision -> decision.outcome().getClass().getSimpleName())
                .containsExactly("Applied", "Rejected", "Applied", "Rejected");
    }

    @Test
    void users_decided_before_the_userName_key_existed_still_hold_their_userNames() {
        // a users store from before the index of userName keys: the index is filled from it at the first command
        KeyValueStore<String, User> users = projector.driver().getKeyValueStore(ProvisioningTopology.USERS_STORE);
        users.put("acme/u1", new User("acme", "u1", attributes("Straße@acme.example", true), IdentityProvider.OKTA,
                NOW, NOW, 1));

        projector.send(create("acme", "r2", "u2", "STRASSE@acme.example", "ext-2", IdentityProvider.OKTA));

        assertThat(decisions.readValue().outcome()).isInstanceOf(Outcome.Rejected.class);
    }

    @Test
    void the_same_userName_in_two_tenants_is_two_users() {
        projector.send(create("acme", "r1", "u1", "ada@example.com", "ext-1", IdentityProvider.OKTA));
        projector.send(create("globex", "r2", "u2", "ada@example.com", "ext-1", IdentityProvider.OKTA));

        assertThat(decisions.readValuesToList()).extracting(Decision::outcome)
                .allSatisfy(outcome -> assertThat(outcome).isInstanceOf(Outcome.Applied.class));
        assertThat(changes.readKeyValuesToList()).extracting(kv -> kv.key).containsExactly("acme/u1", "globex/u2");
    }

    @Test
    void a_command_delivered_twice_creates_the_user_once() {
        CreateUser command = create("acme", "r1", "u1", "bob@acme.example", null, IdentityProvider.OTHER_SCIM_CLIENT);
        projector.send(command);
        projector.send(command);

        List<Decision> all = decisions.readValuesToList();
        assertThat(all.get(1).outcome()).isInstanceOf(Outcome.Unchanged.class);
        assertThat(changes.readValuesToList()).hasSize(1);
    }

    @Test
    void a_replace_with_active_false_deactivates_and_a_later_one_reactivates_with_growing_versions() {
        projector.send(create("acme", "r1", "u1", "ada@acme.example", "ext-1", IdentityProvider.OKTA));
        projector.send(replace("r2", "u1", attributes("ada@acme.example", false), null));
        projector.send(replace("r3", "u1", attributes("ada@acme.example", true), null));

        assertThat(changes.readValuesToList()).extracting(UserChangeEvent::type, UserChangeEvent::version)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(UserChangeType.USER_CREATED, 1L),
                        org.assertj.core.groups.Tuple.tuple(UserChangeType.USER_DEACTIVATED, 2L),
                        org.assertj.core.groups.Tuple.tuple(UserChangeType.USER_REACTIVATED, 3L));
    }

    @Test
    void a_replace_that_changes_nothing_publishes_nothing() {
        projector.send(create("acme", "r1", "u1", "ada@acme.example", "ext-1", IdentityProvider.OKTA));
        projector.send(replace("r2", "u1", attributes("ada@acme.example", "ext-1", true), null));

        assertThat(decisions.readValuesToList().get(1).outcome()).isInstanceOf(Outcome.Unchanged.class);
        assertThat(changes.readValuesToList()).hasSize(1);
    }

    @Test
    void a_replace_based_on_an_old_version_is_refused_with_412() {
        projector.send(create("acme", "r1", "u1", "ada@acme.example", "ext-1", IdentityProvider.OKTA));
        projector.send(replace("r2", "u1", attributes("ada@acme.example", false), 1L));
        projector.send(replace("r3", "u1", attributes("ada.l@acme.example", false), 1L));

        assertThat(decisions.readValuesToList().get(2).outcome()).isInstanceOfSatisfying(Outcome.Rejected.class,
                rejected -> assertThat(rejected.reason()).isEqualTo(Rejection.STALE_VERSION));
    }

    @Test
    void renaming_onto_another_users_userName_is_409_and_a_freed_userName_can_be_taken() {
        projector.send(create("acme", "r1", "u1", "ada@acme.example", "ext-1", IdentityProvider.OKTA));
        projector.send(create("acme", "r2", "u2", "grace@acme.example", "ext-2", IdentityProvider.OKTA));
        projector.send(replace("r3", "u2", attributes("ADA@acme.example", true), null));
        projector.send(replace("r4", "u1", attributes("augusta@acme.example", true), null));
        projector.send(replace("r5", "u2", attributes("ada@acme.example", true), null));

        List<Decision> all = decisions.readValuesToList();
        assertThat(all.get(2).outcome()).isInstanceOfSatisfying(Outcome.Rejected.class,
                rejected -> assertThat(rejected.reason()).isEqualTo(Rejection.NAME_TAKEN));
        assertThat(all.get(4).outcome()).isInstanceOf(Outcome.Applied.class);
    }

    @Test
    void a_deleted_user_is_gone_and_its_userName_is_free_again() {
        projector.send(create("acme", "r1", "u1", "ada@acme.example", "ext-1", IdentityProvider.OKTA));
        projector.commands().pipeInput("acme", new DeleteUser("r2", "acme", IdentityProvider.OKTA, NOW, "u1", null));
        projector.commands().pipeInput("acme", new DeleteUser("r3", "acme", IdentityProvider.OKTA, NOW, "u1", null));
        projector.send(create("acme", "r4", "u2", "ada@acme.example", "ext-9", IdentityProvider.OKTA));

        List<Decision> all = decisions.readValuesToList();
        assertThat(all.get(2).outcome()).isInstanceOfSatisfying(Outcome.Rejected.class,
                rejected -> assertThat(rejected.reason()).isEqualTo(Rejection.NOT_FOUND));
        assertThat(all.get(3).outcome()).isInstanceOf(Outcome.Applied.class);
        assertThat(changes.readValuesToList()).extracting(UserChangeEvent::type, UserChangeEvent::version)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(UserChangeType.USER_CREATED, 1L),
                        org.assertj.core.groups.Tuple.tuple(UserChangeType.USER_DELETED, 2L),
                        org.assertj.core.groups.Tuple.tuple(UserChangeType.USER_CREATED, 1L));
    }

    @Test
    void the_directory_sync_sets_display_name_and_title_of_the_entra_user_it_matched_and_only_once() {
        projector.send(create("acme", "r1", "u1", "ada@acme.example", "obj-1", IdentityProvider.MICROSOFT_ENTRA_ID));
        projector.send(sync("r2", "u1", "obj-1", "Ada Lovelace", "Analyst"));
        projector.send(sync("r3", "u1", "obj-1", "Ada Lovelace", "Analyst"));
        projector.send(sync("r4", "u1", "obj-other", "Someone Else", "Clerk"));
        projector.send(sync("r5", "u1", "obj-1", null, "Principal Analyst"));

        List<Decision> all = decisions.readValuesToList();
        assertThat(all.get(2).outcome()).isInstanceOf(Outcome.Unchanged.class);
        assertThat(all.get(3).outcome()).isInstanceOfSatisfying(Outcome.Rejected.class,
                rejected -> assertThat(rejected.reason()).isEqualTo(Rejection.SUPERSEDED));
        List<UserChangeEvent> published = changes.readValuesToList();
        assertThat(published).hasSize(3);
        assertThat(published.get(2).user().attributes().displayName()).as("not in the delta: kept").isEqualTo("Ada Lovelace");
        assertThat(published.get(2).user().attributes().title()).isEqualTo("Principal Analyst");
        assertThat(published.get(1).type()).isEqualTo(UserChangeType.USER_UPDATED);
        assertThat(published.get(1).version()).isEqualTo(2);
        assertThat(published.get(1).user().attributes().displayName()).isEqualTo("Ada Lovelace");
        assertThat(published.get(1).user().attributes().title()).isEqualTo("Analyst");
        assertThat(published.get(1).source()).isEqualTo(IdentityProvider.MICROSOFT_ENTRA_ID);
    }

    @Test
    void the_directory_sync_never_touches_a_user_that_came_from_okta() {
        projector.send(create("acme", "r1", "u1", "ada@acme.example", "obj-1", IdentityProvider.OKTA));
        projector.send(sync("r2", "u1", "obj-1", "Ada Lovelace", "Analyst"));

        assertThat(decisions.readValuesToList().get(1).outcome()).isInstanceOf(Outcome.Rejected.class);
        assertThat(changes.readValuesToList()).hasSize(1);
    }

    @Test
    void a_photo_is_set_kept_by_a_scim_replace_and_removed_with_growing_versions() {
        ProfilePhoto photo = new ProfilePhoto("ab".repeat(32), "image/jpeg", 1234, ProfilePhoto.PhotoOrigin.MICROSOFT_GRAPH);
        projector.send(create("acme", "r1", "u1", "ada@acme.example", "obj-1", IdentityProvider.MICROSOFT_ENTRA_ID));
        projector.send(new SetProfilePhoto("r2", "acme", IdentityProvider.MICROSOFT_ENTRA_ID, NOW, "u1", photo));
        projector.send(new SetProfilePhoto("r3", "acme", IdentityProvider.MICROSOFT_ENTRA_ID, NOW, "u1", photo));
        projector.send(replace("r4", "u1", attributes("ada@acme.example", "obj-1", false), null));
        projector.send(new SetProfilePhoto("r5", "acme", null, NOW, "u1", null));

        assertThat(decisions.readValuesToList().get(2).outcome()).isInstanceOf(Outcome.Unchanged.class);
        List<UserChangeEvent> published = changes.readValuesToList();
        assertThat(published).extracting(UserChangeEvent::version).containsExactly(1L, 2L, 3L, 4L);
        assertThat(published).extracting(change -> change.user().photo()).containsExactly(null, photo, photo, null);
        assertThat(published.get(2).type()).isEqualTo(UserChangeType.USER_DEACTIVATED);
    }

    @Test
    void a_photo_for_a_deleted_user_is_refused() {
        projector.send(create("acme", "r1", "u1", "ada@acme.example", "obj-1", IdentityProvider.MICROSOFT_ENTRA_ID));
        projector.commands().pipeInput("acme", new DeleteUser("r2", "acme", IdentityProvider.OKTA, NOW, "u1", null));
        projector.send(new SetProfilePhoto("r3", "acme", null, NOW, "u1",
                new ProfilePhoto("cd".repeat(32), "image/png", 10, ProfilePhoto.PhotoOrigin.MANUAL)));

        assertThat(decisions.readValuesToList().get(2).outcome()).isInstanceOfSatisfying(Outcome.Rejected.class,
                rejected -> assertThat(rejected.reason()).isEqualTo(Rejection.NOT_FOUND));
    }

    private static SyncDirectoryProfile sync(String requestId, String userId, String objectId, String displayName,
                                             String title) {
        return new SyncDirectoryProfile(requestId, "acme", IdentityProvider.MICROSOFT_ENTRA_ID, NOW.plusSeconds(5),
                userId, objectId, displayName, title);
    }

    private static UserAttributes attributes(String userName, boolean active) {
        return attributes(userName, null, active);
    }

    private static UserAttributes attributes(String userName, String externalId, boolean active) {
        return new UserAttributes(userName, externalId, null, null, null, List.of(), active, null);
    }

    private static ReplaceUser replace(String requestId, String userId, UserAttributes attributes, Long expected) {
        return new ReplaceUser(requestId, "acme", IdentityProvider.OKTA, NOW.plusSeconds(1), userId, attributes, expected);
    }

    private static CreateUser create(String tenant, String requestId, String userId, String userName,
                                     String externalId, IdentityProvider source) {
        return new CreateUser(requestId, tenant, source, NOW, userId,
                new UserAttributes(userName, externalId, null, null, null, List.of(), true, null));
    }
}
