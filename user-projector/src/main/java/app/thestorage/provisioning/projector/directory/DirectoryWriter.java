package app.thestorage.provisioning.projector.directory;

import app.thestorage.provisioning.contract.command.Outcome;
import app.thestorage.provisioning.contract.event.UserChangeEvent;
import app.thestorage.provisioning.contract.event.UserChangeType;
import app.thestorage.provisioning.contract.group.Group;
import app.thestorage.provisioning.contract.group.GroupChangeEvent;
import app.thestorage.provisioning.contract.group.GroupChangeType;
import app.thestorage.provisioning.contract.serde.ContractJson;
import app.thestorage.provisioning.contract.user.User;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.SqlParameterValue;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.core.JacksonException;

/**
 * Writes the directory changes of decisions into PostgreSQL: users, groups and memberships. Every write is guarded by
 * the version of its user or group, so applying a change twice (after a crash, before the offsets were committed)
 * changes nothing, and replaying a batch converges on the state it ended in.
 */
@Component
public class DirectoryWriter {

    /** SQLSTATE classes of a refusal of the data itself, not of the database being unavailable. */
    private static final Set<String> REFUSED_DATA = Set.of("22", "23", "54");
    private static final String[] NONE = {};

    private final JdbcTemplate jdbc;
    private final TransactionTemplate transaction;

    public DirectoryWriter(JdbcTemplate jdbc, TransactionTemplate transaction) {
        this.jdbc = jdbc;
        this.transaction = transaction;
    }

    /** Applies the user changes in their order, all or nothing (in the caller's transaction if there is one). */
    public void apply(List<UserChangeEvent> changes) {
        write(changes.stream().<Outcome>map(Outcome.Applied::new).toList());
    }

    /**
     * Applies what the outcomes changed, all or nothing (in the caller's transaction if there is one): users in the
     * order of the outcomes, groups and memberships in the order of the outcomes. The two need no order between them
     * (no row of one refers to a row of the other), so each goes in as few batches as its order allows.
     */
    public void write(List<Outcome> outcomes) {
        Statements users = new Statements();
        Statements groups = new Statements();
        for (Outcome outcome : outcomes) {
            switch (outcome) {
                case Outcome.Applied applied -> {
                    user(users, applied.event());
                    applied.memberships().forEach(change -> group(groups, change));
                }
                case Outcome.GroupApplied applied -> applied.events().forEach(change -> group(groups, change));
                case Outcome.TenantErased erased -> {
                    erased.users().forEach(change -> user(users, change));
                    erased.groups().forEach(change -> group(groups, change));
                }
                case Outcome.Unchanged unchanged -> {
                }
                case Outcome.Rejected rejected -> {
                }
            }
        }
        if (users.isEmpty() && groups.isEmpty()) {
            return;
        }
        transaction.executeWithoutResult(status -> {
            users.run();
            groups.run();
        });
    }

    private static void user(Statements users, UserChangeEvent change) {
        if (change.type() == UserChangeType.USER_DELETED) {
            users.add(DirectoryStatements.DELETE_USER, change.tenant(), change.userId(), change.version());
        } else {
            users.add(DirectoryStatements.UPSERT_USER, row(change.user()));
        }
    }

    private static void group(Statements groups, GroupChangeEvent change) {
        if (change.type() == GroupChangeType.GROUP_DELETED) {
            groups.add(DirectoryStatements.DELETE_GROUP, change.tenant(), change.groupId(), change.version());
            return;
        }
        Group group = change.group();
        String[] joining = change.type() == GroupChangeType.MEMBERS_ADDED ? change.members().toArray(NONE) : NONE;
        String[] leaving = change.type() == GroupChangeType.MEMBERS_REMOVED ? change.members().toArray(NONE) : NONE;
        // the row is the event's group at the event's version (the same, as the projector publishes them)
        groups.add(DirectoryStatements.CHANGE_GROUP, change.tenant(), change.groupId(), group.displayName(),
                Group.displayNameKey(group.displayName()), new SqlParameterValue(Types.VARCHAR, group.externalId()),
                group.source().name(), Timestamp.from(group.created()), Timestamp.from(group.lastModified()),
                change.version(), joining, leaving);
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

    private static Object[] row(User user) {
        return new Object[] {
                user.tenant(), user.id(), user.userName(), User.userNameKey(user.userName()),
                user.attributes().externalId(), user.attributes().active(),
                user.version(), Timestamp.from(user.created()), Timestamp.from(user.lastModified()),
                user.source().name(), ContractJson.mapper().writeValueAsString(user)
        };
    }

    /**
     * Statements to run in the order they were added; consecutive ones of the same SQL go in one JDBC batch (one
     * round trip).
     */
    private final class Statements {

        private final List<String> sql = new ArrayList<>();
        private final List<List<Object[]>> rows = new ArrayList<>();

        void add(String statement, Object... row) {
            if (sql.isEmpty() || !sql.getLast().equals(statement)) {
                sql.add(statement);
                rows.add(new ArrayList<>());
            }
            rows.getLast().add(row);
        }

        boolean isEmpty() {
            return sql.isEmpty();
        }

        void run() {
            for (int i = 0; i < sql.size(); i++) {
                jdbc.batchUpdate(sql.get(i), rows.get(i));
            }
        }
    }
}
