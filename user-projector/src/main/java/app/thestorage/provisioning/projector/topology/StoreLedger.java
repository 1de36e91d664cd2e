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
    private final KeyValueStore<String, String> userNameStore;
    private final UniqueNames userNames;
    private final StateJournal journal;

    StoreLedger(KeyValueStore<String, User> users, KeyValueStore<String, String> userNames, StateJournal journal) {
        this.users = users;
        this.userNameStore = userNames;
        this.userNames = new UniqueNames(userNames);
        this.journal = journal;
    }

    @Override
    public Optional<User> byId(String tenant, String userId) {
        return Optional.ofNullable(users.get(userKey(tenant, userId)));
    }

    @Override
    public Optional<String> idByUserName(String tenant, String userName) {
        return userNames.holder(tenant, userName);
    }

    @Override
    public void put(User user) {
        User previous = users.get(userKey(user.tenant(), user.id()));
        users.put(userKey(user.tenant(), user.id()), user);
        userNames.hold(user.tenant(), previous == null ? null : previous.userName(), user.userName(), user.id());
        journal.user(user);
    }

    @Override
    public void remove(User user) {
        users.delete(userKey(user.tenant(), user.id()));
        userNames.release(user.tenant(), user.userName());
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
        if (userNameStore.get(KEYED) != null) {
            return;
        }
        try (KeyValueIterator<String, User> all = users.all()) {
            all.forEachRemaining(entry -> userNames.hold(entry.value.tenant(), null, entry.value.userName(),
                    entry.value.id()));
        }
        userNameStore.put(KEYED, "");
    }

    private static String userKey(String tenant, String userId) {
        return tenant + "/" + userId;
    }
}
