package app.thestorage.provisioning.contract.group;

import app.thestorage.provisioning.contract.user.IdentityProvider;
import java.time.Instant;
import java.util.List;

/**
 * The public event on {@link app.thestorage.provisioning.contract.Topics#GROUP_CHANGES}, described by
 * {@code schemas/group-change-event.v1.schema.json}. Every event is one version of the group: a consumer that keeps
 * the highest version it applied is idempotent. Member changes carry the delta ({@code members}: the user ids added
 * or removed), never the whole member list; {@code group} is the group after the change (for
 * {@link GroupChangeType#GROUP_DELETED}, its last state).
 */
public record GroupChangeEvent(
        int schemaVersion,
        String eventId,
        GroupChangeType type,
        String tenant,
        String groupId,
        long version,
        IdentityProvider source,
        Instant occurredAt,
        Group group,
        List<String> members) {

    public static final int SCHEMA_VERSION = 1;

    public GroupChangeEvent {
        members = members == null ? List.of() : List.copyOf(members);
    }

    public static GroupChangeEvent of(GroupChangeType type, Group group, List<String> members, Instant occurredAt) {
        return new GroupChangeEvent(SCHEMA_VERSION, group.id() + ":" + group.version(), type, group.tenant(),
                group.id(), group.version(), group.source(), occurredAt, group, members);
    }
}
