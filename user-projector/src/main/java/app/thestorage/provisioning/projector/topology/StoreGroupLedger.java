package app.thestorage.provisioning.projector.topology;

import app.thestorage.provisioning.contract.group.Group;
import app.thestorage.provisioning.projector.decide.GroupLedger;
import java.util.List;
import java.util.Optional;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * The group ledger kept in four persistent, changelogged state stores of the projector's one processor, beside the
 * users (a tenant's user and group commands share a partition and an order):
 * <ul>
 * <li>{@value ProvisioningTopology#GROUPS_STORE}: {@code tenant/groupId} to the group (without members);</li>
 * <li>{@value ProvisioningTopology#GROUP_NAMES_STORE}: {@code tenant/displayNameKey} to the group id;</li>
 * <li>{@value ProvisioningTopology#GROUP_MEMBERS_STORE}: {@code tenant/groupId/userId} to the user id;</li>
 * <li>{@value ProvisioningTopology#USER_GROUPS_STORE}: {@code tenant/userId/groupId} to the group id.</li>
 * </ul>
 * One entry per membership, written both ways, so that the members of a group and the groups of a user are each a
 * prefix scan ({@code tenant/groupId/}, {@code tenant/userId/}) and a single membership a point lookup. Tenants and
 * the ids in memberships never hold a '/' (the decisions see to the ids), so no prefix reaches into another's keys.
 * Every group and membership it keeps or forgets is noted in the {@link StateJournal}.
 */
final class StoreGroupLedger extends NamedLedger<Group> implements GroupLedger {

    private final KeyValueStore<String, String> members;
    private final KeyValueStore<String, String> groupsOfUsers;
    private final StateJournal journal;

    StoreGroupLedger(KeyValueStore<String, Group> groups, KeyValueStore<String, String> displayNames,
                     KeyValueStore<String, String> members, KeyValueStore<String, String> groupsOfUsers,
                     StateJournal journal) {
        super(groups, displayNames, Group::tenant, Group::id, Group::displayName, journal::group,
                group -> journal.groupGone(group.tenant(), group.id()));
        this.members = members;
        this.groupsOfUsers = groupsOfUsers;
        this.journal = journal;
    }

    @Override
    public Optional<String> idByDisplayName(String tenant, String displayName) {
        return names.holder(tenant, displayName);
    }

    /** Forgets the group with its memberships. */
    @Override
    public void remove(Group group) {
        for (String member : members(group.tenant(), group.id())) {
            removeMember(group.tenant(), group.id(), member);
        }
        super.remove(group);
    }

    @Override
    public boolean isMember(String tenant, String groupId, String userId) {
        return members.get(key(tenant, groupId, userId)) != null;
    }

    @Override
    public List<String> members(String tenant, String groupId) {
        return values(members, key(tenant, groupId, ""));
    }

    @Override
    public List<String> groupsOf(String tenant, String userId) {
        return values(groupsOfUsers, key(tenant, userId, ""));
    }

    @Override
    public void addMember(String tenant, String groupId, String userId) {
        members.put(key(tenant, groupId, userId), userId);
        groupsOfUsers.put(key(tenant, userId, groupId), groupId);
        journal.member(tenant, groupId, userId);
    }

    @Override
    public void removeMember(String tenant, String groupId, String userId) {
        members.delete(key(tenant, groupId, userId));
        groupsOfUsers.delete(key(tenant, userId, groupId));
        journal.memberGone(tenant, groupId, userId);
    }

    private static String key(String tenant, String id, String otherId) {
        return tenant + "/" + id + "/" + otherId;
    }
}
