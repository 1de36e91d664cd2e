package app.thestorage.provisioning.downstream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import app.thestorage.provisioning.contract.Topics;
import app.thestorage.provisioning.contract.group.Group;
import app.thestorage.provisioning.contract.serde.Serdes;
import app.thestorage.provisioning.contract.state.GroupMemberState;
import app.thestorage.provisioning.contract.state.GroupState;
import app.thestorage.provisioning.contract.state.UserState;
import app.thestorage.provisioning.contract.user.IdentityProvider;
import app.thestorage.provisioning.contract.user.User;
import app.thestorage.provisioning.contract.user.UserAttributes;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;

/** The version rule and tombstones, record by record, as the follower applies what it polls. */
class DirectoryFollowerTest {

    private static final Instant AT = Instant.parse("2026-01-05T09:00:00Z");

    private final InMemoryDirectoryCopy copy = new InMemoryDirectoryCopy();
    private long offset;

    @Test
    void a_newer_user_replaces_the_one_held_and_an_older_one_changes_nothing() {
        apply(Topics.USER_STATE, "acme/u1", user("acme", "u1", "ada@acme.example", true, 1));
        apply(Topics.USER_STATE, "acme/u1", user("acme", "u1", "ada.lovelace@acme.example", false, 3));
        apply(Topics.USER_STATE, "acme/u1", user("acme", "u1", "ada@acme.example", true, 2));

        assertThat(copy.user("acme", "u1")).hasValueSatisfying(held -> {
            assertThat(held.version()).isEqualTo(3);
            assertThat(held.user().userName()).isEqualTo("ada.lovelace@acme.example");
            assertThat(held.user().attributes().active()).isFalse();
        });
    }

    @Test
    void the_same_version_again_is_applied_as_a_republished_record_is() {
        apply(Topics.USER_STATE, "acme/u1", user("acme", "u1", "ada@acme.example", true, 2));
        apply(Topics.USER_STATE, "acme/u1", user("acme", "u1", "ada@acme.example", true, 2));

        assertThat(copy.users("acme")).containsOnlyKeys("u1");
    }

    @Test
    void a_tombstone_removes_the_user_of_its_tenant_only() {
        apply(Topics.USER_STATE, "acme/u1", user("acme", "u1", "ada@acme.example", true, 4));
        apply(Topics.USER_STATE, "globex/u1", user("globex", "u1", "ada@globex.example", true, 1));

        apply(Topics.USER_STATE, "acme/u1", null);

        assertThat(copy.users("acme")).isEmpty();
        assertThat(copy.users("globex")).containsOnlyKeys("u1");
    }

    @Test
    void members_join_leave_and_join_again_at_the_groups_later_version() {
        Group sales = group("acme", "g1", "Sales", 2);
        apply(Topics.GROUP_STATE, "acme/g1", GroupState.of(sales));
        apply(Topics.GROUP_MEMBER_STATE, "acme/g1/u1", GroupMemberState.of(sales, "u1"));
        apply(Topics.GROUP_MEMBER_STATE, "acme/g1/u2", GroupMemberState.of(sales, "u2"));
        apply(Topics.GROUP_MEMBER_STATE, "acme/g1/u1", null);
        assertThat(copy.members("acme")).isEqualTo(Map.of("g1", Set.of("u2")));

        apply(Topics.GROUP_MEMBER_STATE, "acme/g1/u1", GroupMemberState.of(group("acme", "g1", "Sales", 4), "u1"));
        apply(Topics.GROUP_MEMBER_STATE, "acme/g1/u2", GroupMemberState.of(group("acme", "g1", "Sales", 1), "u2"));

        assertThat(copy.members("acme")).isEqualTo(Map.of("g1", Set.of("u1", "u2")));
        assertThat(copy.memberVersion("acme", "g1", "u1")).hasValue(4);
        assertThat(copy.memberVersion("acme", "g1", "u2")).hasValue(2);
    }

    @Test
    void a_deleted_group_is_its_tombstone_and_one_per_member() {
        Group sales = group("acme", "g1", "Sales", 2);
        apply(Topics.GROUP_STATE, "acme/g1", GroupState.of(sales));
        apply(Topics.GROUP_MEMBER_STATE, "acme/g1/u1", GroupMemberState.of(sales, "u1"));
        apply(Topics.GROUP_STATE, "acme/g1", GroupState.of(group("acme", "g1", "Sales EMEA", 3)));
        apply(Topics.GROUP_STATE, "acme/g1", GroupState.of(sales));
        assertThat(copy.groups("acme").get("g1").group().displayName()).isEqualTo("Sales EMEA");

        apply(Topics.GROUP_STATE, "acme/g1", null);
        apply(Topics.GROUP_MEMBER_STATE, "acme/g1/u1", null);

        assertThat(copy.groups("acme")).isEmpty();
        assertThat(copy.members("acme")).isEmpty();
    }

    @Test
    void a_record_it_cannot_read_stops_it() {
        ConsumerRecord<String, byte[]> garbage = new ConsumerRecord<>(Topics.USER_STATE, 0, 0, "acme/u1", new byte[] {'{'});

        assertThatThrownBy(() -> DirectoryFollower.apply(garbage, copy)).isInstanceOf(SerializationException.class);
        assertThat(copy.users("acme")).isEmpty();
    }

    private void apply(String topic, String key, Object state) {
        byte[] value = switch (state) {
            case null -> null;
            case UserState user -> Serdes.userStates().serialize(topic, user);
            case GroupState group -> Serdes.groupStates().serialize(topic, group);
            case GroupMemberState member -> Serdes.groupMemberStates().serialize(topic, member);
            default -> throw new IllegalArgumentException(state.toString());
        };
        DirectoryFollower.apply(new ConsumerRecord<>(topic, 0, offset++, key, value), copy);
    }

    private static UserState user(String tenant, String id, String userName, boolean active, long version) {
        UserAttributes attributes = new UserAttributes(userName, null, null, null, null, null, active, null);
        return UserState.of(new User(tenant, id, attributes, IdentityProvider.OKTA, AT, AT, version));
    }

    private static Group group(String tenant, String id, String displayName, long version) {
        return new Group(tenant, id, displayName, null, IdentityProvider.OKTA, AT, AT, version);
    }
}
