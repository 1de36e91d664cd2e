package app.thestorage.provisioning.ingest.directory;

import static org.assertj.core.api.Assertions.assertThat;

import app.thestorage.provisioning.directory.MigratedDirectory;
import app.thestorage.provisioning.scim.ScimException;
import app.thestorage.provisioning.scim.filter.FilterParser;
import app.thestorage.provisioning.scim.schema.ScimAttribute;
import app.thestorage.provisioning.scim.schema.ResourceType;
import app.thestorage.provisioning.scim.schema.UserSchema;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.TestInstance;

/**
 * PostgreSQL accepts every statement ingest-api issues against the directory, as the directory's migrations make it:
 * each is parsed and planned (PREPARE), so a table or column they do not create fails here. The statements built
 * from filters are checked for the filters identity providers and the console send, and for a filter on every
 * attribute the directory keeps (a column or a field of the user's document).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DirectoryStatementsTest {

    /** Filters on users: the lookups before a create, the console's searches, groups, logic and value paths. */
    private static final List<String> USER_FILTERS = List.of(
            "userName eq \"Ada@Example.com\"",
            "externalId eq \"ext-ada\"",
            "id eq \"u-1\"",
            "active eq false",
            "userName sw \"ada\" or name.familyName co \"love\"",
            "not (emails[type eq \"work\" and primary eq true])",
            "emails.value ew \"@example.com\"",
            "meta.created gt \"2026-01-01T00:00:00Z\" and meta.lastModified le \"2026-12-31T00:00:00Z\"",
            "groups.value eq \"g-1\"",
            "groups[value eq \"g-1\"] or groups.display eq \"Engineering\"",
            "groups pr",
            "userName eq null");

    /** Filters on groups: every lookup GroupQuery accepts. */
    private static final List<String> GROUP_FILTERS = List.of(
            "displayName eq \"Engineering\"",
            "externalId eq \"ext-g\" and id eq \"g-1\"",
            "members[value eq \"u-1\"]",
            "members.value eq \"u-1\"");

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
    Stream<DynamicTest> every_fixed_statement_is_accepted() {
        List<Field> statements = Arrays.stream(DirectoryStatements.class.getDeclaredFields())
                .filter(field -> Modifier.isStatic(field.getModifiers()) && Modifier.isPublic(field.getModifiers())
                        && field.getType() == String.class)
                .toList();

        assertThat(statements).hasSizeGreaterThanOrEqualTo(10);
        return Stream.concat(
                statements.stream().map(field -> check(field.getName(), (String) readConstant(field))),
                Stream.of(check("userName", "SELECT " + DirectoryStatements.userName(":tenant", ":id"))));
    }

    @TestFactory
    Stream<DynamicTest> every_page_and_count_of_users_is_accepted() {
        List<DynamicTest> checks = new ArrayList<>();
        checks.add(check("users, no filter", DirectoryStatements.userPage(null)));
        checks.add(check("users counted, no filter", DirectoryStatements.userCount(null)));
        checks.add(check("members of a group", DirectoryStatements.userPage(DirectoryQuery.memberOf("g-1"))));
        for (String filter : USER_FILTERS) {
            DirectoryQuery query = DirectoryQuery.of(FilterParser.parse(filter));
            checks.add(check(filter, DirectoryStatements.userPage(query)));
            checks.add(check(filter + " (count)", DirectoryStatements.userCount(query)));
        }
        filtersOnEveryKeptAttribute().forEach(filter -> {
            DirectoryQuery query = userQuery(filter);
            if (query != null) {
                checks.add(check(filter, DirectoryStatements.userPage(query)));
            }
        });
        return checks.stream();
    }

    @TestFactory
    Stream<DynamicTest> every_page_and_count_of_groups_is_accepted() {
        List<DynamicTest> checks = new ArrayList<>();
        checks.add(check("groups, no filter", DirectoryStatements.groupPage(null)));
        checks.add(check("groups counted, no filter", DirectoryStatements.groupCount(null)));
        checks.add(check("displayName contains", DirectoryStatements.groupPage(GroupQuery.displayNameContains("eng"))));
        for (String filter : GROUP_FILTERS) {
            GroupQuery query = GroupQuery.of(FilterParser.parse(filter));
            checks.add(check(filter, DirectoryStatements.groupPage(query)));
            checks.add(check(filter + " (count)", DirectoryStatements.groupCount(query)));
        }
        return checks.stream();
    }

    /** A comparison and a presence test of every attribute the directory keeps, and of every kept sub-attribute. */
    private static Stream<String> filtersOnEveryKeptAttribute() {
        List<String> filters = new ArrayList<>();
        for (ScimAttribute attribute : Stream.of(ResourceType.USER.attributesOf(null), UserSchema.ENTERPRISE)
                .flatMap(List::stream).toList()) {
            String path = (attribute.schema().equals(UserSchema.CORE.getFirst().schema()) ? ""
                    : attribute.schema() + ":") + attribute.name();
            if (attribute.subAttributes().isEmpty()) {
                if (attribute.stored()) {
                    filters.add(path + " pr");
                    filters.add(path + " " + comparison(attribute));
                }
                continue;
            }
            for (ScimAttribute sub : attribute.subAttributes().stream().filter(ScimAttribute::stored).toList()) {
                filters.add(path + "." + sub.name() + " pr");
                filters.add(path + "." + sub.name() + " " + comparison(sub));
                if (attribute.multiValued()) {
                    filters.add(path + "[" + sub.name() + " " + comparison(sub) + "]");
                }
            }
        }
        assertThat(filters).hasSizeGreaterThan(20);
        return filters.stream();
    }

    private static String comparison(ScimAttribute attribute) {
        return switch (attribute.type()) {
            case BOOLEAN -> "eq true";
            case DATE_TIME -> "ge \"2026-01-01T00:00:00Z\"";
            default -> "eq \"x\"";
        };
    }

    /** The query of a filter, or null when it is refused (a comparison of groups other than those supported). */
    private static DirectoryQuery userQuery(String filter) {
        try {
            return DirectoryQuery.of(FilterParser.parse(filter));
        } catch (ScimException refused) {
            return null;
        }
    }

    private DynamicTest check(String name, String statement) {
        return DynamicTest.dynamicTest(name, () -> directory.prepare(statement));
    }

    private static Object readConstant(Field field) {
        try {
            return field.get(null);
        } catch (IllegalAccessException e) {
            throw new AssertionError(e);
        }
    }
}
