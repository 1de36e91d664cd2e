package app.thestorage.provisioning.projector.topology;

import static org.assertj.core.api.Assertions.assertThat;

import app.thestorage.provisioning.contract.command.ChangeGroup;
import app.thestorage.provisioning.contract.command.CreateGroup;
import app.thestorage.provisioning.contract.command.CreateUser;
import app.thestorage.provisioning.contract.command.Decision;
import app.thestorage.provisioning.contract.command.DeleteGroup;
import app.thestorage.provisioning.contract.command.DeleteUser;
import app.thestorage.provisioning.contract.command.EraseTenant;
import app.thestorage.provisioning.contract.command.GroupEdit;
import app.thestorage.provisioning.contract.command.Outcome;
import app.thestorage.provisioning.contract.command.PublishTenantState;
import app.thestorage.provisioning.contract.command.ReplaceUser;
import app.thestorage.provisioning.contract.event.UserChangeEvent;
import app.thestorage.provisioning.contract.event.UserChangeType;
import app.thestorage.provisioning.contract.group.Group;
import app.thestorage.provisioning.contract.group.GroupChangeEvent;
import app.thestorage.provisioning.contract.group.GroupChangeType;
import app.thestorage.provisioning.contract.state.GroupMemberState;
import app.thestorage.provisioning.contract.state.GroupState;
import app.thestorage.provisioning.contract.state.UserState;
import app.thestorage.provisioning.contract.user.IdentityProvider;
import app.thestorage.provisioning.contract.user.User;
import app.thestorage.provisioning.contract.user.UserAttributes;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The public state topics say what the projector's ledgers hold: a record per user, group and membership, a tombstone
 * for each that is gone, in the transaction of the decision that changed it; what the ledgers held before the state
 * topics existed is published once, and a tenant's state again on request.
 */
class StateTopicsTopologyTest {

    private static final Instant NOW = Instant.parse("2026-12-07T10:00:00Z");

    @TempDir
    Path state;

    private ProjectorUnderTest projector;
    private TestOutputTopic<String, Decision> decisions;
    private TestOutputTopic<String, UserChangeEvent> userChanges;
    private TestOutputTopic<String, GroupChangeEvent> groupChanges;
    private TestOutputTopic<String, UserState> userStates;
    private TestOutputTopic<String, GroupState> groupStates;
    private TestOutputTopic<String, GroupMemberState> memberStates;
    private int requests;

    @BeforeEach
    void start() {
        projector = ProjectorUnderTest.start(state);
        decisions = projector.decisions();
        userChanges = projector.userChanges();
        groupChanges = projector.groupChanges();
        userStates = projector.userStates();
        groupStates = projector.groupStates();
        memberStates = projector.memberStates();
        publishSlices(); // the first publication of what the (empty) stores held
    }

    @AfterEach
    void stop() {
        projector.close();
    }

    @Test
    void every_user_change_leaves_the_users_latest_state_and_a_deletion_a_tombstone() {
        projector.send(createUser("acme", "u1", "ada@acme.example"));
        projector.send(replaceUser("acme", "u1", "ada.lovelace@acme.example", false));

        List<KeyValue<String, UserState>> states = userStates.readKeyValuesToList();
        assertThat(states).extracting(state -> state.key).containsExactly("acme/u1", "acme/u1");
        UserState latest = states.getLast().value;
        assertThat(latest.version()).isEqualTo(2);
        assertThat(latest.source()).isEqualTo(IdentityProvider.OKTA);
        assertThat(latest.user().userName()).isEqualTo("ada.lovelace@acme.example");
        assertThat(latest.user().attributes().active()).isFalse();
        List<UserChangeEvent> changes = userChanges.readValuesToList();
        assertThat(changes.getLast().user()).as("the state is the user of the change event").isEqualTo(latest.user());

        projector.send(new DeleteUser(request(), "acme", IdentityProvider.OKTA, NOW, "u1", null));

        assertThat(userChanges.readValue().type()).isEqualTo(UserChangeType.USER_DELETED);
        KeyValue<String, UserState> tombstone = userStates.readKeyValue();
        assertThat(tombstone.key).isEqualTo("acme/u1");
        assertThat(tombstone.value).isNull();
        assertThat(userStates.isEmpty()).isTrue();
    }

