package app.thestorage.provisioning.projector.topology;

import app.thestorage.provisioning.contract.user.User;
import app.thestorage.provisioning.projector.decide.UserLedger;
import java.util.Optional;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * The ledger kept in the projector's two persistent, changelogged state stores; every user it keeps or forgets is
 * noted in the {@link StateJournal}.
 */
final class StoreLedger extends NamedLedger<User> implements UserLedger {

    private static final String KEYED = "\u0000keyed";

    private final KeyValueStore<String, String> userNameStore;

    StoreLedger(KeyValueStore<String, User> users, KeyValueStore<String, String> userNames, StateJournal journal) {
        super(users, userNames, User::tenant, User::id, User::userName, journal::user,
                user -> journal.userGone(user.tenant(), user.id()));
        this.userNameStore = userNames;
    }

    @Override
    public Optional<String> idByUserName(String tenant, String userName) {
        return names.holder(tenant, userName);
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
        try (KeyValueIterator<String, User> all = entries.all()) {
            all.forEachRemaining(entry -> names.hold(entry.value.tenant(), null, entry.value.userName(),
                    entry.value.id()));
        }
        userNameStore.put(KEYED, "");
    }
}
