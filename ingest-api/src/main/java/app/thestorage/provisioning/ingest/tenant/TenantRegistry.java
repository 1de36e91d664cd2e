package app.thestorage.provisioning.ingest.tenant;

import app.thestorage.provisioning.contract.user.IdentityProvider;
import io.r2dbc.spi.Readable;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.regex.Pattern;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The tenants and their SCIM credentials, in PostgreSQL (schema {@code tenancy}). Every change is one
 * conditional UPDATE, so two administrators (or two instances) racing cannot both win. A new or revoked
 * token takes effect at once for every ingest-api instance: {@link TenantCredentials} forgets what it
 * remembered when the change commits.
 */
@Component
public class TenantRegistry {

    private static final Pattern SLUG = Pattern.compile("^[a-z0-9][a-z0-9-]{0,62}$");
    private static final String COLUMNS =
            "slug, identity_provider, scim_enabled, token_created_at, created_at, offboarding_since";
    /** What changes a tenant's credential or its badge is refused while the tenant is being offboarded. */
    private static final String NOT_OFFBOARDING = " AND offboarding_since IS NULL";

    private final DatabaseClient db;
    private final ApplicationEventPublisher events;

    public TenantRegistry(DatabaseClient db, ApplicationEventPublisher events) {
        this.db = db;
        this.events = events;
    }

    /** Published once a change of the tenant's SCIM credential (or of the tenant's existence) has committed. */
    public record CredentialChanged(String tenant) {
    }

    /**
     * A tenant as its administrator sees it.
     *
     * @param identityProvider the provider the administrator chose, or null to recognise it per request
     * @param offboardingSince when its offboarding started, or null: a tenant being offboarded keeps no token, and
     *                         its SCIM provisioning, token and identity provider can no longer be changed
     */
    public record Tenant(String slug, IdentityProvider identityProvider, boolean scimEnabled, Instant tokenCreatedAt,
                         Instant createdAt, Instant offboardingSince) {
    }

    /** A SCIM token as it is shown, once, to the administrator who enabled provisioning or regenerated it. */
    public record IssuedToken(String tenant, String token, Instant createdAt) {
        @Override
        public String toString() {
            return "IssuedToken[tenant=" + tenant + ", createdAt=" + createdAt + "]";
        }
    }

    /** What authenticating a SCIM request needs to know about a tenant. */
    public record ScimCredential(String tenant, boolean scimEnabled, byte[] tokenHash,
                                 IdentityProvider identityProvider) {
    }

    public static boolean isValidSlug(String slug) {
        return slug != null && SLUG.matcher(slug).matches();
    }

    public Mono<ScimCredential> credentialOf(String tenant) {
        return db.sql("SELECT slug, scim_enabled AND offboarding_since IS NULL AS scim_enabled, token_hash, "
                        + "identity_provider FROM tenancy.tenants WHERE slug = :slug")
                .bind("slug", tenant)
                .map(row -> new ScimCredential(row.get("slug", String.class),
                        Boolean.TRUE.equals(row.get("scim_enabled", Boolean.class)), row.get("token_hash", byte[].class),
                        provider(row)))
                .one();
    }

    public Mono<Tenant> find(String tenant) {
        return db.sql("SELECT " + COLUMNS + " FROM tenancy.tenants WHERE slug = :slug")
                .bind("slug", tenant)
                .map(TenantRegistry::tenant)
                .one();
    }

    /** Every tenant, by slug. */
    public Flux<Tenant> all() {
        return db.sql("SELECT " + COLUMNS + " FROM tenancy.tenants ORDER BY slug")
                .map(TenantRegistry::tenant)
                .all();
    }

    /** Creates a tenant with SCIM provisioning off. */
    public Mono<Tenant> create(String tenant, IdentityProvider identityProvider) {
        if (!isValidSlug(tenant)) {
            return Mono.error(new TenantProblem(TenantProblem.Kind.INVALID,
                    "A tenant slug is 1 to 63 lower-case letters, digits or '-', starting with a letter or digit."));
        }
        return nullable(db.sql("INSERT INTO tenancy.tenants (slug, identity_provider, created_at) "
                        + "VALUES (:slug, :provider, :now) ON CONFLICT (slug) DO NOTHING RETURNING " + COLUMNS)
                        .bind("slug", tenant), "provider", identityProvider == null ? null : identityProvider.name())
                .bind("now", now())
                .map(TenantRegistry::tenant)
                .one()
                .doOnNext(created -> changed(tenant))
                .switchIfEmpty(Mono.error(() -> new TenantProblem(TenantProblem.Kind.CONFLICT,
                        "The tenant '" + tenant + "' already exists.")));
    }

    /** Turns SCIM provisioning on with a new token. Refused while it is on: that is what regenerating is for. */
    public Mono<IssuedToken> enableScim(String tenant) {
        return issueToken(tenant, false).switchIfEmpty(Mono.defer(() -> refusal(tenant,
                "SCIM provisioning is already enabled for '" + tenant + "'. Regenerate the token to get a new one.")));
    }

