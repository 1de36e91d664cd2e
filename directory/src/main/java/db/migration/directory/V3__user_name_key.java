package db.migration.directory;

import app.thestorage.provisioning.contract.user.User;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import org.flywaydb.core.api.migration.BaseJavaMigration;
import org.flywaydb.core.api.migration.Context;

/**
 * Every lookup by userName compares the caseless key the projector decides uniqueness on
 * ({@link User#userNameKey}), kept in its own indexed column, instead of PostgreSQL's {@code lower()}, which folds
 * letter case differently from Java for some letters. Written in Java so that existing rows get exactly that key.
 */
public class V3__user_name_key extends BaseJavaMigration {

    private static final int BATCH = 1000;

    @Override
    public void migrate(Context context) throws Exception {
        Connection connection = context.getConnection();
        try (Statement statement = connection.createStatement()) {
            statement.execute("ALTER TABLE users ADD COLUMN user_name_key text");
        }
        try (PreparedStatement rows = connection.prepareStatement("SELECT tenant, id, user_name FROM users");
             PreparedStatement keyed = connection.prepareStatement(
                     "UPDATE users SET user_name_key = ? WHERE tenant = ? AND id = ?")) {
            rows.setFetchSize(BATCH);
            int pending = 0;
            try (ResultSet row = rows.executeQuery()) {
                while (row.next()) {
                    keyed.setString(1, User.userNameKey(row.getString(3)));
                    keyed.setString(2, row.getString(1));
                    keyed.setString(3, row.getString(2));
                    keyed.addBatch();
                    if (++pending == BATCH) {
                        keyed.executeBatch();
                        pending = 0;
                    }
                }
            }
            if (pending > 0) {
                keyed.executeBatch();
            }
        }
        try (Statement statement = connection.createStatement()) {
            statement.execute("ALTER TABLE users ALTER COLUMN user_name_key SET NOT NULL");
            statement.execute("CREATE INDEX users_by_user_name_key ON users (tenant, user_name_key)");
            statement.execute("DROP INDEX users_by_user_name");
        }
    }
}
