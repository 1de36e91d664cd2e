package app.thestorage.provisioning.projector.directory;

import app.thestorage.provisioning.directory.DirectoryTables.GroupMembers;
import app.thestorage.provisioning.directory.DirectoryTables.Groups;
import app.thestorage.provisioning.directory.DirectoryTables.Outcomes;
import app.thestorage.provisioning.directory.DirectoryTables.Users;
import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * Every statement the projector issues against the directory (JDBC, {@code ?} parameters), with the tables and
 * columns named from {@code DirectoryTables}. Each is checked against the migrated directory by
 * DirectoryStatementsTest, so a name the migrations do not create fails the build, not the materializer.
 */
final class DirectoryStatements {

    /** The columns a user's upsert writes, in the order of its values (DirectoryWriter's row of a user). */
    private static final String[] USER_COLUMNS = {Users.TENANT, Users.ID, Users.USER_NAME, Users.USER_NAME_KEY,
            Users.EXTERNAL_ID, Users.ACTIVE, Users.VERSION, Users.CREATED, Users.LAST_MODIFIED, Users.SOURCE,
            Users.RESOURCE};

    /** A user inserted, or replaced if the row is at an earlier version. */
    static final String UPSERT_USER = """
            INSERT INTO %s (%s)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?::jsonb)
            ON CONFLICT (%s, %s) DO UPDATE SET %s
            WHERE %s.%s < EXCLUDED.%s
            """.formatted(Users.TABLE, list(USER_COLUMNS), Users.TENANT, Users.ID,
            fromExcluded(Users.USER_NAME, Users.USER_NAME_KEY, Users.EXTERNAL_ID, Users.ACTIVE, Users.VERSION,
                    Users.LAST_MODIFIED, Users.SOURCE, Users.RESOURCE),
            Users.TABLE, Users.VERSION, Users.VERSION);

    /** A user's deletion (tenant, id, version), unless the row is already at a later version. */
    static final String DELETE_USER = "DELETE FROM %s WHERE %s = ? AND %s = ? AND %s < ?"
            .formatted(Users.TABLE, Users.TENANT, Users.ID, Users.VERSION);

    /** The columns a group change writes, in the order of its first values (DirectoryWriter's group). */
    private static final String[] GROUP_COLUMNS = {Groups.TENANT, Groups.ID, Groups.DISPLAY_NAME,
            Groups.DISPLAY_NAME_KEY, Groups.EXTERNAL_ID, Groups.SOURCE, Groups.CREATED, Groups.LAST_MODIFIED,
            Groups.VERSION};

    /**
     * Every group change but a deletion: the group row becomes the event's group if it is behind the event's version
     * (inserted if it is missing), and only then, in the same statement, do the event's members join (the array of
     * the next to last parameter) or leave (the last). One statement per event however many members it names.
     */
    static final String CHANGE_GROUP = """
            WITH caught_up AS (
                INSERT INTO %s (%s)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT (%s, %s) DO UPDATE SET %s
                WHERE %s.%s < EXCLUDED.%s
                RETURNING %s AS tenant, %s AS id
            ), joined AS (
                INSERT INTO %s (%s, %s, %s)
                SELECT caught_up.tenant, caught_up.id, member FROM caught_up CROSS JOIN unnest(?::text[]) AS member
                ON CONFLICT DO NOTHING
            )
            DELETE FROM %s m USING caught_up
            WHERE m.%s = caught_up.tenant AND m.%s = caught_up.id AND m.%s = ANY(?::text[])
            """.formatted(Groups.TABLE, list(GROUP_COLUMNS), Groups.TENANT, Groups.ID,
            fromExcluded(Groups.DISPLAY_NAME, Groups.DISPLAY_NAME_KEY, Groups.EXTERNAL_ID, Groups.SOURCE,
                    Groups.LAST_MODIFIED, Groups.VERSION),
            Groups.TABLE, Groups.VERSION, Groups.VERSION, Groups.TENANT, Groups.ID,
            GroupMembers.TABLE, GroupMembers.TENANT, GroupMembers.GROUP_ID, GroupMembers.USER_ID,
            GroupMembers.TABLE, GroupMembers.TENANT, GroupMembers.GROUP_ID, GroupMembers.USER_ID);

    /** A group's deletion (tenant, id, version), with all its memberships, unless it is already at a later version. */
    static final String DELETE_GROUP = """
            WITH gone AS (
                DELETE FROM %s WHERE %s = ? AND %s = ? AND %s < ? RETURNING %s AS tenant, %s AS id
            )
            DELETE FROM %s m USING gone WHERE m.%s = gone.tenant AND m.%s = gone.id
            """.formatted(Groups.TABLE, Groups.TENANT, Groups.ID, Groups.VERSION, Groups.TENANT, Groups.ID,
            GroupMembers.TABLE, GroupMembers.TENANT, GroupMembers.GROUP_ID);

    /** A decision too large for a notification (request id, decision as JSON), stored for the request waiting. */
    static final String STORE_OUTCOME = """
            INSERT INTO %s (%s, %s) VALUES (?, ?::jsonb)
            ON CONFLICT (%s) DO UPDATE SET %s = EXCLUDED.%s, %s = now()
            """.formatted(Outcomes.TABLE, Outcomes.REQUEST_ID, Outcomes.DECISION, Outcomes.REQUEST_ID,
            Outcomes.DECISION, Outcomes.DECISION, Outcomes.RECORDED);

    /** The stored decisions older than an hour, which nobody waits for any more. */
    static final String SWEEP_OUTCOMES = "DELETE FROM %s WHERE %s < now() - interval '1 hour'"
            .formatted(Outcomes.TABLE, Outcomes.RECORDED);

    private static String list(String... columns) {
        return String.join(", ", columns);
    }

    /** {@code column = EXCLUDED.column} for each: what an upsert takes from the row it could not insert. */
    private static String fromExcluded(String... columns) {
        return Arrays.stream(columns).map(column -> column + " = EXCLUDED." + column).collect(Collectors.joining(", "));
    }

    private DirectoryStatements() {
    }
}
