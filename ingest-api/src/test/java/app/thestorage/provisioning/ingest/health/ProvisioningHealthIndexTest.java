package app.thestorage.provisioning.ingest.health;

import static org.assertj.core.api.Assertions.assertThat;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Provisioning health reads ranges of the log's (tenant, at) index and of the counted reads' (tenant, minute) key,
 * never the whole log: the plans PostgreSQL chooses for the exact statements ProvisioningHealth runs, on a log of 400
 * tenants' three days (a week's worth of rows would only make a scan look worse).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ProvisioningHealthIndexTest {

    private static final int TENANTS = 400;
    private static final int ENTRIES = 400_000;
    private static final int READ_MINUTES = 200_000;
    private static final Pattern NAMED_PARAMETER = Pattern.compile("(?<!:):([a-zA-Z][a-zA-Z0-9]*)");
    private static final Instant NOW = Instant.now().truncatedTo(ChronoUnit.SECONDS);

    private EmbeddedPostgres postgres;
    private DataSource database;

    @BeforeAll
    void fillTheLog() throws Exception {
        postgres = EmbeddedPostgres.builder().start();
        database = postgres.getPostgresDatabase();
        Flyway.configure().dataSource(database).schemas("tenancy").locations("classpath:db/migration/tenancy").load()
                .migrate();
        try (Connection connection = database.getConnection(); Statement statement = connection.createStatement()) {
            statement.execute("""
                    INSERT INTO tenancy.tenants (slug, scim_enabled, token_hash, token_created_at, identity_provider)
                    SELECT 'tenant-' || n, n %% 10 <> 0, '\\x00', now() - interval '10 days', 'MICROSOFT_ENTRA_ID'
                    FROM generate_series(1, %d) AS n
                    """.formatted(TENANTS));
            statement.execute("""
                    INSERT INTO tenancy.provisioning_log (tenant, at, operation, identity_provider, user_name, status,
                        scim_type, detail, duration_ms)
                    SELECT 'tenant-' || (1 + n %% %d), now() - (n * interval '3 days' / %d),
                        CASE WHEN n %% 2 = 0 THEN 'LIST_USERS' ELSE 'CREATE_USER' END, 'MICROSOFT_ENTRA_ID',
                        'user' || n || '@example.com', CASE WHEN n %% 17 = 0 THEN 409 ELSE 200 END,
                        CASE WHEN n %% 17 = 0 THEN 'uniqueness' END,
                        CASE WHEN n %% 17 = 0 THEN 'A user with userName ''x'' already exists in this tenant.' END, 12
                    FROM generate_series(1, %d) AS n
                    """.formatted(TENANTS, ENTRIES, ENTRIES));
            // the counted reads: a minute of reads every 5 minutes or so of each tenant
            statement.execute("""
                    INSERT INTO tenancy.provisioning_reads (tenant, minute, operation, identity_provider, reads, last_at)
                    SELECT 'tenant-' || (1 + n %% %d), date_trunc('minute', now() - (n * interval '3 days' / %d)),
                        'GET_USER', 'MICROSOFT_ENTRA_ID', 40, now() - (n * interval '3 days' / %d)
                    FROM generate_series(1, %d) AS n
                    """.formatted(TENANTS, READ_MINUTES, READ_MINUTES, READ_MINUTES));
            statement.execute("VACUUM ANALYZE tenancy.provisioning_log");
            statement.execute("VACUUM ANALYZE tenancy.provisioning_reads");
            statement.execute("ANALYZE tenancy.tenants");
        }
    }

    @AfterAll
    void stop() throws Exception {
        if (postgres != null) {
            postgres.close();
        }
    }

    @Test
    void one_tenants_signals_are_a_range_of_its_index() throws Exception {
        String plan = plan(ProvisioningHealth.SIGNALS_OF_ONE_TENANT, Map.of("tenant", "tenant-7",
                "since", NOW.minus(2, ChronoUnit.HOURS),
                "sinceMinute", NOW.minus(2, ChronoUnit.HOURS).truncatedTo(ChronoUnit.MINUTES), "hour", NOW.minus(1, ChronoUnit.HOURS)));

        assertThat(plan).contains("provisioning_log_by_tenant_and_time").contains("provisioning_reads_pkey")
                .doesNotContain("Seq Scan on provisioning_log").doesNotContain("Seq Scan on provisioning_reads");
    }

    @Test
    void every_tenants_signals_for_the_gauge_read_only_the_recent_rows_through_an_index() throws Exception {
        String plan = plan(ProvisioningHealth.SIGNALS_OF_EVERY_TENANT, Map.of(
                "since", NOW.minus(2, ChronoUnit.HOURS),
                "sinceMinute", NOW.minus(2, ChronoUnit.HOURS).truncatedTo(ChronoUnit.MINUTES), "hour", NOW.minus(1, ChronoUnit.HOURS)));

        assertThat(plan).containsPattern("Index (Only )?Scan using provisioning_log_by_")
                .containsPattern("Index (Only )?Scan using provisioning_reads_")
                .doesNotContain("Seq Scan on provisioning_log").doesNotContain("Seq Scan on provisioning_reads");
    }

    @Test
    void a_tenants_day_of_minutes_and_of_failures_are_ranges_of_its_index() throws Exception {
        Map<String, Object> lastDay = Map.of("tenant", "tenant-7", "since", NOW.minus(1, ChronoUnit.DAYS),
                "sinceMinute", NOW.minus(1, ChronoUnit.DAYS).truncatedTo(ChronoUnit.MINUTES),
                "password", FailureReason.passwordRefusal());

        assertThat(plan(ProvisioningHealth.MINUTES, lastDay)).contains("provisioning_log_by_tenant_and_time")
                .contains("provisioning_reads_pkey").doesNotContain("Seq Scan");
        assertThat(plan(ProvisioningHealth.FAILURES, lastDay)).contains("provisioning_log_by_tenant_and_time")
                .doesNotContain("Seq Scan");
    }

    /** The plan of a statement with named parameters (bound as ProvisioningHealth binds them). */
    private String plan(String sql, Map<String, Object> values) throws SQLException {
        Matcher named = NAMED_PARAMETER.matcher(sql);
        java.util.List<Object> bound = new java.util.ArrayList<>();
        StringBuilder positional = new StringBuilder();
        while (named.find()) {
            bound.add(values.get(named.group(1)));
            named.appendReplacement(positional, "?");
        }
        named.appendTail(positional);
        StringBuilder plan = new StringBuilder();
        try (Connection connection = database.getConnection();
             PreparedStatement statement = connection.prepareStatement("EXPLAIN " + positional)) {
            for (int i = 0; i < bound.size(); i++) {
                Object value = bound.get(i);
                statement.setObject(i + 1, value instanceof Instant at ? OffsetDateTime.ofInstant(at, ZoneOffset.UTC)
                        : value);
            }
            try (ResultSet lines = statement.executeQuery()) {
                while (lines.next()) {
                    plan.append(lines.getString(1)).append('\n');
                }
            }
        }
        System.out.println(plan);
        return plan.toString();
    }
}
