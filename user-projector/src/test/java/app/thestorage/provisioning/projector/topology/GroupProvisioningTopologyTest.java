package app.thestorage.provisioning.projector.topology;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

import app.thestorage.provisioning.contract.command.ChangeGroup;
import app.thestorage.provisioning.contract.command.CreateGroup;
import app.thestorage.provisioning.contract.command.CreateUser;
import app.thestorage.provisioning.contract.command.Decision;
import app.thestorage.provisioning.contract.command.DeleteGroup;
import app.thestorage.provisioning.contract.command.DeleteUser;
import app.thestorage.provisioning.contract.command.GroupEdit;
import app.thestorage.provisioning.contract.command.Outcome;
import app.thestorage.provisioning.contract.command.ProvisioningCommand;
import app.thestorage.provisioning.contract.command.Rejection;
import app.thestorage.provisioning.contract.command.ReplaceUser;
import app.thestorage.provisioning.contract.event.UserChangeEvent;
import app.thestorage.provisioning.contract.event.UserChangeType;
import app.thestorage.provisioning.contract.group.Group;
import app.thestorage.provisioning.contract.group.GroupChangeEvent;
import app.thestorage.provisioning.contract.group.GroupChangeType;
import app.thestorage.provisioning.contract.serde.ChangeEventSerde;
import app.thestorage.provisioning.contract.user.IdentityProvider;
import app.thestorage.provisioning.contract.user.User;
import app.thestorage.provisioning.contract.user.UserAttributes;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntFunction;
import java.util.stream.IntStream;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The group rules, decided in the tenant's one order with its user commands: what each command publishes on
 * {@link Topics#GROUP_CHANGES} (its net effect, one version per event) and what it refuses (nothing applied).
 */
class GroupProvisioningTopologyTest {

    private static final Instant NOW = Instant.parse("2026-12-02T10:00:00Z");
    private static final String TRACEPARENT = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01";

    @TempDir
    Path state;

    private ProjectorUnderTest projector;
    private TestOutputTopic<String, Decision> decisions;
    private TestOutputTopic<String, UserChangeEvent> userChanges;
    private TestOutputTopic<String, GroupChangeEvent> groupChanges;
    private int requests;

    @BeforeEach
    void start() {
        projector = ProjectorUnderTest.start(state);
        decisions = projector.decisions();
        userChanges = projector.userChanges();
        groupChanges = projector.groupChanges();
    }

    @AfterEach
    void stop() {
        projector.close();
    }

    @Test
    void a_group_without_members_is_created_at_version_1_and_published_keyed_by_tenant_and_group() {
        Outcome outcome = decide(createGroup("g1", "Engineering", "ext-g1"));

        assertThat(outcome).isInstanceOfSatisfying(Outcome.GroupApplied.class, applied -> {
            assertThat(applied.group()).isEqualTo(new Group("acme", "g1", "Engineering", "ext-g1",
                    IdentityProvider.MICROSOFT_ENTRA_ID, NOW, NOW, 1));
            assertThat(applied.events()).hasSize(1);
        });
        KeyValue<String, GroupChangeEvent> change = groupChanges.readKeyValue();
        assertThat(change.key).isEqualTo("acme/g1");
        assertThat(change.value.type()).isEqualTo(GroupChangeType.GROUP_CREATED);
        assertThat(change.value.version()).isEqualTo(1);
        assertThat(change.value.eventId()).isEqualTo("g1:1");
        assertThat(change.value.members()).isEmpty();
        assertThat(groupChanges.isEmpty()).isTrue();
        assertThat(userChanges.isEmpty()).isTrue();
    }

    @Test
    void a_group_created_with_members_publishes_its_creation_then_its_members_once_each() {
        users("u1", "u2");

        Outcome outcome = decide(createGroup("g1", "Engineering", null, "u2", "u1", "u2"));

        assertThat(groupChanges.readValuesToList())
                .extracting(GroupChangeEvent::type, GroupChangeEvent::version, GroupChangeEvent::members)
                .containsExactly(tuple(GroupChangeType.GROUP_CREATED, 1L, List.of()),
                        tuple(GroupChangeType.MEMBERS_ADDED, 2L, List.of("u2", "u1")));
        assertThat(outcome).isInstanceOfSatisfying(Outcome.GroupApplied.class,
                applied -> assertThat(applied.group().version()).isEqualTo(2));
        assertThat(membersOf("g1")).containsExactly("u1", "u2");
        assertThat(groupsOf("u1")).containsExactly("g1");
    }

    @Test
    void a_group_naming_an_unknown_member_is_refused_with_400_and_nothing_is_applied() {
        users("u1");

        Outcome outcome = decide(createGroup("g1", "Engineering", null, "u1", "ghost-1", "ghost-2"));

        assertThat(outcome).isEqualTo(new Outcome.Rejected(Rejection.INVALID_VALUE,
                "members: there is no user with id 'ghost-1' in this tenant."));
        assertThat(groupChanges.isEmpty()).isTrue();
        assertThat(membersOf("g1")).isEmpty();
        assertThat(groupsOf("u1")).isEmpty();
        assertThat(decide(change("g1", new GroupEdit.Rename("Other")))).isInstanceOfSatisfying(Outcome.Rejected.class,
                rejected -> assertThat(rejected.reason()).isEqualTo(Rejection.NOT_FOUND));
        assertThat(decide(createGroup("g2", "Engineering", null))).as("the name was never taken")
                .isInstanceOf(Outcome.GroupApplied.class);
    }

    @Test
    void a_member_of_another_tenant_is_an_unknown_member() {
        projector.send(new CreateUser("r-globex", "globex", IdentityProvider.OKTA, NOW, "u9",
                new UserAttributes("ada@globex.example", null, null, null, null, List.of(), true, null)));
        decisions.readValue();

        assertThat(decide(createGroup("g1", "Engineering", null, "u9")))
                .isInstanceOfSatisfying(Outcome.Rejected.class, rejected -> assertThat(rejected.reason()).isEqualTo(Rejection.INVALID_VALUE));
    }

    @Test
    void a_second_group_whose_displayName_differs_only_in_case_is_refused_with_409_uniqueness() {
        decide(createGroup("g1", "Straße Team", null));
        groupChanges.readValuesToList();

        Outcome outcome = decide(createGroup("g2", "STRASSE team", null));

        assertThat(outcome).isEqualTo(new Outcome.Rejected(Rejection.NAME_TAKEN,
                "A group with displayName 'Straße Team' already exists in this tenant."));
        assertThat(groupChanges.isEmpty()).isTrue();
        assertThat(decide(change("g2", new GroupEdit.Rename("x")))).as("g2 was not created")
                .isInstanceOfSatisfying(Outcome.Rejected.class, rejected -> assertThat(rejected.reason()).isEqualTo(Rejection.NOT_FOUND));
    }

    @Test
    void the_same_displayName_in_two_tenants_is_two_groups() {
        decide(createGroup("g1", "Engineering", null));
        projector.send(new CreateGroup("r-globex", "globex", IdentityProvider.OKTA, NOW, "g2", "Engineering", null, List.of()));

        assertThat(decisions.readValue().outcome()).isInstanceOf(Outcome.GroupApplied.class);
        assertThat(groupChanges.readKeyValuesToList()).extracting(kv -> kv.key).containsExactly("acme/g1", "globex/g2");
    }

    @Test
    void a_create_delivered_twice_creates_the_group_once() {
        users("u1");
        CreateGroup create = createGroup("g1", "Engineering", null, "u1");
        decide(create);
        projector.send(create);

        assertThat(decisions.readValue().outcome()).isInstanceOfSatisfying(Outcome.Unchanged.class,
                unchanged -> assertThat(unchanged.group().version()).isEqualTo(2));
        assertThat(groupChanges.readValuesToList()).hasSize(2);
    }

    @Test
    void entra_creates_an_empty_group_adds_members_in_batches_removes_some_and_renames_it() {
        users("u1", "u2", "u3", "u4");
        decide(createGroup("g1", "Sales", "obj-g1"));
        decide(change("g1", new GroupEdit.AddMembers(List.of("u1", "u2"))));
        decide(change("g1", new GroupEdit.AddMembers(List.of("u3", "u2", "u4"))));
        decide(change("g1", new GroupEdit.RemoveMembers(List.of("u1", "u4", "not-a-member"))));
        Outcome renamed = decide(change("g1", new GroupEdit.Rename("Sales EMEA")));

        assertThat(groupChanges.readValuesToList())
                .extracting(GroupChangeEvent::type, GroupChangeEvent::version, GroupChangeEvent::members)
                .containsExactly(tuple(GroupChangeType.GROUP_CREATED, 1L, List.of()),
                        tuple(GroupChangeType.MEMBERS_ADDED, 2L, List.of("u1", "u2")),
                        tuple(GroupChangeType.MEMBERS_ADDED, 3L, List.of("u3", "u4")),
                        tuple(GroupChangeType.MEMBERS_REMOVED, 4L, List.of("u1", "u4")),
                        tuple(GroupChangeType.GROUP_UPDATED, 5L, List.of()));
        assertThat(renamed).isInstanceOfSatisfying(Outcome.GroupApplied.class, applied -> {
            assertThat(applied.group().displayName()).isEqualTo("Sales EMEA");
            assertThat(applied.group().externalId()).isEqualTo("obj-g1");
            assertThat(applied.group().version()).isEqualTo(5);
        });
        assertThat(membersOf("g1")).containsExactly("u2", "u3");
        assertThat(decide(createGroup("g2", "sales", null))).as("the old name is free")
                .isInstanceOf(Outcome.GroupApplied.class);
        assertThat(decide(createGroup("g3", "SALES emea", null))).as("the new one is taken")
                .isInstanceOf(Outcome.Rejected.class);
    }

    @Test
    void okta_replaces_the_member_list_and_only_the_difference_is_published() {
        users("u1", "u2", "u3", "u4");
        decide(createGroup("g1", "Support", null, "u1", "u2", "u3"));
        groupChanges.readValuesToList();

        Outcome outcome = decide(change("g1", 2L, new GroupEdit.Rename("Support"),
                new GroupEdit.SetExternalId(null), new GroupEdit.ReplaceMembers(List.of("u4", "u2"))));

        assertThat(groupChanges.readValuesToList())
                .extracting(GroupChangeEvent::type, GroupChangeEvent::version, GroupChangeEvent::members)
                .containsExactly(tuple(GroupChangeType.MEMBERS_REMOVED, 3L, List.of("u1", "u3")),
                        tuple(GroupChangeType.MEMBERS_ADDED, 4L, List.of("u4")));
        assertThat(outcome).isInstanceOfSatisfying(Outcome.GroupApplied.class,
                applied -> assertThat(applied.group().version()).isEqualTo(4));
        assertThat(membersOf("g1")).containsExactly("u2", "u4");
        assertThat(groupsOf("u1")).isEmpty();
    }

    @Test
    void a_put_of_the_group_as_it_is_publishes_nothing_and_keeps_its_version() {
        users("u1", "u2");
        decide(createGroup("g1", "Support", "ext-1", "u1", "u2"));
        groupChanges.readValuesToList();

        Outcome outcome = decide(change("g1", new GroupEdit.Rename("Support"), new GroupEdit.SetExternalId("ext-1"),
                new GroupEdit.ReplaceMembers(List.of("u2", "u1"))));

        assertThat(outcome).isInstanceOfSatisfying(Outcome.Unchanged.class, unchanged -> {
            assertThat(unchanged.group().version()).isEqualTo(2);
            assertThat(unchanged.user()).isNull();
        });
        assertThat(groupChanges.isEmpty()).isTrue();
    }

    @Test
    void edits_apply_in_order_and_only_their_net_effect_is_published() {
        users("u1", "u2", "u3");
        decide(createGroup("g1", "Ops", null, "u1"));
        groupChanges.readValuesToList();

        // added then removed, removed then added, renamed and back: nothing
        Outcome none = decide(change("g1", new GroupEdit.AddMembers(List.of("u2")),
                new GroupEdit.RemoveMembers(List.of("u2", "u1")), new GroupEdit.AddMembers(List.of("u1")),
                new GroupEdit.Rename("Ops 2"), new GroupEdit.Rename("Ops")));
        assertThat(none).as("unchanged, as for a user").isInstanceOfSatisfying(Outcome.Unchanged.class,
                unchanged -> assertThat(unchanged.group().displayName()).isEqualTo("Ops"));
        assertThat(groupChanges.isEmpty()).isTrue();

        // a replace, then edits on top of it: the group's update first, then who left, then who joined
        decide(change("g1", new GroupEdit.ReplaceMembers(List.of("u2")), new GroupEdit.AddMembers(List.of("u3")),
                new GroupEdit.RemoveMembers(List.of("u2")), new GroupEdit.SetExternalId("ext-ops"),
                new GroupEdit.Rename("OPS")));

        assertThat(groupChanges.readValuesToList())
                .extracting(GroupChangeEvent::type, GroupChangeEvent::version, GroupChangeEvent::members)
                .containsExactly(tuple(GroupChangeType.GROUP_UPDATED, 3L, List.of()),
                        tuple(GroupChangeType.MEMBERS_REMOVED, 4L, List.of("u1")),
                        tuple(GroupChangeType.MEMBERS_ADDED, 5L, List.of("u3")));
        assertThat(membersOf("g1")).containsExactly("u3");
    }

    @Test
    void each_event_carries_the_group_as_it_is_after_that_event() {
        users("u1");
        decide(createGroup("g1", "Ops", null));
        groupChanges.readValuesToList();

        decide(change("g1", new GroupEdit.Rename("Operations"), new GroupEdit.AddMembers(List.of("u1"))));

        List<GroupChangeEvent> events = groupChanges.readValuesToList();
        assertThat(events).extracting(event -> event.group().version()).containsExactly(2L, 3L);
        assertThat(events).extracting(event -> event.group().displayName()).containsOnly("Operations");
        assertThat(events).extracting(GroupChangeEvent::eventId).containsExactly("g1:2", "g1:3");
        assertThat(events).extracting(event -> event.group().created()).containsOnly(NOW);
    }

    @Test
    void renaming_onto_another_groups_name_is_409_and_nothing_of_the_change_is_applied() {
        users("u1");
        decide(createGroup("g1", "Finance", null));
        decide(createGroup("g2", "Legal", null));
        groupChanges.readValuesToList();

        Outcome outcome = decide(change("g2", new GroupEdit.AddMembers(List.of("u1")), new GroupEdit.Rename("FINANCE")));

        assertThat(outcome).isEqualTo(new Outcome.Rejected(Rejection.NAME_TAKEN,
                "Another group already has the displayName 'FINANCE' in this tenant."));
        assertThat(groupChanges.isEmpty()).isTrue();
        assertThat(membersOf("g2")).isEmpty();
        assertThat(decide(change("g1", new GroupEdit.Rename("FINANCE")))).as("its own name in other letter case")
                .isInstanceOf(Outcome.GroupApplied.class);
        assertThat(groupChanges.readValue().type()).isEqualTo(GroupChangeType.GROUP_UPDATED);
    }

    @Test
    void a_change_naming_an_unknown_member_is_refused_with_400_and_nothing_of_it_is_applied() {
        users("u1", "u2");
        decide(createGroup("g1", "Finance", null, "u1"));
        groupChanges.readValuesToList();

        Outcome outcome = decide(change("g1", new GroupEdit.Rename("Money"), new GroupEdit.RemoveMembers(List.of("u1")),
                new GroupEdit.AddMembers(List.of("u2", "ghost", "u1/../u2")), new GroupEdit.RemoveMembers(List.of("ghost"))));

        assertThat(outcome).isEqualTo(new Outcome.Rejected(Rejection.INVALID_VALUE,
                "members: there is no user with id 'ghost' in this tenant."));
        assertThat(decide(change("g1", new GroupEdit.ReplaceMembers(List.of("u1/../u2")))))
                .isEqualTo(new Outcome.Rejected(Rejection.INVALID_VALUE,
                        "members: there is no user with id 'u1/../u2' in this tenant."));
        assertThat(groupChanges.isEmpty()).isTrue();
        assertThat(membersOf("g1")).containsExactly("u1");
        assertThat(decide(createGroup("g2", "Money", null))).isInstanceOf(Outcome.GroupApplied.class);
    }

    @Test
    void a_change_or_deletion_of_a_missing_group_is_404_and_of_another_version_412() {
        decide(createGroup("g1", "Finance", null));
        groupChanges.readValuesToList();

        assertThat(decide(change("nope", new GroupEdit.Rename("x")))).isEqualTo(
                new Outcome.Rejected(Rejection.NOT_FOUND, "Group nope not found."));
        assertThat(decide(deleteGroup("nope", null))).isInstanceOfSatisfying(Outcome.Rejected.class,
                rejected -> assertThat(rejected.reason()).isEqualTo(Rejection.NOT_FOUND));
        assertThat(decide(change("g1", 7L, new GroupEdit.Rename("x")))).isInstanceOfSatisfying(Outcome.Rejected.class,
                rejected -> assertThat(rejected.reason()).isEqualTo(Rejection.STALE_VERSION));
        assertThat(decide(deleteGroup("g1", 2L))).isInstanceOfSatisfying(Outcome.Rejected.class,
                rejected -> assertThat(rejected.reason()).isEqualTo(Rejection.STALE_VERSION));
        assertThat(decide(change("g1", 1L, new GroupEdit.Rename("x")))).isInstanceOf(Outcome.GroupApplied.class);
        assertThat(groupChanges.readValuesToList()).extracting(GroupChangeEvent::version).containsExactly(2L);
    }

    @Test
    void a_deleted_group_publishes_only_its_deletion_and_takes_its_memberships_and_name_with_it() {
        users("u1", "u2");
        decide(createGroup("g1", "Finance", null, "u1", "u2"));
        decide(createGroup("g2", "Legal", null, "u1"));
        groupChanges.readValuesToList();

        Outcome outcome = decide(deleteGroup("g1", 2L));

        assertThat(groupChanges.readKeyValuesToList()).singleElement().satisfies(change -> {
            assertThat(change.key).isEqualTo("acme/g1");
            assertThat(change.value.type()).isEqualTo(GroupChangeType.GROUP_DELETED);
            assertThat(change.value.version()).isEqualTo(3);
            assertThat(change.value.members()).isEmpty();
            assertThat(change.value.group().displayName()).isEqualTo("Finance");
        });
        assertThat(outcome).isInstanceOfSatisfying(Outcome.GroupApplied.class,
                applied -> assertThat(applied.group().version()).isEqualTo(3));
        assertThat(membersOf("g1")).isEmpty();
        assertThat(groupsOf("u1")).containsExactly("g2");
        assertThat(groupsOf("u2")).isEmpty();
        assertThat(decide(deleteGroup("g1", null))).isInstanceOf(Outcome.Rejected.class);
        assertThat(decide(createGroup("g3", "finance", null))).isInstanceOf(Outcome.GroupApplied.class);
    }

    @Test
    void a_deleted_user_leaves_each_of_its_groups_in_a_members_removed_at_that_groups_next_version() {
        users("u1", "u2");
        decide(createGroup("g1", "Finance", null, "u1", "u2"));
        decide(createGroup("g2", "Legal", null, "u1"));
        decide(change("g2", new GroupEdit.Rename("Legal & Compliance")));
        decide(createGroup("g3", "Empty", null));
        groupChanges.readValuesToList();
        userChanges.readValuesToList();

        Outcome outcome = decide(new DeleteUser(request(), "acme", IdentityProvider.OKTA, NOW.plusSeconds(9), "u1", null));

        assertThat(outcome).isInstanceOfSatisfying(Outcome.Applied.class, applied -> {
            assertThat(applied.event().type()).isEqualTo(UserChangeType.USER_DELETED);
            assertThat(applied.memberships())
                    .extracting(GroupChangeEvent::groupId, GroupChangeEvent::type, GroupChangeEvent::version,
                            GroupChangeEvent::members)
                    .containsExactly(tuple("g1", GroupChangeType.MEMBERS_REMOVED, 3L, List.of("u1")),
                            tuple("g2", GroupChangeType.MEMBERS_REMOVED, 4L, List.of("u1")));
            assertThat(applied.memberships()).extracting(change -> change.group().lastModified())
                    .containsOnly(NOW.plusSeconds(9));
        });
        assertThat(userChanges.readValuesToList()).extracting(UserChangeEvent::type)
                .containsExactly(UserChangeType.USER_DELETED);
        assertThat(groupChanges.readKeyValuesToList()).extracting(kv -> kv.key, kv -> kv.value.version())
                .containsExactly(tuple("acme/g1", 3L), tuple("acme/g2", 4L));
        assertThat(membersOf("g1")).containsExactly("u2");
        assertThat(groupsOf("u1")).isEmpty();
        assertThat(decide(change("g2", 4L, new GroupEdit.Rename("Legal")))).as("the group moved on a version")
                .isInstanceOf(Outcome.GroupApplied.class);
    }

    @Test
    void a_deactivated_user_keeps_its_memberships() {
        users("u1");
        decide(createGroup("g1", "Finance", null, "u1"));
        groupChanges.readValuesToList();

        Outcome outcome = decide(new ReplaceUser(request(), "acme", IdentityProvider.OKTA, NOW, "u1",
                new UserAttributes("u1@acme.example", null, null, null, null, List.of(), false, null), null));

        assertThat(outcome).isInstanceOfSatisfying(Outcome.Applied.class, applied -> {
            assertThat(applied.event().type()).isEqualTo(UserChangeType.USER_DEACTIVATED);
            assertThat(applied.memberships()).isEmpty();
        });
        assertThat(groupChanges.isEmpty()).isTrue();
        assertThat(membersOf("g1")).containsExactly("u1");
    }

    @Test
    void a_user_created_just_before_can_be_a_member_and_one_deleted_just_before_cannot() {
        decide(createUser("u1"));
        assertThat(decide(createGroup("g1", "Finance", null, "u1"))).isInstanceOf(Outcome.GroupApplied.class);
        decide(new DeleteUser(request(), "acme", IdentityProvider.OKTA, NOW, "u1", null));
        assertThat(decide(createGroup("g2", "Legal", null, "u1"))).isInstanceOf(Outcome.Rejected.class);
    }

    @Test
    void group_commands_the_directory_cannot_hold_are_rejected_with_400() {
        users("u1");

        assertThat(decide(createGroup("g1", " ", null))).isEqualTo(
                new Outcome.Rejected(Rejection.INVALID_VALUE, "displayName is required."));
        assertThat(decide(createGroup("g1", "Nul\u0000", null))).isInstanceOfSatisfying(Outcome.Rejected.class,
                rejected -> assertThat(rejected.reason()).isEqualTo(Rejection.INVALID_VALUE));
        assertThat(decide(createGroup("g1/x", "Slash", null))).isEqualTo(
                new Outcome.Rejected(Rejection.INVALID_VALUE, "A group id cannot contain '/'."));
        decide(createGroup("g1", "Finance", null));
        assertThat(decide(change("g1", new GroupEdit.AddMembers(List.of("u1", "bad\u0001id")))))
                .isInstanceOfSatisfying(Outcome.Rejected.class, rejected -> assertThat(rejected.reason()).isEqualTo(Rejection.INVALID_VALUE));
        assertThat(decide(change("g1", new GroupEdit.AddMembers(ids(10_001, i -> "u" + i)))))
                .isEqualTo(new Outcome.Rejected(Rejection.INVALID_VALUE, "One request names at most 10000 members."));
        assertThat(groupChanges.readValuesToList()).extracting(GroupChangeEvent::type)
                .containsExactly(GroupChangeType.GROUP_CREATED);
    }

    @Test
    void ten_thousand_members_added_at_once_are_one_decision_and_one_event_and_a_replace_scans_the_group_once() {
        List<String> first = ids(10_000, i -> "user-" + i);
        List<String> second = ids(10_000, i -> "user-" + (i + 5_000));
        users(ids(15_000, i -> "user-" + i).toArray(String[]::new));
        decide(createGroup("g1", "Everyone", null));
        groupChanges.readValuesToList();

        long started = System.nanoTime();
        projector.send(change("g1", new GroupEdit.AddMembers(first)));
        projector.send(change("g1", new GroupEdit.ReplaceMembers(second)));
        long millis = (System.nanoTime() - started) / 1_000_000;

        assertThat(decisions.readValuesToList()).hasSize(2);
        List<GroupChangeEvent> events = groupChanges.readValuesToList();
        assertThat(events).extracting(GroupChangeEvent::type, GroupChangeEvent::version, event -> event.members().size())
                .containsExactly(tuple(GroupChangeType.MEMBERS_ADDED, 2L, 10_000),
                        tuple(GroupChangeType.MEMBERS_REMOVED, 3L, 5_000),
                        tuple(GroupChangeType.MEMBERS_ADDED, 4L, 5_000));
        assertThat(events.get(0).members()).isEqualTo(first);
        assertThat(events.get(2).members()).isEqualTo(second.subList(5_000, 10_000));
        assertThat(membersOf("g1")).hasSize(10_000);
        System.out.printf("10,000 members added, then 5,000 replaced, in %d ms%n", millis);
        assertThat(millis).as("linear, not quadratic").isLessThan(30_000);
    }

    @Test
    void a_change_whose_member_delta_would_not_fit_one_record_is_refused_and_nothing_is_applied() {
        // 3,100 ids of 256 characters: about 800 KB of member ids, beyond what one decision carries
        IntFunction<String> longId = i -> "%0256d".formatted(i);
        List<String> many = ids(3_100, longId);
        users(many.toArray(String[]::new));

        Outcome outcome = decide(createGroup("g1", "Everyone", null, many.toArray(String[]::new)));

        assertThat(outcome).isInstanceOfSatisfying(Outcome.Rejected.class, rejected -> {
            assertThat(rejected.reason()).isEqualTo(Rejection.TOO_MANY);
        });
        assertThat(groupChanges.isEmpty()).isTrue();
        assertThat(decide(createGroup("g1", "Everyone", null, many.subList(0, 1_500).toArray(String[]::new))))
                .as("in smaller steps").isInstanceOf(Outcome.GroupApplied.class);
    }

    @Test
    void group_changes_carry_the_headers_of_their_command_so_the_trace_continues() {
        users("u1");
        decide(createGroup("g1", "Finance", null, "u1"));
        groupChanges.readValuesToList();

        RecordHeaders headers = new RecordHeaders();
        headers.add("traceparent", TRACEPARENT.getBytes(StandardCharsets.UTF_8));
        projector.commands().pipeInput(new TestRecord<>("acme",
                new DeleteUser(request(), "acme", IdentityProvider.OKTA, NOW, "u1", null), headers));

        TestRecord<String, GroupChangeEvent> change = groupChanges.readRecord();
        assertThat(change.headers().lastHeader("traceparent").value())
                .isEqualTo(TRACEPARENT.getBytes(StandardCharsets.UTF_8));
        assertThat(ChangeEventSerde.header(change.headers(), ChangeEventSerde.GROUP_CHANGE_TYPE))
                .isEqualTo("MEMBERS_REMOVED");
        assertThat(ChangeEventSerde.header(change.headers(), ChangeEventSerde.SOURCE)).isEqualTo("MICROSOFT_ENTRA_ID");
        assertThat(change.headers().lastHeader(ChangeEventSerde.USER_CHANGE_TYPE))
                .as("the user change's own headers stay its own").isNull();
        TestRecord<String, UserChangeEvent> deletion = userChanges.readRecordsToList().getLast();
        assertThat(ChangeEventSerde.header(deletion.headers(), ChangeEventSerde.USER_CHANGE_TYPE))
                .isEqualTo("USER_DELETED");
        assertThat(deletion.headers().lastHeader(ChangeEventSerde.GROUP_CHANGE_TYPE)).isNull();
    }

    // ---------------------------------------------------------------------------------------------------------------

    /** Users of tenant acme, as earlier commands left them in the ledger. */
    private void users(String... ids) {
        KeyValueStore<String, User> users = projector.driver().getKeyValueStore(ProvisioningTopology.USERS_STORE);
        for (String id : ids) {
            users.put("acme/" + id, new User("acme", id, new UserAttributes(id + "@acme.example", null, null, null,
                    null, List.of(), true, null), IdentityProvider.MICROSOFT_ENTRA_ID, NOW, NOW, 1));
        }
    }

    private List<String> membersOf(String groupId) {
        return scan(ProvisioningTopology.GROUP_MEMBERS_STORE, "acme/" + groupId + "/");
    }

    private List<String> groupsOf(String userId) {
        return scan(ProvisioningTopology.USER_GROUPS_STORE, "acme/" + userId + "/");
    }

    private List<String> scan(String store, String prefix) {
        KeyValueStore<String, String> entries = projector.driver().getKeyValueStore(store);
        List<String> values = new ArrayList<>();
        try (KeyValueIterator<String, String> found = entries.prefixScan(prefix, new StringSerializer())) {
            found.forEachRemaining(entry -> values.add(entry.value));
        }
        return values;
    }

    private static List<String> ids(int count, IntFunction<String> id) {
        return IntStream.range(0, count).mapToObj(id).toList();
    }

    private Outcome decide(ProvisioningCommand command) {
        projector.send(command);
        return decisions.readValue().outcome();
    }

    private String request() {
        return "r" + ++requests;
    }

    private CreateUser createUser(String id) {
        return new CreateUser(request(), "acme", IdentityProvider.MICROSOFT_ENTRA_ID, NOW, id,
                new UserAttributes(id + "@acme.example", null, null, null, null, List.of(), true, null));
    }

    private CreateGroup createGroup(String id, String displayName, String externalId, String... members) {
        return new CreateGroup(request(), "acme", IdentityProvider.MICROSOFT_ENTRA_ID, NOW, id, displayName, externalId,
                List.of(members));
    }

    private ChangeGroup change(String id, GroupEdit... edits) {
        return change(id, null, edits);
    }

    private ChangeGroup change(String id, Long expectedVersion, GroupEdit... edits) {
        return new ChangeGroup(request(), "acme", IdentityProvider.MICROSOFT_ENTRA_ID, NOW, id, List.of(edits),
                expectedVersion);
    }

    private DeleteGroup deleteGroup(String id, Long expectedVersion) {
        return new DeleteGroup(request(), "acme", IdentityProvider.MICROSOFT_ENTRA_ID, NOW, id, expectedVersion);
    }
}
