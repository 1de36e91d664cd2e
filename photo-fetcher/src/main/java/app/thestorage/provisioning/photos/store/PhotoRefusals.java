package app.thestorage.provisioning.photos.store;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/**
 * The latest refusal of each user's photo address, kept until a photo is fetched for the user or the user is gone: what
 * a tenant's admin reads to see why a photo their identity provider sent is not shown. The detail names the host,
 * never the whole address (it may carry a signature or token).
 */
@Repository
public class PhotoRefusals {

    /** One user's latest refusal. */
    public record PhotoRefusal(String userId, Instant at, String reason, String detail) {
    }

    private final JdbcTemplate jdbc;

    public PhotoRefusals(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    public void refused(String tenant, String userId, String reason, String detail, Instant at) {
        jdbc.update("""
                INSERT INTO photos.photo_refusals (tenant, user_id, at, reason, detail) VALUES (?, ?, ?, ?, ?)
                ON CONFLICT (tenant, user_id) DO UPDATE SET at = EXCLUDED.at, reason = EXCLUDED.reason,
                    detail = EXCLUDED.detail
                """, tenant, userId, Timestamp.from(at), reason, detail);
    }

    /** A photo was fetched (or the address removed): no refusal stands any more. */
    public void cleared(String tenant, String userId) {
        jdbc.update("DELETE FROM photos.photo_refusals WHERE tenant = ? AND user_id = ?", tenant, userId);
    }

    /** The tenant's refusals, newest first. */
    public List<PhotoRefusal> of(String tenant, int limit) {
        return jdbc.query("""
                SELECT user_id, at, reason, detail FROM photos.photo_refusals WHERE tenant = ?
                ORDER BY at DESC LIMIT ?
                """, (row, n) -> new PhotoRefusal(row.getString(1), row.getTimestamp(2).toInstant(),
                row.getString(3), row.getString(4)), tenant, limit);
    }

    public void forgetTenant(String tenant) {
        jdbc.update("DELETE FROM photos.photo_refusals WHERE tenant = ?", tenant);
    }
}
