package app.thestorage.provisioning.ingest.directory;

import app.thestorage.provisioning.directory.DirectoryTables.GroupMembers;
import app.thestorage.provisioning.directory.DirectoryTables.Groups;
import app.thestorage.provisioning.directory.DirectoryTables.Outcomes;
import app.thestorage.provisioning.directory.DirectoryTables.Users;

/**
 * Every statement ingest-api issues against the directory, read-only but for the offboarding's purge of stored
 * outcomes, with the tables and columns named from {@code DirectoryTables} (parameters as Spring's DatabaseClient
 * takes them: {@code :name}, or {@code $1} where the statement binds by index). The filters' conditions come from
 * {@link DirectoryQuery} and {@link GroupQuery}. Each statement is checked against the migrated directory by
 * DirectoryStatementsTest, so a name the migrations do not create fails the build, not a request.
 */
public final class DirectoryStatements {

    /**
     * The groups of the user of the enclosing query's row {@code u}, as a JSON array of {id, display}: one index seek
     * on the memberships, nothing more for a user in no group.
     */
    private static final String GROUPS_OF_U = """
            (SELECT json_agg(json_build_object('id', g.%s, 'display', g.%s) ORDER BY g.%s)
             FROM %s m JOIN %s g ON g.%s = m.%s AND g.%s = m.%s
             WHERE m.%s = u.%s AND m.%s = u.%s)::text AS groups\
            """.formatted(Groups.ID, Groups.DISPLAY_NAME, Groups.DISPLAY_NAME_KEY,
            GroupMembers.TABLE, Groups.TABLE, Groups.TENANT, GroupMembers.TENANT, Groups.ID, GroupMembers.GROUP_ID,
            GroupMembers.TENANT, Users.TENANT, GroupMembers.USER_ID, Users.ID);

    /**
     * The users of a batch of (tenant, id) keys, each with the 1-based place of its key in the batch: $1 the
     * tenants, $2 the ids. One index seek per key: OFFSET 0 keeps PostgreSQL from flattening the lateral subquery
     * into a join, which it would answer with a scan of the whole table for a small directory.
     */
    public static final String USERS_BY_ID = """
            SELECT k.place, u.%s::text AS resource, %s
            FROM unnest($1::text[], $2::text[]) WITH ORDINALITY AS k(tenant, id, place)
            CROSS JOIN LATERAL (SELECT %s, %s, %s FROM %s
                                WHERE %s = k.tenant AND %s = k.id OFFSET 0) u
            """.formatted(Users.RESOURCE, GROUPS_OF_U,
            Users.TENANT, Users.ID, Users.RESOURCE, Users.TABLE,
            Users.TENANT, Users.ID);

    /**
     * The users of a batch of (tenant, userName key) pairs (the contract's {@code User.userNameKey}: userNames compare
     * regardless of case), each with the 1-based place of its key and in creation order: $1 the tenants, $2 the keys.
     * One index seek per key (see USERS_BY_ID).
     */
    public static final String USERS_BY_USER_NAME = """
            SELECT k.place, u.%s::text AS resource, %s
            FROM unnest($1::text[], $2::text[]) WITH ORDINALITY AS k(tenant, user_name_key, place)
            CROSS JOIN LATERAL (SELECT %s, %s, %s, %s FROM %s
                                WHERE %s = k.tenant AND %s = k.user_name_key OFFSET 0) u
            ORDER BY k.place, u.%s, u.%s
            """.formatted(Users.RESOURCE, GROUPS_OF_U,
            Users.TENANT, Users.RESOURCE, Users.CREATED, Users.ID, Users.TABLE,
            Users.TENANT, Users.USER_NAME_KEY,
            Users.CREATED, Users.ID);

    /** How many of the tenant's users each identity provider provisioned, active or not: source, active, users. */
    public static final String USER_CENSUS = """
            SELECT %s AS source, %s AS active, count(*) AS users FROM %s WHERE %s = :tenant GROUP BY %s, %s
            """.formatted(Users.SOURCE, Users.ACTIVE, Users.TABLE, Users.TENANT, Users.SOURCE, Users.ACTIVE);

    /** How many of the tenant's users match (a column total); parameters :tenant and the query's own. */
    public static String userCount(DirectoryQuery query) {
        return "SELECT count(*) AS total FROM %s u WHERE %s".formatted(Users.TABLE, userCondition(query));
    }

    /**
     * One page of the tenant's matching users in creation order, each with its groups; parameters :tenant, :limit,
     * :offset and the query's own.
     */
    public static String userPage(DirectoryQuery query) {
        return """
                SELECT u.%s::text AS resource, %s FROM %s u WHERE %s
                ORDER BY u.%s, u.%s LIMIT :limit OFFSET :offset
                """.formatted(Users.RESOURCE, GROUPS_OF_U, Users.TABLE, userCondition(query), Users.CREATED, Users.ID);
    }

    private static String userCondition(DirectoryQuery query) {
        return "u.%s = :tenant".formatted(Users.TENANT) + (query == null ? "" : " AND " + query.condition());
    }

    /** What a group is read as (alias g): the columns GroupDirectory reads a group from. */
    private static final String GROUP_COLUMNS = """
            g.%s AS tenant, g.%s AS id, g.%s AS display_name, g.%s AS external_id, g.%s AS source, g.%s AS created, \
            g.%s AS last_modified, g.%s AS version\
            """.formatted(Groups.TENANT, Groups.ID, Groups.DISPLAY_NAME, Groups.EXTERNAL_ID, Groups.SOURCE,
            Groups.CREATED, Groups.LAST_MODIFIED, Groups.VERSION);

