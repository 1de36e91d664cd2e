package app.thestorage.provisioning.ingest.tenant;

import java.time.Instant;
import java.util.regex.Pattern;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/** The tenants and their SCIM credentials, in PostgreSQL (schema {@code tenancy}). */
@Component
public class TenantRegistry {

    private static final Pattern SLUG = Pattern.compile("^[a-z0-9][a-z0-9-]{0,62}$");

    private final DatabaseClient db;

    public TenantRegistry(DatabaseClient db) {
        this.db = db;
    }

    /** What authenticating a SCIM request needs to know about a tenant. */
    public record ScimCredential(String tenant, boolean scimEnabled, byte[] tokenHash) {
    }

    public static boolean isValidSlug(String slug) {
        return slug != null && SLUG.matcher(slug).matches();
    }

    public Mono<ScimCredential> credentialOf(String tenant) {
        return db.sql("SELECT slug, scim_enabled, token_hash FROM tenancy.tenants WHERE slug = :slug")
                .bind("slug", tenant)
                .map(row -> new ScimCredential(row.get("slug", String.class),
                        Boolean.TRUE.equals(row.get("scim_enabled", Boolean.class)), row.get("token_hash", byte[].class)))
                .one();
    }

    /**
     * Enables SCIM provisioning for a tenant (creating it if needed) with a new token, which replaces any
     * previous one at once. The token is returned here and nowhere else: only its hash is stored.
     */
    public Mono<String> enableScim(String tenant) {
        if (!isValidSlug(tenant)) {
            return Mono.error(new IllegalArgumentException("A tenant slug is 1-63 lower-case letters, digits or '-'"));
        }
        String token = TenantTokens.generate();
        return db.sql("""
                        INSERT INTO tenancy.tenants (slug, scim_enabled, token_hash, token_created_at)
                        VALUES (:slug, true, :hash, :now)
                        ON CONFLICT (slug) DO UPDATE SET scim_enabled = true, token_hash = EXCLUDED.token_hash,
                            token_created_at = EXCLUDED.token_created_at
                        """)
                .bind("slug", tenant)
                .bind("hash", TenantTokens.hash(token))
                .bind("now", Instant.now())
                .then()
                .thenReturn(token);
    }
}
