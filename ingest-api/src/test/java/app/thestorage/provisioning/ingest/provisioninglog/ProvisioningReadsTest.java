package app.thestorage.provisioning.ingest.provisioninglog;

import static org.assertj.core.api.Assertions.assertThat;

import app.thestorage.provisioning.contract.user.IdentityProvider;
import app.thestorage.provisioning.ingest.health.HealthProperties;
import app.thestorage.provisioning.ingest.health.HealthWarning;
import app.thestorage.provisioning.ingest.health.ProvisioningHealth;
import app.thestorage.provisioning.ingest.health.TenantHealth;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.r2dbc.spi.ConnectionFactories;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.r2dbc.core.DatabaseClient;

/**
 * Successful reads counted on a real PostgreSQL: the counts of every write add up, and provisioning health counts
 * them as requests like the entries of the log.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ProvisioningReadsTest {

    private static final Duration WAIT = Duration.ofSeconds(30);

    private EmbeddedPostgres postgres;
    private DatabaseClient db;
    private ProvisioningLog provisioningLog;
    private ProvisioningHealth health;

    @BeforeAll
    void start() {
        try {
            postgres = EmbeddedPostgres.builder().start();
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
        Flyway.configure().dataSource(postgres.getPostgresDatabase()).schemas("tenancy")
                .locations("classpath:db/migration/tenancy").load().migrate();
        db = DatabaseClient.create(ConnectionFactories.get(
                "r2dbc:postgresql://postgres@localhost:" + postgres.getPort() + "/postgres"));
        ProvisioningLogProperties properties = new ProvisioningLogProperties(Duration.ofMillis(250), 1000,
                Duration.ofDays(30), Duration.ofSeconds(5));
        provisioningLog = new ProvisioningLog(db, properties, new SimpleMeterRegistry());
        HealthProperties rules = new HealthProperties(Duration.ofHours(2), 0.2, 10, 250, Duration.ofMinutes(1));
        health = new ProvisioningHealth(db, provisioningLog, rules);
    }

    @AfterAll
    void stop() throws Exception {
        if (postgres != null) {
            postgres.close();
        }
    }

    @Test
    void the_counts_of_each_write_add_up_per_minute_and_those_of_a_tenant_that_does_not_exist_are_not_kept() {
        String tenant = newTenant("counted");
        Instant minute = Instant.now().truncatedTo(ChronoUnit.MINUTES).minus(3, ChronoUnit.MINUTES);
        for (int i = 0; i < 3; i++) {
            provisioningLog.count(tenant, minute.plusSeconds(10 + i), ScimOperation.GET_USER,
                    IdentityProvider.MICROSOFT_ENTRA_ID);
        }
        provisioningLog.count(tenant, minute.plusSeconds(5), ScimOperation.LIST_USERS, IdentityProvider.MICROSOFT_ENTRA_ID);
        provisioningLog.count("no-such-tenant", minute.plusSeconds(5), ScimOperation.GET_USER, IdentityProvider.OKTA);
        flushReads();
        // another write of the same minute (another instance's, or this one's next) adds to it
        provisioningLog.count(tenant, minute.plusSeconds(40), ScimOperation.GET_USER, IdentityProvider.MICROSOFT_ENTRA_ID);
        provisioningLog.count(tenant, minute.plusSeconds(70), ScimOperation.GET_USER, IdentityProvider.MICROSOFT_ENTRA_ID);
        flushReads();

        List<ReadCount> reads = provisioningLog.reads(tenant, null, null, 100).collectList().block(WAIT);

        assertThat(reads).containsExactly(
                new ReadCount(tenant, minute.plusSeconds(60), ScimOperation.GET_USER,
                        IdentityProvider.MICROSOFT_ENTRA_ID, 1, minute.plusSeconds(70)),
                new ReadCount(tenant, minute, ScimOperation.GET_USER, IdentityProvider.MICROSOFT_ENTRA_ID, 4,
                        minute.plusSeconds(40)),
                new ReadCount(tenant, minute, ScimOperation.LIST_USERS, IdentityProvider.MICROSOFT_ENTRA_ID, 1,
                        minute.plusSeconds(5)));
        assertThat(provisioningLog.reads(tenant, minute.plusSeconds(41), null, 100).collectList().block(WAIT))
                .as("from a moment: the minutes whose last read came then or later")
                .extracting(ReadCount::minute).containsExactly(minute.plusSeconds(60));
        assertThat(provisioningLog.lastRequestAt(tenant).block(WAIT)).isEqualTo(minute.plusSeconds(70));
        assertThat(db.sql("SELECT count(*) AS n FROM tenancy.provisioning_reads WHERE tenant = 'no-such-tenant'")
                .map(row -> row.get("n", Long.class)).one().block(WAIT)).isZero();
    }

    @Test
    void health_counts_each_counted_read_as_a_request_of_the_last_hour() {
        Instant now = Instant.now();
        String tenant = newTenant("health");
        for (int i = 0; i < 12; i++) {
            failure(tenant, now.minus(10, ChronoUnit.MINUTES).plusSeconds(i));
        }
        for (int i = 0; i < 30; i++) {
            provisioningLog.count(tenant, now.minus(5, ChronoUnit.MINUTES), ScimOperation.GET_USER,
                    IdentityProvider.MICROSOFT_ENTRA_ID);
        }
        // reads of two hours ago are not of the last hour
        for (int i = 0; i < 500; i++) {
            provisioningLog.count(tenant, now.minus(90, ChronoUnit.MINUTES), ScimOperation.GET_USER,
                    IdentityProvider.MICROSOFT_ENTRA_ID);
        }
        flushReads();

        assertThat(health.warnings(tenant).block(WAIT))
                .anySatisfy(warning -> assertThat(warning.message()).startsWith("12 of the 42 requests of the last hour failed"));
        TenantHealth report = health.report(tenant).block(WAIT);
        assertThat(report.lastRequest().operation()).as("the last request: a counted read, after the failures")
                .isEqualTo(ScimOperation.GET_USER);
        assertThat(report.lastHour().requests()).isEqualTo(42);
        assertThat(report.lastDay().requests()).isEqualTo(542);
        assertThat(report.lastDay().failures()).isEqualTo(12);

        // enough successful reads make the same failures a small share: no failure warning
        for (int i = 0; i < 100; i++) {
            provisioningLog.count(tenant, now.minus(1, ChronoUnit.MINUTES), ScimOperation.LIST_USERS,
                    IdentityProvider.MICROSOFT_ENTRA_ID);
        }
        flushReads();
        assertThat(health.warnings(tenant).block(WAIT)).isEmpty();
    }

    @Test
    void a_read_accepted_since_the_token_was_issued_is_no_stale_token_even_within_the_tokens_minute() {
        Instant issued = Instant.now().minus(20, ChronoUnit.MINUTES);
        String tenant = newTenant("token");
        db.sql("UPDATE tenancy.tenants SET token_created_at = :at WHERE slug = :slug").bind("at", issued)
                .bind("slug", tenant).then().block(WAIT);
        // accepted before the token in the same minute, then refused: the earlier token is still in use
        provisioningLog.count(tenant, issued.minusSeconds(1), ScimOperation.GET_USER, IdentityProvider.MICROSOFT_ENTRA_ID);
        flushReads();
        db.sql("INSERT INTO tenancy.provisioning_log (tenant, at, operation, identity_provider, status, duration_ms) "
                + "VALUES (:tenant, :at, 'LIST_USERS', 'MICROSOFT_ENTRA_ID', 401, 1)")
                .bind("tenant", tenant).bind("at", issued.plusSeconds(30)).then().block(WAIT);

        assertThat(health.warnings(tenant).block(WAIT)).extracting(HealthWarning::code)
                .containsExactly(HealthWarning.Code.STALE_TOKEN);

        provisioningLog.count(tenant, issued.plusSeconds(60), ScimOperation.GET_USER, IdentityProvider.MICROSOFT_ENTRA_ID);
        flushReads();
        assertThat(health.warnings(tenant).block(WAIT)).extracting(HealthWarning::code)
                .doesNotContain(HealthWarning.Code.STALE_TOKEN);
    }

    private void flushReads() {
        provisioningLog.flushReads().block(WAIT);
    }

    private String newTenant(String name) {
        String slug = name + "-" + System.nanoTime();
        db.sql("INSERT INTO tenancy.tenants (slug, scim_enabled, token_hash, token_created_at) "
                        + "VALUES (:slug, true, '\\x00', now() - interval '10 days')")
                .bind("slug", slug).then().block(WAIT);
        return slug;
    }

    private void failure(String tenant, Instant at) {
        db.sql("INSERT INTO tenancy.provisioning_log (tenant, at, operation, identity_provider, status, scim_type, "
                        + "detail, duration_ms) VALUES (:tenant, :at, 'CREATE_USER', 'MICROSOFT_ENTRA_ID', 409, "
                        + "'uniqueness', 'A user with userName ''x'' already exists in this tenant.', 3)")
                .bind("tenant", tenant).bind("at", at).then().block(WAIT);
    }
}