    /** Replaces the token of a tenant whose provisioning is on; the previous token stops working at once. */
    public Mono<IssuedToken> regenerateToken(String tenant) {
        return issueToken(tenant, true).switchIfEmpty(Mono.defer(() -> refusal(tenant,
                "SCIM provisioning is not enabled for '" + tenant + "'. Enable it to get a token.")));
    }

    /** Turns SCIM provisioning off and forgets the token: every SCIM request of the tenant is refused from now on. */
    public Mono<Tenant> disableScim(String tenant) {
        return db.sql("UPDATE tenancy.tenants SET scim_enabled = false, token_hash = NULL, token_created_at = NULL "
                        + "WHERE slug = :slug" + NOT_OFFBOARDING + " RETURNING " + COLUMNS)
                .bind("slug", tenant)
                .map(TenantRegistry::tenant)
                .one()
                .doOnNext(disabled -> changed(tenant))
                .switchIfEmpty(Mono.defer(() -> refusal(tenant, null)));
    }

    /** Sets the identity provider the tenant's users are badged with; null recognises it from each request. */
    public Mono<Tenant> chooseIdentityProvider(String tenant, IdentityProvider identityProvider) {
        return nullable(db.sql("UPDATE tenancy.tenants SET identity_provider = :provider WHERE slug = :slug"
                        + NOT_OFFBOARDING + " RETURNING " + COLUMNS).bind("slug", tenant),
                "provider", identityProvider == null ? null : identityProvider.name())
                .map(TenantRegistry::tenant)
                .one()
                .doOnNext(chosen -> changed(tenant))
                .switchIfEmpty(Mono.defer(() -> refusal(tenant, null)));
    }

    /**
     * Starts the tenant's offboarding at {@code now}, its first step {@code firstStep}: the token is forgotten and
     * provisioning turned off in the same statement, so every SCIM request of the tenant is refused from this moment,
     * by every instance. Empty if there is no such tenant or its offboarding already runs.
     */
    public Mono<Instant> startOffboarding(String tenant, Instant now, String firstStep) {
        return db.sql("UPDATE tenancy.tenants SET offboarding_since = :now, offboarding_step = :step, "
                        + "scim_enabled = false, token_hash = NULL, token_created_at = NULL "
                        + "WHERE slug = :slug" + NOT_OFFBOARDING + " RETURNING offboarding_since")
                .bind("slug", tenant)
                .bind("now", now)
                .bind("step", firstStep)
                .map(row -> row.get("offboarding_since", Instant.class))
                .one()
                .doOnNext(started -> changed(tenant));
    }

    /** The last step of an offboarding: the tenant, its offboarding state and what cascades with it are gone. */
    public Mono<Void> removeOffboarded(String tenant) {
        return db.sql("DELETE FROM tenancy.tenants WHERE slug = :slug AND offboarding_since IS NOT NULL")
                .bind("slug", tenant)
                .fetch()
                .rowsUpdated()
                .doOnNext(removed -> changed(tenant))
                .then();
    }

    private Mono<IssuedToken> issueToken(String tenant, boolean whileEnabled) {
        String token = TenantTokens.generate();
        Instant now = now();
        return db.sql("UPDATE tenancy.tenants SET scim_enabled = true, token_hash = :hash, token_created_at = :now "
                        + "WHERE slug = :slug AND scim_enabled = :enabled" + NOT_OFFBOARDING)
                .bind("slug", tenant)
                .bind("hash", TenantTokens.hash(token))
                .bind("now", now)
                .bind("enabled", whileEnabled)
                .fetch()
                .rowsUpdated()
                .filter(updated -> updated == 1)
                .doOnNext(updated -> changed(tenant))
                .map(updated -> new IssuedToken(tenant, token, now));
    }

    private void changed(String tenant) {
        events.publishEvent(new CredentialChanged(tenant));
    }

    /** Why a change of the tenant was not made: no such tenant, its offboarding, or else {@code conflict}. */
    private <T> Mono<T> refusal(String tenant, String conflict) {
        return find(tenant)
                .switchIfEmpty(Mono.error(() -> TenantProblem.notFound(tenant)))
                .flatMap(found -> Mono.error(found.offboardingSince() != null ? TenantProblem.offboarding(tenant)
                        : new TenantProblem(TenantProblem.Kind.CONFLICT, conflict != null ? conflict
                        : "The tenant '" + tenant + "' changed at the same time. Try again.")));
    }

    private static DatabaseClient.GenericExecuteSpec nullable(DatabaseClient.GenericExecuteSpec spec, String name,
                                                              String value) {
        return value == null ? spec.bindNull(name, String.class) : spec.bind(name, value);
    }

    private static Tenant tenant(Readable row) {
        return new Tenant(row.get("slug", String.class), provider(row),
                Boolean.TRUE.equals(row.get("scim_enabled", Boolean.class)), row.get("token_created_at", Instant.class),
                row.get("created_at", Instant.class), row.get("offboarding_since", Instant.class));
    }

    private static IdentityProvider provider(Readable row) {
        String provider = row.get("identity_provider", String.class);
        return provider == null ? null : IdentityProvider.valueOf(provider);
    }

    private static Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.MICROS);
    }
}
