package app.thestorage.provisioning.photos.wanted;

import app.thestorage.provisioning.contract.event.UserChangeEvent;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.stereotype.Repository;

/**
 * The users SCIM provisioned from Entra ID, as the user-change topic tells them: whose photos and profile
 * Graph has, matched by externalId = Entra object id. Writes are guarded by the user's version, so a
 * redelivered or older change never overwrites a newer one.
 */
@Repository
public class EntraUsers {

    /** A user provisioned from Entra, and the Entra object it is. */
    public record EntraUser(String tenant, String userId, String objectId, boolean active) {
    }

    private static final RowMapper<EntraUser> ROW = (row, n) ->
            new EntraUser(row.getString(1), row.getString(2), row.getString(3), row.getBoolean(4));

    private final JdbcTemplate jdbc;

    public EntraUsers(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** Notes the users as the changes left them, in one round trip. */
    public void record(List<UserChangeEvent> changes) {
        if (changes.isEmpty()) {
            return;
        }
        jdbc.batchUpdate("""
                INSERT INTO photos.entra_users (tenant, user_id, object_id, active, version) VALUES (?, ?, ?, ?, ?)
                ON CONFLICT (tenant, user_id) DO UPDATE SET object_id = EXCLUDED.object_id,
                    active = EXCLUDED.active, version = EXCLUDED.version
                WHERE photos.entra_users.version < EXCLUDED.version
                """, changes.stream()
                .map(change -> new Object[] {change.tenant(), change.userId(),
                        change.user().attributes().externalId(), change.user().attributes().active(), change.version()})
                .toList());
    }

    public void forget(String tenant, String userId) {
        jdbc.update("DELETE FROM photos.entra_users WHERE tenant = ? AND user_id = ?", tenant, userId);
    }

    /** The tenant is gone: none of its users is asked about in Graph any more. */
    public void forgetTenant(String tenant) {
        jdbc.update("DELETE FROM photos.entra_users WHERE tenant = ?", tenant);
    }

    public Optional<EntraUser> find(String tenant, String userId) {
        return jdbc.query("SELECT tenant, user_id, object_id, active FROM photos.entra_users "
                + "WHERE tenant = ? AND user_id = ?", ROW, tenant, userId).stream().findFirst();
    }

    public List<EntraUser> byObjectId(String tenant, String objectId) {
        return jdbc.query("SELECT tenant, user_id, object_id, active FROM photos.entra_users "
                + "WHERE tenant = ? AND object_id = ?", ROW, tenant, objectId);
    }

    public List<EntraUser> active(String tenant) {
        return jdbc.query("SELECT tenant, user_id, object_id, active FROM photos.entra_users "
                + "WHERE tenant = ? AND active", ROW, tenant);
    }
}
