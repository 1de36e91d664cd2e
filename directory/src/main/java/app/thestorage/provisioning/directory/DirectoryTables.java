package app.thestorage.provisioning.directory;

/**
 * The directory's tables and columns, as its migrations create them (PostgreSQL schema {@code directory}, migrations
 * in {@code db/migration/directory} beside this class). The directory materializer writes these tables and ingest-api
 * reads them; every statement of theirs names tables and columns from here, so that a renamed column is one change
 * here and in a new migration, and the statement checks of both modules see a name the migrations do not create.
 * {@code TABLE} is the name to write in a statement (schema-qualified), {@code NAME} the table's name in its schema.
 */
public final class DirectoryTables {

    /** The PostgreSQL schema of the directory; Flyway keeps its history there too. */
    public static final String SCHEMA = "directory";
    /** Where Flyway finds the directory's migrations (SQL files and the migration written in Java). */
    public static final String MIGRATIONS = "classpath:db/migration/directory";

    /**
     * The users: one row each, the whole user as a JSON document ({@code resource}) and, as columns, what lookups
     * and counts need. Primary key (tenant, id).
     */
    public static final class Users {
        public static final String NAME = "users";
        public static final String TABLE = SCHEMA + "." + NAME;
        public static final String TENANT = "tenant";
        public static final String ID = "id";
        public static final String USER_NAME = "user_name";
        /** The caseless key of the userName (the contract's {@code User.userNameKey}), indexed with the tenant. */
        public static final String USER_NAME_KEY = "user_name_key";
        public static final String EXTERNAL_ID = "external_id";
        public static final String ACTIVE = "active";
        /** The version of the last user-change event applied: every write is guarded by it. */
        public static final String VERSION = "version";
        public static final String CREATED = "created";
        public static final String LAST_MODIFIED = "last_modified";
        /** The identity provider that provisioned the user (an {@code IdentityProvider} name). */
        public static final String SOURCE = "source";
        /** The user as JSON (jsonb), as the contract writes it. */
        public static final String RESOURCE = "resource";

        private Users() {
        }
    }

    /** The groups: one row each, without their members. Primary key (tenant, id); displayName key unique per tenant. */
    public static final class Groups {
        public static final String NAME = "groups";
        public static final String TABLE = SCHEMA + "." + NAME;
        public static final String TENANT = "tenant";
        public static final String ID = "id";
        public static final String DISPLAY_NAME = "display_name";
        /** The caseless key of the displayName (the contract's {@code Group.displayNameKey}), unique per tenant. */
        public static final String DISPLAY_NAME_KEY = "display_name_key";
        public static final String EXTERNAL_ID = "external_id";
        public static final String SOURCE = "source";
        public static final String CREATED = "created";
        public static final String LAST_MODIFIED = "last_modified";
        /** The version of the last group-change event applied: every write is guarded by it, memberships included. */
        public static final String VERSION = "version";

        private Groups() {
        }
    }

    /** The memberships: one row per member of a group. Primary key (tenant, group_id, user_id). */
    public static final class GroupMembers {
        public static final String NAME = "group_members";
        public static final String TABLE = SCHEMA + "." + NAME;
        public static final String TENANT = "tenant";
        public static final String GROUP_ID = "group_id";
        public static final String USER_ID = "user_id";

        private GroupMembers() {
        }
    }

    /**
     * The decisions too large for a notification, each stored by the materializer in the transaction that announces
     * it and read once by the ingest-api instance waiting for it; kept an hour.
     */
    public static final class Outcomes {
        public static final String NAME = "outcomes";
        public static final String TABLE = SCHEMA + "." + NAME;
        public static final String REQUEST_ID = "request_id";
        /** The decision as JSON (jsonb), as the contract writes it. */
        public static final String DECISION = "decision";
        public static final String RECORDED = "recorded";

        private Outcomes() {
        }
    }

    private DirectoryTables() {
    }
}
