package app.thestorage.provisioning.projector.topology;

import app.thestorage.provisioning.contract.user.User;
import java.util.Optional;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * A tenant's names that must be unique without regard to case (userNames, group displayNames), kept in a store as
 * {@code tenant/nameKey} to the id of whoever holds the name; the key is {@link User#userNameKey}, which
 * {@link app.thestorage.provisioning.contract.group.Group#displayNameKey} is too.
 */
final class UniqueNames {

    private final KeyValueStore<String, String> names;

    UniqueNames(KeyValueStore<String, String> names) {
        this.names = names;
    }

    /** The id of whoever holds the name in the tenant, if anyone does. */
    Optional<String> holder(String tenant, String name) {
        return Optional.ofNullable(names.get(key(tenant, name)));
    }

    /** The name is now {@code id}'s, and its previous name (null for none) free, unless it is the same name. */
    void hold(String tenant, String previousName, String name, String id) {
        if (previousName != null && !User.userNameKey(previousName).equals(User.userNameKey(name))) {
            names.delete(key(tenant, previousName));
        }
        names.put(key(tenant, name), id);
    }

    /** The name is free again. */
    void release(String tenant, String name) {
        names.delete(key(tenant, name));
    }

    /** The store's key of a name: what a lookup and a claim both compare. */
    static String key(String tenant, String name) {
        return tenant + "/" + User.userNameKey(name);
    }
}
