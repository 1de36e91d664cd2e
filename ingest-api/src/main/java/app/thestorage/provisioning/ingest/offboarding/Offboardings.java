package app.thestorage.provisioning.ingest.offboarding;

import app.thestorage.provisioning.ingest.directory.DirectoryStatements;
import io.r2dbc.spi.Readable;
import java.time.Instant;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The state of the offboardings that run, on their tenants' rows ({@code tenancy.tenants}, started by
 * {@link app.thestorage.provisioning.ingest.tenant.TenantRegistry#startOffboarding}). One ingest-api instance carries
 * an offboarding out at a time: it claims it until a moment it keeps moving on while it works; every write of the
 * state is made only while its claim holds, so an instance that lost its claim (it stalled, another took over)
 * changes nothing any more.
 */
@Component
public class Offboardings {

    private static final String PROGRESS = "slug, offboarding_step, offboarded_users, offboarded_groups, offboarding_since";
    private static final String CLAIMED = " WHERE slug = :slug AND offboarding_claimed_by = :owner";

    private final DatabaseClient db;

    public Offboardings(DatabaseClient db) {
        this.db = db;
    }

    /** The tenant's offboarding, empty if the tenant is not being offboarded (or does not exist). */
    public Mono<Offboarding> find(String tenant) {
        return db.sql("SELECT " + PROGRESS + " FROM tenancy.tenants WHERE slug = :slug AND offboarding_since IS NOT NULL")
                .bind("slug", tenant)
                .map(Offboardings::progress)
                .one();
    }

    /** Offboardings nobody carries out now: never claimed, or their claim lapsed (the instance stopped or crashed). */
    Flux<String> unclaimed(Instant now) {
        return db.sql("SELECT slug FROM tenancy.tenants WHERE offboarding_since IS NOT NULL "
                        + "AND (offboarding_claimed_until IS NULL OR offboarding_claimed_until < :now) "
                        + "ORDER BY offboarding_since")
                .bind("now", now)
                .map(row -> row.get("slug", String.class))
                .all();
    }

    /** Claims the tenant's offboarding for {@code owner} until {@code until}, if nobody else holds it: the next step. */
    Mono<OffboardingStep> claim(String tenant, String owner, Instant now, Instant until) {
        return db.sql("UPDATE tenancy.tenants SET offboarding_claimed_by = :owner, offboarding_claimed_until = :until "
                        + "WHERE slug = :slug AND offboarding_since IS NOT NULL AND (offboarding_claimed_until IS NULL "
                        + "OR offboarding_claimed_until < :now OR offboarding_claimed_by = :owner) "
                        + "RETURNING offboarding_step")
                .bind("slug", tenant)
                .bind("owner", owner)
                .bind("now", now)
                .bind("until", until)
                .map(row -> OffboardingStep.valueOf(row.get("offboarding_step", String.class)))
                .one();
    }

    /** Records that the next step is {@code step}, keeping the claim until {@code until}; false if the claim is lost. */
    Mono<Boolean> advance(String tenant, String owner, OffboardingStep step, Instant until) {
        return db.sql("UPDATE tenancy.tenants SET offboarding_step = :step, offboarding_claimed_until = :until" + CLAIMED)
                .bind("slug", tenant)
                .bind("owner", owner)
                .bind("step", step.name())
                .bind("until", until)
                .fetch()
                .rowsUpdated()
                .map(updated -> updated == 1);
    }

    /** Counts users and groups an erasure step deleted, keeping the claim until {@code until}; false if it is lost. */
    Mono<Boolean> erased(String tenant, String owner, int users, int groups, Instant until) {
        return db.sql("UPDATE tenancy.tenants SET offboarded_users = offboarded_users + :users, "
                        + "offboarded_groups = offboarded_groups + :groups, offboarding_claimed_until = :until" + CLAIMED)
                .bind("slug", tenant)
                .bind("owner", owner)
                .bind("users", users)
                .bind("groups", groups)
                .bind("until", until)
                .fetch()
                .rowsUpdated()
                .map(updated -> updated == 1);
    }

    /**
     * Deletes the tenant's provisioning log (its entries and its counted reads), and the outcomes of its commands the
     * directory materializer stored (the large ones, kept an hour: they hold users as they were).
     */
    Mono<Void> purgeLog(String tenant) {
        return db.sql("DELETE FROM tenancy.provisioning_log WHERE tenant = :slug").bind("slug", tenant).then()
                .then(db.sql("DELETE FROM tenancy.provisioning_reads WHERE tenant = :slug").bind("slug", tenant).then())
                .then(db.sql(DirectoryStatements.DELETE_TENANT_OUTCOMES)
                        .bind("slug", tenant).then());
    }

    private static Offboarding progress(Readable row) {
        return Offboarding.of(row.get("slug", String.class),
                OffboardingStep.valueOf(row.get("offboarding_step", String.class)),
                row.get("offboarded_users", Long.class), row.get("offboarded_groups", Long.class),
                row.get("offboarding_since", Instant.class));
    }
}
