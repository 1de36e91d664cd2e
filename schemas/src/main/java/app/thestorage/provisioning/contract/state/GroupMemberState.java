package app.thestorage.provisioning.contract.state;

import app.thestorage.provisioning.contract.group.Group;
import app.thestorage.provisioning.contract.user.IdentityProvider;

/**
 * One user's membership of one group, on {@link app.thestorage.provisioning.contract.Topics#GROUP_MEMBER_STATE},
 * described by {@code schemas/group-member-state.v1.schema.json}; key {@code tenant/groupId/userId}. The record says
 * the user is a member; a tombstone says the user left (was removed, deleted, or the group was deleted).
 * {@code version} is the group's version when the record was written: at least the one at which the user joined.
 */
public record GroupMemberState(
        int schemaVersion,
        StateType type,
        String tenant,
        String groupId,
        String userId,
        long version,
        IdentityProvider source) {

    public static final int SCHEMA_VERSION = 1;

    public static GroupMemberState of(Group group, String userId) {
        return new GroupMemberState(SCHEMA_VERSION, StateType.GROUP_MEMBER, group.tenant(), group.id(), userId,
                group.version(), group.source());
    }
}
