package app.thestorage.provisioning.directory;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;

/**
 * The directory as its migrations make it, on an embedded PostgreSQL, for tests that check statements against it:
 * {@link #prepare} has PostgreSQL parse and plan a statement (PREPARE) without running it, so a table or column the
 * migrations do not create, or a type that does not fit, fails the test. Shared with the modules that read and write
 * the directory (this module's test jar).
 */
public final class MigratedDirectory implements AutoCloseable {

    private final EmbeddedPostgres postgres;
    private final DataSource database;

    private MigratedDirectory(EmbeddedPostgres postgres) {
        this.postgres = postgres;
        this.database = postgres.getPostgresDatabase();
    }

    /** Starts PostgreSQL and runs the directory's migrations. */
    public static MigratedDirectory start() throws IOException {
        MigratedDirectory directory = new MigratedDirectory(EmbeddedPostgres.builder().start());
        try {
            Flyway.configure().dataSource(directory.database).schemas(DirectoryTables.SCHEMA)
                    .locations(DirectoryTables.MIGRATIONS).load().migrate();
        } catch (RuntimeException e) {
            directory.close();
            throw e;
        }
        return directory;
    }

    /** The database, for a test that needs more than the directory (another schema's migrations, rows). */
    public DataSource database() {
        return database;
    }

    /**
     * Has PostgreSQL parse and plan the statement, and forgets it again. Its parameters may be written as JDBC
     * writes them ({@code ?}), as Spring's DatabaseClient does ({@code :name}) or as PostgreSQL does ({@code $1});
     * PostgreSQL infers their types from where they stand, as it does for a statement the drivers send.
     *
     * @throws SQLException PostgreSQL's refusal, such as "column u.user_nam does not exist"
     */
    public void prepare(String statement) throws SQLException {
        try (Connection connection = database.getConnection(); Statement prepared = connection.createStatement()) {
            prepared.execute("PREPARE checked AS " + numbered(statement));
            prepared.execute("DEALLOCATE checked");
        }
    }

    /**
     * The statement with PostgreSQL's numbered parameters for JDBC's {@code ?} and for named parameters (each name one
     * number), outside string literals, quoted names and casts ({@code ::text}).
     */
    static String numbered(String statement) {
        StringBuilder numbered = new StringBuilder(statement.length());
        Map<String, Integer> names = new LinkedHashMap<>();
        int positional = 0;
        int i = 0;
        while (i < statement.length()) {
            char c = statement.charAt(i);
            if (c == '\'' || c == '"') {
                int end = statement.indexOf(c, i + 1);
                end = end < 0 ? statement.length() : end + 1;
                numbered.append(statement, i, end);
                i = end;
            } else if (c == ':' && i + 1 < statement.length() && statement.charAt(i + 1) == ':') {
                numbered.append("::");
                i += 2;
            } else if (c == ':' && i + 1 < statement.length() && Character.isJavaIdentifierStart(statement.charAt(i + 1))) {
                int end = i + 1;
                while (end < statement.length() && Character.isJavaIdentifierPart(statement.charAt(end))) {
                    end++;
                }
                String name = statement.substring(i + 1, end);
                numbered.append('$').append(names.computeIfAbsent(name, n -> names.size() + 1));
                i = end;
            } else if (c == '?') {
                numbered.append('$').append(++positional);
                i++;
            } else {
                numbered.append(c);
                i++;
            }
        }
        if (positional > 0 && !names.isEmpty()) {
            throw new IllegalArgumentException("A statement has either ? or :name parameters: " + statement);
        }
        return numbered.toString();
    }

    @Override
    public void close() throws IOException {
        postgres.close();
    }
}
