package app.thestorage.provisioning.projector.decide;

import app.thestorage.provisioning.contract.group.Group;
import java.util.List;
import java.util.Optional;

/**
 * What the projector knows about one tenant's groups and their memberships while deciding a command: its own state,
 * never the database, like {@link UserLedger}. Memberships are kept one entry each, looked up both ways (the members
 * of a group, the groups of a user), because a group may have 100,000 members: no decision reads or rewrites a whole
 * member list to change a few of them.
 */
public interface GroupLedger {

    Optional<Group> byId(String tenant, String groupId);

    /** The id of the group holding this displayName, compared without regard to letter case. */
    Optional<String> idByDisplayName(String tenant, String displayName);

    /** Keeps the group as it now is (new, renamed or at a new version), its displayName held for it alone. */
    void put(Group group);

    /** Forgets the group, its displayName and every membership in it. */
    void remove(Group group);

    boolean isMember(String tenant, String groupId, String userId);

    /** Every member of the group, in one pass over its memberships, in the order of their ids. */
    List<String> members(String tenant, String groupId);

    /** Every group the user is a member of, in one pass over its memberships, in the order of their ids. */
    List<String> groupsOf(String tenant, String userId);

    void addMember(String tenant, String groupId, String userId);

    void removeMember(String tenant, String groupId, String userId);

    /** Up to {@code limit} of the tenant's groups, in the order of their ids. */
    List<Group> some(String tenant, int limit);
}
