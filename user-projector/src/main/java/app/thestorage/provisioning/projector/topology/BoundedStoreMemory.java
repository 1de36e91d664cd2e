package app.thestorage.provisioning.projector.topology;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.streams.state.RocksDBConfigSetter;
import org.rocksdb.BlockBasedTableConfig;
import org.rocksdb.Cache;
import org.rocksdb.LRUCache;
import org.rocksdb.Options;
import org.rocksdb.WriteBufferManager;

/**
 * Bounds the memory of all the projector's state stores together, whatever the number of stores and partitions: every
 * RocksDB instance of the process shares one block cache, and its memtables are counted against that cache (Kafka
 * Streams' "bounded memory" configuration). Without it each instance takes RocksDB's own defaults (a 50 MB block cache
 * and up to three 16 MB memtables): six stores times the partitions a projector holds, outside the JVM heap and
 * outside any limit the JVM knows, which is how a pod is killed for memory.
 *
 * <p>The budget is {@value #BUDGET_CONFIG} in the Streams configuration (bytes), of which half may hold memtables:
 * a group of 100,000 members is built by writes, and smaller memtables flush and compact more often. Index and filter
 * blocks stay with their files, outside the budget (they grow with the data, a small part of it), where every lookup
 * finds them without going through the shared cache.
 */
public final class BoundedStoreMemory implements RocksDBConfigSetter {

    /** Streams configuration key: the bytes all the state stores of the process may use together. */
    public static final String BUDGET_CONFIG = "provisioning.projector.state-store-memory";
    private static final int MEMTABLE_SHARE = 2;

    /** One cache per budget, for every store of the process; never closed (they live as long as the process). */
    private static final Map<Long, Shared> SHARED = new ConcurrentHashMap<>();

    private record Shared(Cache cache, WriteBufferManager memtables) {

        static Shared of(long budget) {
            Cache cache = new LRUCache(budget);
            return new Shared(cache, new WriteBufferManager(budget / MEMTABLE_SHARE, cache));
        }
    }

    @Override
    public void setConfig(String storeName, Options options, Map<String, Object> configs) {
        Shared shared = SHARED.computeIfAbsent(budget(configs), Shared::of);
        BlockBasedTableConfig table = (BlockBasedTableConfig) options.tableFormatConfig();
        table.setBlockCache(shared.cache());
        options.setWriteBufferManager(shared.memtables());
        options.setTableFormatConfig(table);
    }

    @Override
    public void close(String storeName, Options options) {
        // the cache and the write buffer manager are shared by every store: they outlive any one of them
    }

    private static long budget(Map<String, Object> configs) {
        Object budget = configs.get(BUDGET_CONFIG);
        if (budget == null) {
            throw new IllegalStateException(BUDGET_CONFIG + " is not set");
        }
        return budget instanceof Number number ? number.longValue() : Long.parseLong(budget.toString());
    }
}
