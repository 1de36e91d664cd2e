package app.thestorage.provisioning.contract.event;

import app.thestorage.provisioning.contract.user.IdentityProvider;
import app.thestorage.provisioning.contract.user.User;
import java.time.Instant;

/**
 * The public event on {@link app.thestorage.provisioning.contract.Topics#USER_CHANGES}, described by
 * {@code schemas/user-change-event.v1.schema.json}. Versions of one user only grow: a consumer that keeps
 * the highest version it applied is idempotent. For {@link UserChangeType#USER_DELETED}, {@code user} is
 * the last state before the deletion.
 */
public record UserChangeEvent(
        int schemaVersion,
        String eventId,
        UserChangeType type,
        String tenant,
        String userId,
        long version,
        IdentityProvider source,
        Instant occurredAt,
        User user) {

    public static final int SCHEMA_VERSION = 1;

    public static UserChangeEvent of(UserChangeType type, User user, Instant occurredAt) {
        return new UserChangeEvent(SCHEMA_VERSION, user.id() + ":" + user.version(), type, user.tenant(), user.id(),
                user.version(), user.source(), occurredAt, user);
    }
}
