package app.thestorage.provisioning.directory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * {@link DirectoryTables} names what the migrations create, all of it: every table and column it names exists once
 * the migrations have run on a real PostgreSQL, and every table and column they create has its name there.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DirectoryTablesTest {

    private MigratedDirectory directory;

    @BeforeAll
    void migrate() throws Exception {
        directory = MigratedDirectory.start();
    }

    @AfterAll
    void stop() throws Exception {
        if (directory != null) {
            directory.close();
        }
    }

    @Test
    void every_named_column_is_created_by_the_migrations() throws Exception {
        Set<String> created = createdColumns();

        assertThat(namedColumns()).isNotEmpty().allSatisfy(column -> assertThat(created).contains(column));
    }

    @Test
    void every_column_the_migrations_create_is_named() throws Exception {
        assertThat(namedColumns()).containsAll(createdColumns());
    }

    @Test
    void a_statement_naming_a_column_the_migrations_do_not_create_is_refused() throws Exception {
        directory.prepare("SELECT u.resource FROM directory.users u WHERE u.user_name_key = ?");

        assertThatThrownBy(() -> directory.prepare("SELECT u.resource FROM directory.users u WHERE u.user_nam = ?"))
                .isInstanceOf(SQLException.class)
                .hasMessageContaining("user_nam");
    }

    @Test
    void parameters_become_numbered_outside_literals_and_casts() {
        assertThat(MigratedDirectory.numbered(
                "SELECT x::text FROM t WHERE a = :tenant AND b = :id AND c = :tenant AND d = ':no' AND e ->> 'f?'"))
                .isEqualTo("SELECT x::text FROM t WHERE a = $1 AND b = $2 AND c = $1 AND d = ':no' AND e ->> 'f?'");
        assertThat(MigratedDirectory.numbered("UPDATE t SET a = ?::jsonb WHERE b = ? AND c = '?'"))
                .isEqualTo("UPDATE t SET a = $1::jsonb WHERE b = $2 AND c = '?'");
    }

    /** "table.column" for each column of the directory's tables, as PostgreSQL lists them. */
    private Set<String> createdColumns() throws SQLException {
        Set<String> columns = new TreeSet<>();
        try (Connection connection = directory.database().getConnection();
             PreparedStatement query = connection.prepareStatement("""
                     SELECT c.table_name, c.column_name FROM information_schema.columns c
                     JOIN information_schema.tables t ON t.table_schema = c.table_schema AND t.table_name = c.table_name
                     WHERE c.table_schema = ? AND t.table_type = 'BASE TABLE' AND c.table_name <> 'flyway_schema_history'
                     """)) {
            query.setString(1, DirectoryTables.SCHEMA);
            try (ResultSet row = query.executeQuery()) {
                while (row.next()) {
                    columns.add(row.getString(1) + "." + row.getString(2));
                }
            }
        }
        return columns;
    }

    /** "table.column" for each column {@link DirectoryTables} names: every constant of a table's class but its names. */
    private static Set<String> namedColumns() throws IllegalAccessException {
        Set<String> columns = new HashSet<>();
        for (Class<?> table : DirectoryTables.class.getDeclaredClasses()) {
            String name = (String) constant(table, "NAME");
            assertThat(constant(table, "TABLE")).isEqualTo(DirectoryTables.SCHEMA + "." + name);
            for (Field field : Arrays.stream(table.getDeclaredFields()).filter(DirectoryTablesTest::isName).toList()) {
                if (!field.getName().equals("NAME") && !field.getName().equals("TABLE")) {
                    columns.add(name + "." + field.get(null));
                }
            }
        }
        return columns;
    }

    private static boolean isName(Field field) {
        return Modifier.isStatic(field.getModifiers()) && Modifier.isPublic(field.getModifiers())
                && field.getType() == String.class;
    }

    private static Object constant(Class<?> table, String name) throws IllegalAccessException {
        try {
            return table.getField(name).get(null);
        } catch (NoSuchFieldException e) {
            throw new AssertionError(table.getSimpleName() + " has no " + name, e);
        }
    }
}
