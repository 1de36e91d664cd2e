package app.thestorage.provisioning.ingest.health;

import app.thestorage.provisioning.contract.user.IdentityProvider;
import app.thestorage.provisioning.ingest.health.TenantHealth.Counts;
import app.thestorage.provisioning.ingest.health.TenantHealth.LastRequest;
import app.thestorage.provisioning.ingest.health.TenantHealth.ReasonCount;
import app.thestorage.provisioning.ingest.provisioninglog.ProvisioningLog;
import app.thestorage.provisioning.ingest.provisioninglog.ScimOperation;
import io.r2dbc.spi.Readable;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * The provisioning health of the tenants, read from their provisioning logs when asked (the admin API) or counted
 * periodically (the gauge); never on a SCIM request's path. Every statement reads a range of the log's
 * (tenant, at) index: one tenant's recent rows, or every tenant's rows of the rules' window.
 */
@Component
public class ProvisioningHealth {

    private static final Duration HOUR = Duration.ofHours(1);
    private static final Duration DAY = Duration.ofDays(1);
    private static final int TOP_REASONS = 5;

    /**
     * What the rules read, per tenant: its registry row and its log over the rules' window, entries and counted reads
     * alike (a minute's reads are a request each; they are in the window, the last hour or after the token, when the
     * minute's last read is).
     */
    private static final String SIGNALS = """
            SELECT t.slug, t.scim_enabled, t.token_created_at, t.identity_provider,
                coalesce(sum(l.requests) FILTER (WHERE l.at >= :hour), 0)::bigint AS requests_last_hour,
                count(l.at) FILTER (WHERE l.at >= :hour AND l.status >= 400) AS failures_last_hour,
                max(l.at) AS last_request_at,
                count(l.at) FILTER (WHERE l.status = 401 AND l.at >= t.token_created_at) AS refused_since_token,
                coalesce(sum(l.requests) FILTER (WHERE l.status < 400 AND l.at >= t.token_created_at), 0)::bigint
                    AS accepted_since_token
            FROM tenancy.tenants t
            LEFT JOIN (
                SELECT tenant, at, status, 1::bigint AS requests FROM tenancy.provisioning_log WHERE at >= :since
                UNION ALL
                SELECT tenant, last_at, 200, reads FROM tenancy.provisioning_reads
                WHERE minute >= :sinceMinute AND last_at >= :since
            ) l ON l.tenant = t.slug
            %s
            GROUP BY t.slug
            """;
    static final String SIGNALS_OF_ONE_TENANT = SIGNALS.formatted("WHERE t.slug = :tenant");
    static final String SIGNALS_OF_EVERY_TENANT = SIGNALS.formatted("");
    /** A tenant's failures since a moment, by what tells their reason apart. */
    static final String FAILURES = """
            SELECT status, operation, coalesce(detail = :password, false) AS password_refused, count(*) AS failures,
                max(at) AS last_at, max(detail) AS example
            FROM tenancy.provisioning_log
            WHERE tenant = :tenant AND at >= :since AND status >= 400
            GROUP BY status, operation, password_refused
            """;
    /**
     * A tenant's requests and failures of each minute since a moment, entries and counted reads: the day's counts and
     * its rhythm.
     */
    static final String MINUTES = """
            SELECT minute, sum(requests)::bigint AS requests, sum(failures)::bigint AS failures
            FROM (
                SELECT date_trunc('minute', at) AS minute, count(*) AS requests,
                    count(*) FILTER (WHERE status >= 400) AS failures
                FROM tenancy.provisioning_log
                WHERE tenant = :tenant AND at >= :since
                GROUP BY 1
                UNION ALL
                SELECT minute, sum(reads), 0
                FROM tenancy.provisioning_reads
                WHERE tenant = :tenant AND minute >= :sinceMinute AND last_at >= :since
                GROUP BY 1
            ) both_kinds
            GROUP BY minute
            ORDER BY minute
            """;

    private final DatabaseClient db;
    private final ProvisioningLog provisioningLog;
    private final HealthProperties properties;
    private final HealthRules rules;

    public ProvisioningHealth(DatabaseClient db, ProvisioningLog provisioningLog, HealthProperties properties) {
        this.db = db;
        this.provisioningLog = provisioningLog;
        this.properties = properties;
        this.rules = new HealthRules(properties);
    }

    /** The tenant's warnings (empty for a tenant that does not exist). */
    public Mono<List<HealthWarning>> warnings(String tenant) {
        Instant now = Instant.now();
        return signals(tenant, now)
                .flatMap(signals -> warnings(signals, now))
                .defaultIfEmpty(List.of());
    }

    /** The tenant's health in full, or empty if there is no such tenant. */
    public Mono<TenantHealth> report(String tenant) {
        Instant now = Instant.now();
        return signals(tenant, now).flatMap(signals -> Mono.zip(
                        warnings(signals, now),
                        reasons(tenant, now.minus(DAY)),
                        minutes(tenant, now.minus(DAY)),
                        lastRequest(tenant))
                .map(found -> {
                    List<Minute> minutes = found.getT3();
                    long requests = minutes.stream().mapToLong(Minute::requests).sum();
                    long failures = minutes.stream().mapToLong(Minute::failures).sum();
                    return new TenantHealth(tenant, signals.scimEnabled(),
                            HealthRules.state(signals.scimEnabled(), found.getT1()), now,
                            found.getT4().orElse(null),
                            Rhythm.of(minutes.stream().map(Minute::at).toList()),
                            Counts.of(signals.requestsLastHour(), signals.failuresLastHour()),
                            Counts.of(requests, failures),
                            found.getT2().stream().limit(TOP_REASONS).toList(),
                            found.getT1());
                }));
    }