    /** The group :id of the tenant :tenant. */
    public static final String GROUP_BY_ID = "SELECT %s FROM %s g WHERE g.%s = :tenant AND g.%s = :id"
            .formatted(GROUP_COLUMNS, Groups.TABLE, Groups.TENANT, Groups.ID);

    /** How many of the tenant's groups match (a column total); parameters :tenant and the query's own. */
    public static String groupCount(GroupQuery query) {
        return "SELECT count(*) AS total FROM %s g WHERE %s".formatted(Groups.TABLE, groupCondition(query));
    }

    /** One page of the tenant's matching groups in creation order; parameters :tenant, :limit, :offset, the query's. */
    public static String groupPage(GroupQuery query) {
        return "SELECT %s FROM %s g WHERE %s ORDER BY g.%s, g.%s LIMIT :limit OFFSET :offset"
                .formatted(GROUP_COLUMNS, Groups.TABLE, groupCondition(query), Groups.CREATED, Groups.ID);
    }

    private static String groupCondition(GroupQuery query) {
        return "g.%s = :tenant".formatted(Groups.TENANT) + (query == null ? "" : " AND " + query.condition());
    }

    /** What a member is shown as: its displayName, else its userName (u the member's row, m its membership). */
    private static final String MEMBER_DISPLAY = "coalesce(u.%s->'attributes'->>'displayName', u.%s)"
            .formatted(Users.RESOURCE, Users.USER_NAME);

    /** The members of the groups :owners of :tenant: columns owner (the group), id (the member) and display. */
    public static final String MEMBERS_OF = """
            SELECT m.%s AS owner, m.%s AS id, %s AS display
            FROM %s m
            LEFT JOIN %s u ON u.%s = m.%s AND u.%s = m.%s
            WHERE m.%s = :tenant AND m.%s = ANY(:owners)
            ORDER BY m.%s, m.%s
            """.formatted(GroupMembers.GROUP_ID, GroupMembers.USER_ID, MEMBER_DISPLAY,
            GroupMembers.TABLE,
            Users.TABLE, Users.TENANT, GroupMembers.TENANT, Users.ID, GroupMembers.USER_ID,
            GroupMembers.TENANT, GroupMembers.GROUP_ID,
            GroupMembers.GROUP_ID, GroupMembers.USER_ID);

    /** Those of the users :users that are members of the group :group of :tenant: columns id and display. */
    public static final String MEMBERS_AMONG = """
            SELECT m.%s AS id, %s AS display
            FROM %s m
            LEFT JOIN %s u ON u.%s = m.%s AND u.%s = m.%s
            WHERE m.%s = :tenant AND m.%s = :group AND m.%s = ANY(:users)
            ORDER BY m.%s
            """.formatted(GroupMembers.USER_ID, MEMBER_DISPLAY,
            GroupMembers.TABLE,
            Users.TABLE, Users.TENANT, GroupMembers.TENANT, Users.ID, GroupMembers.USER_ID,
            GroupMembers.TENANT, GroupMembers.GROUP_ID, GroupMembers.USER_ID,
            GroupMembers.USER_ID);

    /** The groups the users :owners of :tenant are direct members of: columns owner (the user), id and display. */
    public static final String GROUPS_OF = """
            SELECT m.%s AS owner, g.%s AS id, g.%s AS display
            FROM %s m
            JOIN %s g ON g.%s = m.%s AND g.%s = m.%s
            WHERE m.%s = :tenant AND m.%s = ANY(:owners)
            ORDER BY m.%s, g.%s
            """.formatted(GroupMembers.USER_ID, Groups.ID, Groups.DISPLAY_NAME,
            GroupMembers.TABLE,
            Groups.TABLE, Groups.TENANT, GroupMembers.TENANT, Groups.ID, GroupMembers.GROUP_ID,
            GroupMembers.TENANT, GroupMembers.USER_ID,
            GroupMembers.USER_ID, Groups.DISPLAY_NAME_KEY);

    /** How many direct members each of the groups :groups of :tenant has: columns group_id and members. */
    public static final String MEMBER_COUNTS = """
            SELECT %s AS group_id, count(*) AS members FROM %s WHERE %s = :tenant AND %s = ANY(:groups) GROUP BY %s
            """.formatted(GroupMembers.GROUP_ID, GroupMembers.TABLE, GroupMembers.TENANT, GroupMembers.GROUP_ID,
            GroupMembers.GROUP_ID);

    /** How many groups :tenant has: a column groups. */
    public static final String GROUP_COUNT = "SELECT count(*) AS groups FROM %s WHERE %s = :tenant"
            .formatted(Groups.TABLE, Groups.TENANT);

    /** The userName of the user {@code id} of {@code tenant} (two SQL expressions), or null: a scalar subquery. */
    public static String userName(String tenant, String id) {
        return "(SELECT u.%s FROM %s u WHERE u.%s = %s AND u.%s = %s)".formatted(Users.USER_NAME, Users.TABLE,
                Users.TENANT, tenant, Users.ID, id);
    }

    /** The decision the materializer stored for the request :id (too large for its notification): a column decision. */
    public static final String STORED_OUTCOME = "SELECT %s::text AS decision FROM %s WHERE %s = :id"
            .formatted(Outcomes.DECISION, Outcomes.TABLE, Outcomes.REQUEST_ID);

    /** Deletes the stored decisions of the tenant :slug's commands (an offboarding). */
    public static final String DELETE_TENANT_OUTCOMES = "DELETE FROM %s WHERE %s ->> 'tenant' = :slug"
            .formatted(Outcomes.TABLE, Outcomes.DECISION);

    private DirectoryStatements() {
    }
}
