package app.thestorage.provisioning.projector.topology;

import app.thestorage.provisioning.contract.user.User;
import app.thestorage.provisioning.projector.decide.UserLedger;
import java.util.Optional;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/** The ledger kept in the projector's two persistent, changelogged state stores. */
final class StoreLedger implements UserLedger {

    private static final String KEYED = "\u0000keyed";

    private final KeyValueStore<String, User> users;
    private final KeyValueStore<String, String> userNames;

    StoreLedger(KeyValueStore<String, User> users, KeyValueStore<String, String> userNames) {
        this.users = users;
        this.userNames = userNames;
    }

    @Override
    public Optional<User> byId(String tenant, String userId) {
        return Optional.ofNullable(users.get(userKey(tenant, userId)));
    }

    @Override
    public Optional<String> idByUserName(String tenant, String userName) {
        return Optional.ofNullable(userNames.get(userNameKey(tenant, userName)));
    }

    @Override
    public void put(User user) {
        User previous = users.get(userKey(user.tenant(), user.id()));
        if (previous != null && !User.userNameKey(previous.userName()).equals(User.userNameKey(user.userName()))) {
            userNames.delete(userNameKey(user.tenant(), previous.userName()));
        }
        users.put(userKey(user.tenant(), user.id()), user);
        userNames.put(userNameKey(user.tenant(), user.userName()), user.id());
    }

    @Override
    public void remove(User user) {
        users.delete(userKey(user.tenant(), user.id()));
        userNames.delete(userNameKey(user.tenant(), user.userName()));
    }

    /**
     * Fills the userName index from the users, once per store: after the rule of the userName key changed, the index
     * starts empty beside a users store that may hold users. Needs a record being processed (its writes go to the
     * changelog in that record's transaction). A marker no tenant can have (tenants hold no control characters)
     * says it is done.
     */
    void keyUserNames() {
        if (userNames.get(KEYED) != null) {
            return;
        }
        try (KeyValueIterator<String, User> all = users.all()) {
            all.forEachRemaining(entry -> userNames.put(userNameKey(entry.value.tenant(), entry.value.userName()),
                    entry.value.id()));
        }
        userNames.put(KEYED, "");
    }

    private static String userKey(String tenant, String userId) {
        return tenant + "/" + userId;
    }

    private static String userNameKey(String tenant, String userName) {
        return tenant + "/" + User.userNameKey(userName);
    }
}
