package app.thestorage.provisioning.projector.topology;

import app.thestorage.provisioning.contract.user.User;
import app.thestorage.provisioning.projector.decide.UserLedger;
import java.util.Optional;
import org.apache.kafka.streams.state.KeyValueStore;

/** The ledger kept in the projector's two persistent, changelogged state stores. */
final class StoreLedger implements UserLedger {

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

    private static String userKey(String tenant, String userId) {
        return tenant + "/" + userId;
    }

    private static String userNameKey(String tenant, String userName) {
        return tenant + "/" + User.userNameKey(userName);
    }
}
