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
 * <p>The budget is {@value #BUDGET_CONFIG} in the Streams configuration (bytes), of which a quarter may hold memtables.
 * Index and filter blocks are cached too, at high priority, so they count in the budget as well.
 */
public final class BoundedStoreMemory implements RocksDBConfigSetter {

    /** Streams configuration key: the bytes all the state stores of the process may use together. */
    public static final String BUDGET_CONFIG = "provisioning.projector.state-store-memory";
    private static final double HIGH_PRIORITY_SHARE = 0.1;
    private static final int MEMTABLE_SHARE = 4;
    private static final long MEMTABLE_SIZE = 8L * 1024 * 1024;

    /** One cache per budget, for every store of the process; never closed (they live as long as the process). */
    private static final Map<Long, Shared> SHARED = new ConcurrentHashMap<>();

    private record Shared(Cache cache, WriteBufferManager memtables) {

        static Shared of(long budget) {
            Cache cache = new LRUCache(budget, -1, false, HIGH_PRIORITY_SHARE);
            return new Shared(cache, new WriteBufferManager(budget / MEMTABLE_SHARE, cache));
        }
    }

    @Override
    public void setConfig(String storeName, Options options, Map<String, Object> configs) {
        Shared shared = SHARED.computeIfAbsent(budget(configs), Shared::of);
        BlockBasedTableConfig table = (BlockBasedTableConfig) options.tableFormatConfig();
        table.setBlockCache(shared.cache());
        table.setCacheIndexAndFilterBlocks(true);
        table.setCacheIndexAndFilterBlocksWithHighPriority(true);
        table.setPinTopLevelIndexAndFilter(true);
        options.setWriteBufferManager(shared.memtables());
        options.setWriteBufferSize(MEMTABLE_SIZE);
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
