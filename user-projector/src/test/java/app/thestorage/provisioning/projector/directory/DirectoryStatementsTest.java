package app.thestorage.provisioning.projector.directory;

import static org.assertj.core.api.Assertions.assertThat;

import app.thestorage.provisioning.directory.MigratedDirectory;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.TestInstance;

/**
 * PostgreSQL accepts every statement the projector issues against the directory, as the directory's migrations make
 * it: each is parsed and planned (PREPARE), so a table or column they do not create fails here.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DirectoryStatementsTest {

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

    @TestFactory
    Stream<DynamicTest> every_statement_is_accepted_by_the_migrated_directory() {
        List<Field> statements = Arrays.stream(DirectoryStatements.class.getDeclaredFields())
                .filter(field -> Modifier.isStatic(field.getModifiers()) && !Modifier.isPrivate(field.getModifiers())
                        && field.getType() == String.class)
                .toList();

        assertThat(statements).hasSizeGreaterThanOrEqualTo(6);
        return statements.stream().map(field -> DynamicTest.dynamicTest(field.getName(),
                () -> directory.prepare((String) field.get(null))));
    }
}
