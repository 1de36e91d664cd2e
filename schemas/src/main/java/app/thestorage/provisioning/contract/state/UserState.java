package app.thestorage.provisioning.contract.state;

import app.thestorage.provisioning.contract.user.IdentityProvider;
import app.thestorage.provisioning.contract.user.User;

/**
 * A user as the directory holds it now, on {@link app.thestorage.provisioning.contract.Topics#USER_STATE}, described
 * by {@code schemas/user-state.v1.schema.json}; key {@code tenant/userId}. The topic is compacted: its latest record
 * per key is the user, a tombstone (a record without value) says the user was deleted. {@code version} is the user's,
 * the same as on the change event that made this state, so a consumer reading both topics keeps the highest.
 */
public record UserState(
        int schemaVersion,
        StateType type,
        String tenant,
        String userId,
        long version,
        IdentityProvider source,
        User user) {

    public static final int SCHEMA_VERSION = 1;

    public static UserState of(User user) {
        return new UserState(SCHEMA_VERSION, StateType.USER, user.tenant(), user.id(), user.version(), user.source(),
                user);
    }
}
