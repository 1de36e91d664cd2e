package app.thestorage.provisioning.projector.topology;

import app.thestorage.provisioning.contract.Topics;
import app.thestorage.provisioning.contract.group.Group;
import app.thestorage.provisioning.contract.state.GroupMemberState;
import app.thestorage.provisioning.contract.state.GroupState;
import app.thestorage.provisioning.contract.state.UserState;
import app.thestorage.provisioning.contract.user.User;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * The public state topics as a mirror of the projector's ledgers: every user, group and membership a ledger keeps or
 * forgets while a command is decided is noted here, and passed on as a state record (or a tombstone) in the same
 * transaction as the decision. One rule, in one place: the state topics say what the ledgers hold, whichever
 * decision (a SCIM write, a user's deletion ending its memberships, a tenant's erasure) changed it.
 *
 * <p>A membership record carries the group's version after the decision, read once the decision is made (a group
 * created with members is kept after its members are).
 */
final class StateJournal {

    private final KeyValueStore<String, Group> groups;
    private final List<Entry> entries = new ArrayList<>();

    StateJournal(KeyValueStore<String, Group> groups) {
        this.groups = groups;
    }

    void user(User user) {
        entries.add(new Entry(Topics.USER_STATE, Topics.userKey(user.tenant(), user.id()), user, null, null));
    }

    void userGone(String tenant, String userId) {
        entries.add(new Entry(Topics.USER_STATE, Topics.userKey(tenant, userId), null, null, null));
    }

    void group(Group group) {
        entries.add(new Entry(Topics.GROUP_STATE, Topics.groupKey(group.tenant(), group.id()), group, null, null));
    }

    void groupGone(String tenant, String groupId) {
        entries.add(new Entry(Topics.GROUP_STATE, Topics.groupKey(tenant, groupId), null, null, null));
    }

    void member(String tenant, String groupId, String userId) {
        entries.add(new Entry(Topics.GROUP_MEMBER_STATE, Topics.groupMemberKey(tenant, groupId, userId), userId,
                tenant, groupId));
    }

    void memberGone(String tenant, String groupId, String userId) {
        entries.add(new Entry(Topics.GROUP_MEMBER_STATE, Topics.groupMemberKey(tenant, groupId, userId), null,
                tenant, groupId));
    }

    /** Passes on each record noted since the last time, in the order noted, then forgets them. */
    void publish(BiConsumer<String, Projected.Stated> forward) {
        Map<String, Group> groupsNow = new HashMap<>();
        for (Entry entry : entries) {
            forward.accept(entry.key(), new Projected.Stated(entry.topic(), state(entry, groupsNow)));
        }
        entries.clear();
    }

    private Object state(Entry entry, Map<String, Group> groupsNow) {
        return switch (entry.subject()) {
            case null -> null;
            case User user -> UserState.of(user);
            case Group group -> GroupState.of(group);
            case String userId -> {
                Group group = groupsNow.computeIfAbsent(entry.groupKey(), groups::get);
                yield group == null ? null : GroupMemberState.of(group, userId);
            }
            default -> throw new IllegalStateException("Not a state: " + entry.subject().getClass());
        };
    }

    /** A noted change: its topic and key, and what it now is (a user, a group, a member's id; null when gone). */
    private record Entry(String topic, String key, Object subject, String tenant, String groupId) {

        String groupKey() {
            return Topics.groupKey(tenant, groupId);
        }
    }
}
