package app.thestorage.provisioning.projector.topology;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Function;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * What the user ledger and the group ledger keep alike: their users or groups by {@code tenant/id} in one store, each
 * holding a name unique in its tenant ({@link UniqueNames}: userName, displayName) kept up as they are put and
 * removed, and each change noted (in the {@link StateJournal}).
 *
 * @param <V> User or Group
 */
abstract class NamedLedger<V> {

    private static final StringSerializer PREFIXES = new StringSerializer();

    final KeyValueStore<String, V> entries;
    final UniqueNames names;
    private final Function<V, String> tenantOf;
    private final Function<V, String> idOf;
    private final Function<V, String> nameOf;
    private final Consumer<V> kept;
    private final Consumer<V> gone;

    /**
     * @param kept notes a user or group kept (put)
     * @param gone notes one forgotten (removed)
     */
    NamedLedger(KeyValueStore<String, V> entries, KeyValueStore<String, String> names, Function<V, String> tenantOf,
                Function<V, String> idOf, Function<V, String> nameOf, Consumer<V> kept, Consumer<V> gone) {
        this.entries = entries;
        this.names = new UniqueNames(names);
        this.tenantOf = tenantOf;
        this.idOf = idOf;
        this.nameOf = nameOf;
        this.kept = kept;
        this.gone = gone;
    }

    public Optional<V> byId(String tenant, String id) {
        return Optional.ofNullable(entries.get(key(tenant, id)));
    }

    /** Keeps it; its name is now its own, and the name it had before (if another) free. */
    public void put(V entry) {
        String tenant = tenantOf.apply(entry);
        String key = key(tenant, idOf.apply(entry));
        V previous = entries.get(key);
        entries.put(key, entry);
        names.hold(tenant, previous == null ? null : nameOf.apply(previous), nameOf.apply(entry), idOf.apply(entry));
        kept.accept(entry);
    }

    /** Forgets it, and frees its name. */
    public void remove(V entry) {
        String tenant = tenantOf.apply(entry);
        entries.delete(key(tenant, idOf.apply(entry)));
        names.release(tenant, nameOf.apply(entry));
        gone.accept(entry);
    }

    /** Up to {@code limit} of the tenant's, in the order of their ids. */
    public List<V> some(String tenant, int limit) {
        List<V> first = new ArrayList<>(Math.min(limit, 1000));
        try (KeyValueIterator<String, V> found = entries.prefixScan(tenant + "/", PREFIXES)) {
            while (first.size() < limit && found.hasNext()) {
                first.add(found.next().value);
            }
        }
        return first;
    }

    /** The values of a store under a key prefix, in the order of their keys. */
    static List<String> values(KeyValueStore<String, String> store, String prefix) {
        List<String> values = new ArrayList<>();
        try (KeyValueIterator<String, String> found = store.prefixScan(prefix, PREFIXES)) {
            found.forEachRemaining(entry -> values.add(entry.value));
        }
        return values;
    }

    static String key(String tenant, String id) {
        return tenant + "/" + id;
    }
}
