package app.thestorage.provisioning.photos.provider;

import app.thestorage.provisioning.photos.graph.ConnectionCheck;
import app.thestorage.provisioning.photos.graph.DirectoryProviderCredentials;
import java.sql.Date;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/** The tenants' directory provider settings (secret sealed by {@link SecretBox}) and their sync state. */
@Repository
public class DirectoryProviders {

    private static final String COLUMNS = """
            tenant, directory_tenant_id, client_id, secret_expires_on, saved_at, next_sync_at, delta_link,
            last_sync_at, last_success_at, last_error_at, last_error_problem, last_error_code, last_error_explanation
            """;

    private final JdbcTemplate jdbc;
    private final SecretBox secrets;

    public DirectoryProviders(JdbcTemplate jdbc, SecretBox secrets) {
        this.jdbc = jdbc;
        this.secrets = secrets;
    }

    /**
     * Saves the settings and makes the tenant's first (or next) full sync due now.
     *
     * @throws IllegalArgumentException no secret given and none saved before
     */
    public void save(String tenant, DirectoryProviderSettings settings, Instant now) {
        Timestamp at = Timestamp.from(now);
        Date expires = settings.secretExpiresOn() == null ? null : Date.valueOf(settings.secretExpiresOn());
        if (settings.clientSecret() == null) {
            int updated = jdbc.update("""
                    UPDATE photos.directory_providers SET directory_tenant_id = ?, client_id = ?, secret_expires_on = ?,
                        saved_at = ?, next_sync_at = ?, delta_link = NULL WHERE tenant = ?
                    """, settings.directoryTenantId(), settings.clientId(), expires, at, at, tenant);
            if (updated == 0) {
                throw new IllegalArgumentException("Client secret value is empty, and no secret is saved for this "
                        + "tenant yet: paste the Value of a client secret from Certificates & secrets.");
            }
            return;
        }
        byte[] sealed = secrets.seal(tenant, settings.clientSecret());
        jdbc.update("""
                INSERT INTO photos.directory_providers
                    (tenant, directory_tenant_id, client_id, sealed_secret, secret_expires_on, saved_at, next_sync_at)
                VALUES (?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT (tenant) DO UPDATE SET directory_tenant_id = EXCLUDED.directory_tenant_id,
                    client_id = EXCLUDED.client_id, sealed_secret = EXCLUDED.sealed_secret,
                    secret_expires_on = EXCLUDED.secret_expires_on, saved_at = EXCLUDED.saved_at,
                    next_sync_at = EXCLUDED.next_sync_at, delta_link = NULL
                """, tenant, settings.directoryTenantId(), settings.clientId(), sealed, expires, at, at);
    }

    public Optional<DirectoryProvider> find(String tenant) {
        return jdbc.query("SELECT " + COLUMNS + " FROM photos.directory_providers WHERE tenant = ?",
                DirectoryProviders::provider, tenant).stream().findFirst();
    }

    /** The credentials Graph calls of the tenant use, the secret opened. */
    public Optional<DirectoryProviderCredentials> credentials(String tenant) {
        return jdbc.query("SELECT directory_tenant_id, client_id, sealed_secret FROM photos.directory_providers "
                        + "WHERE tenant = ?",
                (row, n) -> new DirectoryProviderCredentials(row.getString(1), row.getString(2),
                        secrets.open(tenant, row.getBytes(3))), tenant).stream().findFirst();
    }

    public boolean delete(String tenant) {
        return jdbc.update("DELETE FROM photos.directory_providers WHERE tenant = ?", tenant) > 0;
    }

    /** Makes the tenant's sync due now ("Sync now"). */
    public boolean syncNow(String tenant, Instant now) {
        return jdbc.update("UPDATE photos.directory_providers SET next_sync_at = ? WHERE tenant = ?",
                Timestamp.from(now), tenant) > 0;
    }

    /**
     * Claims the tenants whose sync is due, moving their next sync one period on. Several photo-fetcher
     * instances can claim at once: a row locked by one is skipped by the others.
     */
    public List<String> claimDue(Instant now, Duration every, int limit) {
        return jdbc.queryForList("""
                UPDATE photos.directory_providers SET next_sync_at = ?, last_sync_at = ?
                WHERE tenant IN (SELECT tenant FROM photos.directory_providers WHERE next_sync_at <= ?
                                 ORDER BY next_sync_at LIMIT ? FOR UPDATE SKIP LOCKED)
                RETURNING tenant
                """, String.class, Timestamp.from(now.plus(every)), Timestamp.from(now), Timestamp.from(now), limit);
    }

    public void recordSuccess(String tenant, String deltaLink, Instant now) {
        jdbc.update("""
                UPDATE photos.directory_providers SET delta_link = ?, last_success_at = ?, last_error_at = NULL,
                    last_error_problem = NULL, last_error_code = NULL, last_error_explanation = NULL
                WHERE tenant = ?
                """, deltaLink, Timestamp.from(now), tenant);
    }

    public void recordFailure(String tenant, ConnectionCheck.Verdict verdict, Instant now) {
        jdbc.update("""
                UPDATE photos.directory_providers SET last_error_at = ?, last_error_problem = ?, last_error_code = ?,
                    last_error_explanation = ? WHERE tenant = ?
                """, Timestamp.from(now), verdict.problem().name(), verdict.errorCode(), verdict.explanation(), tenant);
    }

    /** Graph forgot the delta state (or the settings changed): the next sync enumerates every user again. */
    public void forgetDelta(String tenant) {
        jdbc.update("UPDATE photos.directory_providers SET delta_link = NULL WHERE tenant = ?", tenant);
    }

    /** Tenants whose last sync failed, and whose secret expires within {@code warning} of {@code today}. */
    public record Census(int failing, int secretsExpiringSoon) {
    }

    public Census census(LocalDate today, Duration warning) {
        return jdbc.queryForObject("""
                SELECT count(*) FILTER (WHERE last_error_at IS NOT NULL),
                       count(*) FILTER (WHERE secret_expires_on <= ?)
                FROM photos.directory_providers
                """, (row, n) -> new Census(row.getInt(1), row.getInt(2)),
                Date.valueOf(today.plusDays(warning.toDays())));
    }

    private static DirectoryProvider provider(ResultSet row, int n) throws SQLException {
        Timestamp errorAt = row.getTimestamp("last_error_at");
        DirectoryProvider.LastError error = errorAt == null ? null : new DirectoryProvider.LastError(errorAt.toInstant(),
                row.getString("last_error_problem"), row.getString("last_error_code"),
                row.getString("last_error_explanation"));
        Date expires = row.getDate("secret_expires_on");
        return new DirectoryProvider(row.getString("tenant"), row.getString("directory_tenant_id"),
                row.getString("client_id"), expires == null ? null : expires.toLocalDate(),
                instant(row, "saved_at"), instant(row, "next_sync_at"), row.getString("delta_link"),
                instant(row, "last_sync_at"), instant(row, "last_success_at"), error);
    }

    private static Instant instant(ResultSet row, String column) throws SQLException {
        Timestamp value = row.getTimestamp(column);
        return value == null ? null : value.toInstant();
    }
}