    /** The tenant's last request: its newest entry, or its last counted read if that came later. */
    private Mono<Optional<LastRequest>> lastRequest(String tenant) {
        Mono<LastRequest> entry = provisioningLog.entries(tenant, null, false, 1).next()
                .map(last -> new LastRequest(last.at(), last.operation(), last.status(), last.identityProvider(),
                        last.userName()));
        Mono<LastRequest> read = provisioningLog.lastRead(tenant)
                .map(last -> new LastRequest(last.lastAt(), last.operation(), 200, last.identityProvider(), null));
        return entry.concatWith(read)
                .reduce((one, other) -> other.at().isAfter(one.at()) ? other : one)
                .map(Optional::of)
                .defaultIfEmpty(Optional.empty());
    }

    /** How many tenants are in each state: one statement over every tenant's recent log. */
    public Mono<Map<HealthState, Long>> census() {
        Instant now = Instant.now();
        return bind(db.sql(SIGNALS_OF_EVERY_TENANT), now)
                .map(ProvisioningHealth::signals)
                .all()
                .collectList()
                .map(every -> {
                    Map<HealthState, Long> counts = new EnumMap<>(HealthState.class);
                    for (HealthState state : HealthState.values()) {
                        counts.put(state, 0L);
                    }
                    every.forEach(signals -> counts.merge(rules.state(signals, now), 1L, Long::sum));
                    return counts;
                });
    }

    /** The warnings; a failure warning's fix is that of the reason most of the last hour's failures share. */
    private Mono<List<HealthWarning>> warnings(TenantSignals signals, Instant now) {
        List<HealthWarning> first = rules.warnings(signals, null, now);
        boolean failing = first.stream().anyMatch(warning -> warning.code() == HealthWarning.Code.FAILURE_RATE
                || warning.code() == HealthWarning.Code.FAILURE_VOLUME);
        if (!failing) {
            return Mono.just(first);
        }
        return reasons(signals.tenant(), now.minus(HOUR))
                .map(reasons -> rules.warnings(signals, reasons.isEmpty() ? null : reasons.getFirst().reason(), now));
    }

    private Mono<TenantSignals> signals(String tenant, Instant now) {
        return bind(db.sql(SIGNALS_OF_ONE_TENANT).bind("tenant", tenant), now)
                .map(ProvisioningHealth::signals)
                .one();
    }

    private DatabaseClient.GenericExecuteSpec bind(DatabaseClient.GenericExecuteSpec spec, Instant now) {
        Instant since = now.minus(properties.window());
        return spec.bind("since", since).bind("sinceMinute", since.truncatedTo(ChronoUnit.MINUTES))
                .bind("hour", now.minus(HOUR));
    }

    private static TenantSignals signals(Readable row) {
        String provider = row.get("identity_provider", String.class);
        return new TenantSignals(row.get("slug", String.class), Boolean.TRUE.equals(row.get("scim_enabled", Boolean.class)),
                row.get("token_created_at", Instant.class), provider == null ? null : IdentityProvider.valueOf(provider),
                count(row, "requests_last_hour"), count(row, "failures_last_hour"),
                row.get("last_request_at", Instant.class), count(row, "refused_since_token"),
                count(row, "accepted_since_token"));
    }

    /** The tenant's failures since then, grouped by reason, most frequent first (the latest first among equals). */
    private Mono<List<ReasonCount>> reasons(String tenant, Instant since) {
        return db.sql(FAILURES)
                .bind("tenant", tenant)
                .bind("since", since)
                .bind("password", FailureReason.passwordRefusal())
                .map(row -> new Failures(FailureReason.of(row.get("status", Integer.class),
                        ScimOperation.valueOf(row.get("operation", String.class)),
                        Boolean.TRUE.equals(row.get("password_refused", Boolean.class))),
                        count(row, "failures"), row.get("last_at", Instant.class), row.get("example", String.class)))
                .all()
                .collectList()
                .map(ProvisioningHealth::byReason);
    }

    /** Failures of one status and operation, and the reason they share. */
    record Failures(FailureReason reason, long count, Instant lastAt, String example) {
    }

    static List<ReasonCount> byReason(List<Failures> groups) {
        Map<FailureReason, List<Failures>> byReason = new EnumMap<>(FailureReason.class);
        groups.forEach(group -> byReason.computeIfAbsent(group.reason(), reason -> new ArrayList<>()).add(group));
        List<ReasonCount> reasons = new ArrayList<>();
        byReason.forEach((reason, shared) -> {
            Failures largest = shared.stream().max(Comparator.comparingLong(Failures::count)).orElseThrow();
            reasons.add(new ReasonCount(reason, reason.summary(), reason.fix(),
                    shared.stream().mapToLong(Failures::count).sum(),
                    shared.stream().map(Failures::lastAt).max(Comparator.naturalOrder()).orElseThrow(),
                    largest.example()));
        });
        reasons.sort(Comparator.comparingLong(ReasonCount::count).reversed()
                .thenComparing(ReasonCount::lastAt, Comparator.reverseOrder()));
        return reasons;
    }

    private record Minute(Instant at, long requests, long failures) {
    }

    private Mono<List<Minute>> minutes(String tenant, Instant since) {
        return db.sql(MINUTES)
                .bind("tenant", tenant)
                .bind("since", since)
                .bind("sinceMinute", since.truncatedTo(ChronoUnit.MINUTES))
                .map(row -> new Minute(row.get("minute", Instant.class), count(row, "requests"), count(row, "failures")))
                .all()
                .collectList();
    }

    private static long count(Readable row, String column) {
        Long value = row.get(column, Long.class);
        return value == null ? 0 : value;
    }
}
