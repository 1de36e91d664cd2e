package app.thestorage.provisioning.contract.state;

import app.thestorage.provisioning.contract.group.Group;
import app.thestorage.provisioning.contract.user.IdentityProvider;

/**
 * A group as the directory holds it now, without its members, on
 * {@link app.thestorage.provisioning.contract.Topics#GROUP_STATE}, described by
 * {@code schemas/group-state.v1.schema.json}; key {@code tenant/groupId}, a tombstone once the group is deleted. Its
 * members are records of their own ({@link GroupMemberState}), so that no record grows with the group.
 */
public record GroupState(
        int schemaVersion,
        StateType type,
        String tenant,
        String groupId,
        long version,
        IdentityProvider source,
        Group group) {

    public static final int SCHEMA_VERSION = 1;

    public static GroupState of(Group group) {
        return new GroupState(SCHEMA_VERSION, StateType.GROUP, group.tenant(), group.id(), group.version(),
                group.source(), group);
    }
}