    @Test
    void a_refused_command_publishes_no_state() {
        projector.send(createUser("acme", "u1", "ada@acme.example"));
        userStates.readKeyValuesToList();

        projector.send(createUser("acme", "u2", "ADA@acme.example")); // the same userName: 409

        assertThat(decisions.readValuesToList().getLast().outcome()).isInstanceOf(Outcome.Rejected.class);
        assertThat(userStates.isEmpty()).isTrue();
    }

    @Test
    void a_group_is_a_record_without_members_and_each_membership_a_record_of_its_own() {
        users("acme", "u1", "u2", "u3");

        projector.send(createGroup("g1", "Engineering", "u1", "u2"));
        projector.send(new ChangeGroup(request(), "acme", IdentityProvider.MICROSOFT_ENTRA_ID, NOW, "g1",
                List.of(new GroupEdit.RemoveMembers(List.of("u1")), new GroupEdit.AddMembers(List.of("u3"))), null));

        Map<String, GroupState> groups = latest(groupStates.readKeyValuesToList());
        assertThat(groups).containsOnlyKeys("acme/g1");
        assertThat(groups.get("acme/g1").group().displayName()).isEqualTo("Engineering");
        assertThat(groups.get("acme/g1").version()).isEqualTo(4); // created, members added, removed, added
        Map<String, GroupMemberState> members = latest(memberStates.readKeyValuesToList());
        assertThat(members).containsOnlyKeys("acme/g1/u1", "acme/g1/u2", "acme/g1/u3");
        assertThat(members.get("acme/g1/u1")).as("u1 left: a tombstone").isNull();
        assertThat(members.get("acme/g1/u2").userId()).isEqualTo("u2");
        assertThat(members.get("acme/g1/u3").version()).isEqualTo(4);
        assertThat(members.get("acme/g1/u3").source()).isEqualTo(IdentityProvider.MICROSOFT_ENTRA_ID);
    }

    @Test
    void a_deleted_group_leaves_a_tombstone_for_itself_and_for_each_of_its_members() {
        users("acme", "u1", "u2", "u3");
        projector.send(createGroup("g1", "Engineering", "u1", "u2", "u3"));
        memberStates.readKeyValuesToList();
        groupStates.readKeyValuesToList();

        projector.send(new DeleteGroup(request(), "acme", IdentityProvider.MICROSOFT_ENTRA_ID, NOW, "g1", null));

        assertThat(groupChanges.readValuesToList().getLast().type()).isEqualTo(GroupChangeType.GROUP_DELETED);
        Map<String, GroupMemberState> members = latest(memberStates.readKeyValuesToList());
        assertThat(members).containsOnlyKeys("acme/g1/u1", "acme/g1/u2", "acme/g1/u3");
        assertThat(members.values()).allMatch(member -> member == null);
        assertThat(latest(groupStates.readKeyValuesToList())).containsEntry("acme/g1", null);
    }

    @Test
    void a_deleted_user_leaves_every_group_with_a_tombstone_and_the_group_at_its_new_version() {
        users("acme", "u1", "u2");
        projector.send(createGroup("g1", "Engineering", "u1", "u2"));
        projector.send(createGroup("g2", "Sales", "u1"));
        memberStates.readKeyValuesToList();
        groupStates.readKeyValuesToList();

        projector.send(new DeleteUser(request(), "acme", IdentityProvider.MICROSOFT_ENTRA_ID, NOW, "u1", null));

        assertThat(latest(memberStates.readKeyValuesToList())).containsOnlyKeys("acme/g1/u1", "acme/g2/u1")
                .containsEntry("acme/g1/u1", null).containsEntry("acme/g2/u1", null);
        Map<String, GroupState> groups = latest(groupStates.readKeyValuesToList());
        assertThat(groups.get("acme/g1").version()).isEqualTo(3);
        assertThat(groups.get("acme/g2").version()).isEqualTo(3);
        assertThat(latest(userStates.readKeyValuesToList())).containsEntry("acme/u1", null);
    }

