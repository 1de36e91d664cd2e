package app.thestorage.provisioning.projector.topology;

import app.thestorage.provisioning.contract.user.User;
import app.thestorage.provisioning.projector.decide.UserLedger;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * The ledger kept in the projector's two persistent, changelogged state stores; every user it keeps or forgets is
 * noted in the {@link StateJournal}.
 */
final class StoreLedger implements UserLedger {

    private static final String KEYED = "\u0000keyed";
    private static final StringSerializer PREFIXES = new StringSerializer();

    private final KeyValueStore<String, User> users;
    private final KeyValueStore<String, String> userNames;
    private final StateJournal journal;

    StoreLedger(KeyValueStore<String, User> users, KeyValueStore<String, String> userNames, StateJournal journal) {
        this.users = users;
        this.userNames = userNames;
        this.journal = journal;
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
        journal.user(user);
    }

    @Override
    public void remove(User user) {
        users.delete(userKey(user.tenant(), user.id()));
        userNames.delete(userNameKey(user.tenant(), user.userName()));
        journal.userGone(user.tenant(), user.id());
    }

    @Override
    public List<User> some(String tenant, int limit) {
        return first(users, tenant + "/", limit);
    }

    /** Up to {@code limit} values of a store under a key prefix, in the order of their keys. */
    static <V> List<V> first(KeyValueStore<String, V> store, String prefix, int limit) {
        List<V> first = new ArrayList<>(Math.min(limit, 1000));
        try (KeyValueIterator<String, V> entries = store.prefixScan(prefix, PREFIXES)) {
            while (first.size() < limit && entries.hasNext()) {
                first.add(entries.next().value);
            }
        }
        return first;
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
