package app.thestorage.provisioning.projector.directory;

import app.thestorage.provisioning.contract.event.UserChangeEvent;
import app.thestorage.provisioning.contract.event.UserChangeType;
import app.thestorage.provisioning.contract.serde.ContractJson;
import app.thestorage.provisioning.contract.user.User;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.core.JacksonException;

/**
 * Writes user changes into the PostgreSQL directory. Every write is guarded by the user's version, so
 * applying a change twice (after a crash, before the offsets were committed) changes nothing.
 */
@Component
public class DirectoryWriter {

    private static final String UPSERT = """
            INSERT INTO directory.users
                (tenant, id, user_name, user_name_key, external_id, active, version, created, last_modified, source,
                 resource)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?::jsonb)
            ON CONFLICT (tenant, id) DO UPDATE SET
                user_name = EXCLUDED.user_name, user_name_key = EXCLUDED.user_name_key,
                external_id = EXCLUDED.external_id, active = EXCLUDED.active,
                version = EXCLUDED.version, last_modified = EXCLUDED.last_modified, source = EXCLUDED.source,
                resource = EXCLUDED.resource
            WHERE directory.users.version < EXCLUDED.version
            """;
    /** SQLSTATE classes of a refusal of the data itself, not of the database being unavailable. */
    private static final Set<String> REFUSED_DATA = Set.of("22", "23", "54");
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

    /**
     * Why PostgreSQL refused the data itself, or null when the failure is anything else (an outage above all): the
     * same write would fail again, however often it is retried. SQLSTATE classes 22 (a value: U+0000, say), 23 (a
     * constraint) and 54 (a limit: an index entry over 2,704 bytes), and a user that cannot be written as JSON. Only the
     * first line of the server's message is kept: its detail lines may quote values.
     */
    static String refusal(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof JacksonException) {
                return "The user cannot be written as JSON (" + cause.getClass().getSimpleName() + ")";
            }
            if (cause instanceof SQLException sql) {
                SQLException last = sql;
                while (last.getNextException() != null) {
                    last = last.getNextException();
                }
                String state = last.getSQLState() != null ? last.getSQLState() : sql.getSQLState();
                if (state != null && REFUSED_DATA.contains(state.substring(0, Math.min(2, state.length())))) {
                    return "SQLSTATE " + state + ": " + String.valueOf(last.getMessage()).lines().findFirst().orElse("");
                }
            }
        }
        return null;
    }

    private void flush(List<Object[]> upserts) {
        if (!upserts.isEmpty()) {
            jdbc.batchUpdate(UPSERT, upserts);
            upserts.clear();
        }
    }

    private static Object[] row(User user) {
        return new Object[] {
                user.tenant(), user.id(), user.userName(), User.userNameKey(user.userName()),
                user.attributes().externalId(), user.attributes().active(),
                user.version(), Timestamp.from(user.created()), Timestamp.from(user.lastModified()),
                user.source().name(), ContractJson.mapper().writeValueAsString(user)
        };
    }
}