    @Test
    void what_the_ledgers_held_before_the_state_topics_existed_is_published_once_a_slice_at_a_time() {
        // a directory of 100,000 users, one group of 5,000 of them, as a projector of the previous version left it
        try (ProjectorUnderTest upgraded = upgradedProjector(100_000, 5_000)) {
            TestOutputTopic<String, UserState> users = upgraded.userStates();
            TestOutputTopic<String, GroupState> groups = upgraded.groupStates();
            TestOutputTopic<String, GroupMemberState> members = upgraded.memberStates();

            upgraded.driver().advanceWallClockTime(CommandProcessor.PUBLICATION_INTERVAL);
            assertThat(users.getQueueSize()).as("one slice per transaction").isEqualTo(StatePublications.SLICE);
            for (int i = 0; i < 60; i++) {
                upgraded.driver().advanceWallClockTime(CommandProcessor.PUBLICATION_INTERVAL);
            }

            Map<String, UserState> published = new HashMap<>();
            users.readKeyValuesToList().forEach(record -> assertThat(published.put(record.key, record.value))
                    .as("each user once").isNull());
            assertThat(published).hasSize(100_000);
            assertThat(published.get("acme/u00042").version()).as("versions unchanged").isEqualTo(7);
            assertThat(groups.readKeyValuesToMap()).containsOnlyKeys("acme/g1");
            Map<String, GroupMemberState> memberships = members.readKeyValuesToMap();
            assertThat(memberships).hasSize(5_000);
            assertThat(memberships.get("acme/g1/u00042").version()).isEqualTo(2);

            for (int i = 0; i < 10; i++) {
                upgraded.driver().advanceWallClockTime(CommandProcessor.PUBLICATION_INTERVAL);
            }
            assertThat(users.isEmpty()).as("published once").isTrue();
        }
    }

    @Test
    void a_directory_that_starts_empty_publishes_each_record_once_from_its_commands() {
        // the first command comes before the first punctuation: the upgrade fill must not publish it again
        projector.send(createUser("acme", "u1", "ada@acme.example"));
        publishSlices();

        assertThat(userStates.readKeyValuesToList()).extracting(record -> record.key).containsExactly("acme/u1");
    }

    @Test
    void a_tenants_state_is_published_again_on_request_and_no_other_tenants() {
        projector.send(createUser("acme", "u1", "ada@acme.example"));
        projector.send(createUser("globex", "u9", "hank@globex.example"));
        users("acme", "u2");
        projector.send(createGroup("g1", "Engineering", "u1", "u2"));
        userStates.readKeyValuesToList();
        groupStates.readKeyValuesToList();
        memberStates.readKeyValuesToList();

        projector.send(new PublishTenantState(request(), "acme", null, NOW));
        assertThat(decisions.readValuesToList().getLast().outcome()).isInstanceOf(Outcome.Unchanged.class);
        publishSlices();

        assertThat(latest(userStates.readKeyValuesToList())).containsOnlyKeys("acme/u1", "acme/u2");
        assertThat(latest(groupStates.readKeyValuesToList())).containsOnlyKeys("acme/g1");
        assertThat(latest(memberStates.readKeyValuesToList())).containsOnlyKeys("acme/g1/u1", "acme/g1/u2");
        assertThat(userChanges.readValuesToList()).as("no change happened").hasSize(2);
    }

    @Test
    void a_tenant_is_erased_a_step_at_a_time_groups_first_and_another_tenant_is_untouched() {
        users("acme", "u1", "u2", "u3");
        users("globex", "u1");
        projector.send(createGroup("g1", "Engineering", "u1", "u2"));
        projector.send(createGroup("g2", "Sales", "u3"));
        drainAll();

        List<Outcome.TenantErased> steps = new ArrayList<>();
        do {
            projector.send(new EraseTenant(request(), "acme", null, NOW, 2));
            steps.add((Outcome.TenantErased) decisions.readValue().outcome());
        } while (!steps.getLast().complete());

        assertThat(steps).hasSize(3);
        assertThat(steps.get(0).groups()).extracting(GroupChangeEvent::type)
                .containsExactly(GroupChangeType.GROUP_DELETED, GroupChangeType.GROUP_DELETED);
        assertThat(steps.get(0).users()).isEmpty();
        assertThat(steps.get(1).users()).hasSize(2);
        assertThat(steps.get(2).users()).extracting(UserChangeEvent::userId).containsExactly("u3");
        assertThat(userChanges.readValuesToList()).extracting(UserChangeEvent::type)
                .containsOnly(UserChangeType.USER_DELETED).hasSize(3);
        assertThat(groupChanges.readValuesToList()).extracting(GroupChangeEvent::type)
                .containsOnly(GroupChangeType.GROUP_DELETED).hasSize(2);
        assertThat(latest(userStates.readKeyValuesToList())).containsOnlyKeys("acme/u1", "acme/u2", "acme/u3")
                .allSatisfy((key, user) -> assertThat(user).isNull());
        assertThat(latest(memberStates.readKeyValuesToList())).hasSize(3)
                .allSatisfy((key, member) -> assertThat(member).isNull());
        KeyValueStore<String, User> ledger = projector.driver().getKeyValueStore(ProvisioningTopology.USERS_STORE);
        assertThat(ledger.get("globex/u1")).isNotNull();

        projector.send(new EraseTenant(request(), "acme", null, NOW, 2));
        assertThat(decisions.readValue().outcome()).as("erasing an erased tenant changes nothing")
                .isEqualTo(new Outcome.TenantErased(List.of(), List.of(), true));
    }

