package app.thestorage.provisioning.ingest.provisioninglog;

import app.thestorage.provisioning.contract.user.IdentityProvider;
import app.thestorage.provisioning.ingest.directory.DirectoryStatements;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.r2dbc.spi.Readable;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The provisioning log of every tenant (schema {@code tenancy}). Requests are noted in memory and written
 * in batches off the request path, so keeping the log never slows provisioning; entries of tenants that do
 * not exist are not kept. Entries older than the retention are deleted. Successful reads are not entries: they are
 * counted per minute ({@link LogKeeping}, {@link ReadCount}) and the counts added to {@code tenancy.provisioning_reads}
 * with each write.
 */
@Component
public class ProvisioningLog implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(ProvisioningLog.class);
    private static final int BATCH = 1000;
    private static final Duration SHUTDOWN_FLUSH = Duration.ofSeconds(5);
    /**
     * A whole batch in one statement: each column as an array, unnested back into rows in arrival order. A request
     * refused before its user was read (a PATCH the projector refused, say) names the user by id only: its userName
     * is looked up here, off the request path, by the directory's primary key.
     */
    private static final String INSERT = """
            INSERT INTO tenancy.provisioning_log (tenant, at, operation, identity_provider, user_id, user_name, query,
                status, scim_type, detail, duration_ms, trace_id)
            SELECT e.tenant, e.at::timestamptz, e.operation, e.identity_provider, e.user_id,
                COALESCE(e.user_name, %s),
                e.query, e.status, e.scim_type, e.detail, e.duration_ms, e.trace_id
            FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[],
                    $8::int[], $9::text[], $10::text[], $11::int[], $12::text[]) WITH ORDINALITY
                AS e(tenant, at, operation, identity_provider, user_id, user_name, query, status, scim_type, detail,
                    duration_ms, trace_id, arrival)
            WHERE EXISTS (SELECT 1 FROM tenancy.tenants WHERE slug = e.tenant)
            ORDER BY e.arrival
            """.formatted(DirectoryStatements.userName("e.tenant", "e.user_id"));
    /**
     * The counts of a write, added to those of the same minute already written (by this instance or another); each key
     * is in the batch once. Rows are added in key order, so that two instances adding to the same rows at once take
     * their locks in the same order (one waits for the other instead of a deadlock).
     */
    private static final String ADD_READS = """
            INSERT INTO tenancy.provisioning_reads AS r (tenant, minute, operation, identity_provider, reads, last_at)
            SELECT c.tenant, c.minute::timestamptz, c.operation, c.identity_provider, c.reads, c.last_at::timestamptz
            FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::bigint[], $6::text[])
                AS c(tenant, minute, operation, identity_provider, reads, last_at)
            WHERE EXISTS (SELECT 1 FROM tenancy.tenants WHERE slug = c.tenant)
            ORDER BY c.tenant, c.minute, c.operation, c.identity_provider
            ON CONFLICT (tenant, minute, operation, identity_provider) DO UPDATE
                SET reads = r.reads + EXCLUDED.reads, last_at = greatest(r.last_at, EXCLUDED.last_at)
            """;
    /** The tenant's last counted read: in its newest minute, the latest. */
    private static final String LAST_READ = """
            SELECT * FROM tenancy.provisioning_reads WHERE tenant = :tenant
            ORDER BY minute DESC, last_at DESC LIMIT 1
            """;

    private final DatabaseClient db;
    private final ProvisioningLogProperties properties;
    private final BlockingQueue<ProvisioningLogEntry> pending;
    private final ReadTally reads = new ReadTally();
    private final Counter dropped;
    private volatile Disposable writer;
    private volatile Instant lastPurge = Instant.EPOCH;
    private volatile Instant lastReadsFlush = Instant.EPOCH;

    public ProvisioningLog(DatabaseClient db, ProvisioningLogProperties properties, MeterRegistry meters) {
        this.db = db;
        this.properties = properties;
        this.pending = new ArrayBlockingQueue<>(properties.capacity());
        this.dropped = Counter.builder("provisioning.log.dropped")
                .description("Provisioning log entries dropped because PostgreSQL could not keep up")
                .register(meters);
    }

    /** Notes a request; it is written with the next batch. Never blocks. */
    public void append(ProvisioningLogEntry entry) {
        if (!pending.offer(entry)) {
            dropped.increment();
        }
    }

    /** Counts a successful read; the counts are written every few seconds (reads-flush-interval). Never blocks. */
    public void count(String tenant, Instant at, ScimOperation operation, IdentityProvider identityProvider) {
        reads.add(tenant, at, operation, identityProvider);
    }

    /**
     * The tenant's counted reads whose last read came at or after {@code from} and before {@code until} (either may be
     * null: no bound), newest minute first, at most {@code limit} rows.
     */
    public Flux<ReadCount> reads(String tenant, Instant from, Instant until, int limit) {
        String sql = "SELECT * FROM tenancy.provisioning_reads WHERE tenant = :tenant"
                + (from == null ? "" : " AND last_at >= :from AND minute >= :fromMinute")
                + (until == null ? "" : " AND last_at < :until AND minute < :until")
                + " ORDER BY minute DESC, operation, identity_provider LIMIT :limit";
        DatabaseClient.GenericExecuteSpec spec = db.sql(sql).bind("tenant", tenant).bind("limit", limit);
        if (from != null) {
            spec = spec.bind("from", from).bind("fromMinute", from.truncatedTo(ChronoUnit.MINUTES));
        }
        if (until != null) {
            spec = spec.bind("until", until);
        }
        return spec.map(ProvisioningLog::readCount).all();
    }

    /** When the entry with this id came in, if it is still in the log. */
    public Mono<Instant> entryAt(String tenant, long id) {
        return db.sql("SELECT at FROM tenancy.provisioning_log WHERE tenant = :tenant AND id = :id")
                .bind("tenant", tenant)
                .bind("id", id)
                .map(row -> row.get("at", Instant.class))
                .one();
    }

    /** The tenant's last counted read, if any is still kept. */
    public Mono<ReadCount> lastRead(String tenant) {
        return db.sql(LAST_READ).bind("tenant", tenant).map(ProvisioningLog::readCount).one();
    }

    /** The tenant's entries, newest first, older than {@code before} (an entry id) if given. */
    public Flux<ProvisioningLogEntry> entries(String tenant, Long before, boolean failuresOnly, int limit) {
        String sql = "SELECT * FROM tenancy.provisioning_log WHERE tenant = :tenant"
                + (before == null ? "" : " AND id < :before")
                + (failuresOnly ? " AND status >= 400" : "")
                + " ORDER BY id DESC LIMIT :limit";
        DatabaseClient.GenericExecuteSpec spec = db.sql(sql).bind("tenant", tenant).bind("limit", limit);
        if (before != null) {
            spec = spec.bind("before", before);
        }
        return spec.map(ProvisioningLog::entry).all();
    }

    /** When the tenant's last SCIM request came in, if any is still in the log (an entry, or a counted read). */
    public Mono<Instant> lastRequestAt(String tenant) {
        Mono<Instant> lastEntry = db.sql(
                        "SELECT at FROM tenancy.provisioning_log WHERE tenant = :tenant ORDER BY id DESC LIMIT 1")
                .bind("tenant", tenant)
                .map(row -> row.get("at", Instant.class))
                .one();
        return lastEntry.concatWith(lastRead(tenant).map(ReadCount::lastAt))
                .reduce((one, other) -> one.isAfter(other) ? one : other);
    }

    @Override
    public void start() {
        writer = Flux.interval(properties.flushInterval())
                .onBackpressureDrop()
                .concatMap(tick -> flush().then(flushReadsIfDue()).then(purgeIfDue()), 1)
                .subscribe();
    }

    @Override
    public void stop() {
        Disposable running = writer;
        writer = null;
        if (running != null) {
            running.dispose();
            flush().block(SHUTDOWN_FLUSH);
            flushReads().block(SHUTDOWN_FLUSH);
        }
    }

    @Override
    public boolean isRunning() {
        return writer != null;
    }

    /**
     * Writes what is pending, a batch at a time. A batch that fails, even while its statement is bound, is dropped and
     * counted, not retried: the writer itself never stops.
     */
    Mono<Void> flush() {
        return Mono.defer(() -> {
            List<ProvisioningLogEntry> batch = new ArrayList<>(BATCH);
            pending.drainTo(batch, BATCH);
            if (batch.isEmpty()) {
                return Mono.empty();
            }
            Mono<Void> written = Mono.defer(() -> insert(batch))
                    .onErrorResume(e -> {
                        dropped.increment(batch.size());
                        log.warn("Could not write {} provisioning log entries: {}", batch.size(), e.toString());
                        return Mono.empty();
                    });
            return batch.size() == BATCH ? written.then(flush()) : written;
        });
    }

    private Mono<Void> flushReadsIfDue() {
        Instant now = Instant.now();
        if (lastReadsFlush.isAfter(now.minus(properties.readsFlushInterval()))) {
            return Mono.empty();
        }
        lastReadsFlush = now;
        return flushReads();
    }

    /**
     * Adds the reads counted so far to those written. Counts that cannot be written are dropped and counted as dropped
     * entries (the writer never stops), like a failed batch of entries.
     */
    Mono<Void> flushReads() {
        return Mono.defer(() -> {
            List<ReadCount> counts = reads.take();
            if (counts.isEmpty()) {
                return Mono.empty();
            }
            return db.sql(ADD_READS)
                    .bind(0, counts.stream().map(ReadCount::tenant).toArray(String[]::new))
                    .bind(1, counts.stream().map(count -> count.minute().toString()).toArray(String[]::new))
                    .bind(2, counts.stream().map(count -> count.operation().name()).toArray(String[]::new))
                    .bind(3, counts.stream().map(count -> count.identityProvider().name()).toArray(String[]::new))
                    .bind(4, counts.stream().map(ReadCount::reads).toArray(Long[]::new))
                    .bind(5, counts.stream().map(count -> count.lastAt().toString()).toArray(String[]::new))
                    .then()
                    .onErrorResume(e -> {
                        long lost = counts.stream().mapToLong(ReadCount::reads).sum();
                        dropped.increment(lost);
                        log.warn("Could not write the counts of {} successful reads: {}", lost, e.toString());
                        return Mono.empty();
                    });
        });
    }

    private Mono<Void> insert(List<ProvisioningLogEntry> batch) {
        return db.sql(INSERT)
                .bind(0, column(batch, ProvisioningLogEntry::tenant))
                .bind(1, column(batch, entry -> entry.at().toString()))
                .bind(2, column(batch, entry -> entry.operation().name()))
                .bind(3, column(batch, entry -> entry.identityProvider().name()))
                .bind(4, column(batch, ProvisioningLogEntry::userId))
                .bind(5, column(batch, ProvisioningLogEntry::userName))
                .bind(6, column(batch, ProvisioningLogEntry::query))
                .bind(7, batch.stream().map(ProvisioningLogEntry::status).toArray(Integer[]::new))
                .bind(8, column(batch, ProvisioningLogEntry::scimType))
                .bind(9, column(batch, ProvisioningLogEntry::detail))
                .bind(10, batch.stream().map(ProvisioningLogEntry::durationMs).toArray(Integer[]::new))
                .bind(11, column(batch, ProvisioningLogEntry::traceId))
                .then();
    }

    private static String[] column(List<ProvisioningLogEntry> batch, Function<ProvisioningLogEntry, String> value) {
        return batch.stream().map(value).toArray(String[]::new);
    }

    private Mono<Void> purgeIfDue() {
        Instant now = Instant.now();
        if (lastPurge.isAfter(now.minus(Duration.ofHours(1)))) {
            return Mono.empty();
        }
        lastPurge = now;
        Instant cutoff = now.minus(properties.retention());
        return db.sql("DELETE FROM tenancy.provisioning_log WHERE at < :cutoff")
                .bind("cutoff", cutoff)
                .then()
                .then(db.sql("DELETE FROM tenancy.provisioning_reads WHERE minute < :cutoff")
                        .bind("cutoff", cutoff)
                        .then())
                .onErrorResume(e -> {
                    log.warn("Could not delete provisioning log entries past their retention: {}", e.toString());
                    return Mono.empty();
                });
    }

    private static ReadCount readCount(Readable row) {
        return new ReadCount(row.get("tenant", String.class), row.get("minute", Instant.class),
                ScimOperation.valueOf(row.get("operation", String.class)),
                IdentityProvider.valueOf(row.get("identity_provider", String.class)), row.get("reads", Long.class),
                row.get("last_at", Instant.class));
    }

    private static ProvisioningLogEntry entry(Readable row) {
        int status = row.get("status", Integer.class);
        return new ProvisioningLogEntry(row.get("id", Long.class), row.get("tenant", String.class),
                row.get("at", Instant.class), ScimOperation.valueOf(row.get("operation", String.class)),
                IdentityProvider.valueOf(row.get("identity_provider", String.class)), row.get("user_id", String.class),
                row.get("user_name", String.class), row.get("query", String.class), status,
                ProvisioningLogEntry.Result.of(status), row.get("scim_type", String.class),
                row.get("detail", String.class), row.get("duration_ms", Integer.class), row.get("trace_id", String.class));
    }
}
