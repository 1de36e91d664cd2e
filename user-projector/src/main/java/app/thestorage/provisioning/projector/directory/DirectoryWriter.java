package app.thestorage.provisioning.projector.directory;

import app.thestorage.provisioning.contract.event.UserChangeEvent;
import app.thestorage.provisioning.contract.event.UserChangeType;
import app.thestorage.provisioning.contract.serde.ContractJson;
import app.thestorage.provisioning.contract.user.User;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.List;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Writes user changes into the PostgreSQL directory. Every write is guarded by the user's version, so
 * applying a change twice (after a crash, before the offsets were committed) changes nothing.
 */
@Component
public class DirectoryWriter {

    private static final String UPSERT = """
            INSERT INTO directory.users
                (tenant, id, user_name, external_id, active, version, created, last_modified, source, resource)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?::jsonb)
            ON CONFLICT (tenant, id) DO UPDATE SET
                user_name = EXCLUDED.user_name, external_id = EXCLUDED.external_id, active = EXCLUDED.active,
                version = EXCLUDED.version, last_modified = EXCLUDED.last_modified, source = EXCLUDED.source,
                resource = EXCLUDED.resource
            WHERE directory.users.version < EXCLUDED.version
            """;
    private static final String DELETE = "DELETE FROM directory.users WHERE tenant = ? AND id = ? AND version < ?";

    private final JdbcTemplate jdbc;
    private final TransactionTemplate transaction;

    public DirectoryWriter(JdbcTemplate jdbc, TransactionTemplate transaction) {
        this.jdbc = jdbc;
        this.transaction = transaction;
    }

    /** Applies the changes in their order, all or nothing (in the caller's transaction if there is one). */
    public void apply(List<UserChangeEvent> changes) {
        if (changes.isEmpty()) {
            return;
        }
        transaction.executeWithoutResult(status -> {
            List<Object[]> upserts = new ArrayList<>();
            for (UserChangeEvent change : changes) {
                if (change.type() == UserChangeType.USER_DELETED) {
                    flush(upserts);
                    jdbc.update(DELETE, change.tenant(), change.userId(), change.version());
                } else {
                    upserts.add(row(change.user()));
                }
            }
            flush(upserts);
        });
    }

    private void flush(List<Object[]> upserts) {
        if (!upserts.isEmpty()) {
            jdbc.batchUpdate(UPSERT, upserts);
            upserts.clear();
        }
    }

    private static Object[] row(User user) {
        return new Object[] {
                user.tenant(), user.id(), user.userName(), user.attributes().externalId(), user.attributes().active(),
                user.version(), Timestamp.from(user.created()), Timestamp.from(user.lastModified()),
                user.source().name(), ContractJson.mapper().writeValueAsString(user)
        };
    }
}