    // ---------------------------------------------------------------------------------------------------------------

    /** A projector whose stores already hold users and a group, as the previous version of the projector left them. */
    private ProjectorUnderTest upgradedProjector(int userCount, int memberCount) {
        projector.close();
        ProjectorUnderTest upgraded = ProjectorUnderTest.start(state.resolve("upgraded"));
        KeyValueStore<String, User> users = upgraded.driver().getKeyValueStore(ProvisioningTopology.USERS_STORE);
        for (int i = 0; i < userCount; i++) {
            String id = "u%05d".formatted(i);
            users.put("acme/" + id, new User("acme", id, attributes(id + "@acme.example", true),
                    IdentityProvider.MICROSOFT_ENTRA_ID, NOW, NOW, 7));
        }
        KeyValueStore<String, Group> groups = upgraded.driver().getKeyValueStore(ProvisioningTopology.GROUPS_STORE);
        groups.put("acme/g1", new Group("acme", "g1", "Everyone", null, IdentityProvider.MICROSOFT_ENTRA_ID, NOW,
                NOW, 2));
        KeyValueStore<String, String> members =
                upgraded.driver().getKeyValueStore(ProvisioningTopology.GROUP_MEMBERS_STORE);
        for (int i = 0; i < memberCount; i++) {
            String id = "u%05d".formatted(i);
            members.put("acme/g1/" + id, id);
        }
        projector = ProjectorUnderTest.start(state.resolve("fresh"));
        return upgraded;
    }

    private void publishSlices() {
        for (int i = 0; i < 3; i++) {
            projector.driver().advanceWallClockTime(CommandProcessor.PUBLICATION_INTERVAL);
        }
    }

    private void drainAll() {
        decisions.readValuesToList();
        userChanges.readValuesToList();
        groupChanges.readValuesToList();
        userStates.readValuesToList();
        groupStates.readValuesToList();
        memberStates.readValuesToList();
    }

    /** The latest record per key, in the order keys first appeared; a tombstone as null. */
    private static <V> Map<String, V> latest(List<KeyValue<String, V>> records) {
        Map<String, V> latest = new LinkedHashMap<>();
        records.forEach(record -> latest.put(record.key, record.value));
        return latest;
    }

    /** Users a previous command left in the ledger, without deciding them. */
    private void users(String tenant, String... ids) {
        KeyValueStore<String, User> users = projector.driver().getKeyValueStore(ProvisioningTopology.USERS_STORE);
        for (String id : ids) {
            users.put(tenant + "/" + id, new User(tenant, id, attributes(id + "@" + tenant + ".example", true),
                    IdentityProvider.MICROSOFT_ENTRA_ID, NOW, NOW, 1));
        }
    }

    private String request() {
        return "r" + ++requests;
    }

    private CreateUser createUser(String tenant, String id, String userName) {
        return new CreateUser(request(), tenant, IdentityProvider.OKTA, NOW, id, attributes(userName, true));
    }

    private ReplaceUser replaceUser(String tenant, String id, String userName, boolean active) {
        return new ReplaceUser(request(), tenant, IdentityProvider.OKTA, NOW, id, attributes(userName, active), null);
    }

    private CreateGroup createGroup(String id, String displayName, String... members) {
        return new CreateGroup(request(), "acme", IdentityProvider.MICROSOFT_ENTRA_ID, NOW, id, displayName, null,
                List.of(members));
    }

    private static UserAttributes attributes(String userName, boolean active) {
        return new UserAttributes(userName, null, null, null, null, List.of(), active, null);
    }
}
