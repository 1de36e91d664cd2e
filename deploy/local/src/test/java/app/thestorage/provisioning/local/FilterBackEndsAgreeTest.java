package app.thestorage.provisioning.local;

import static org.assertj.core.api.Assertions.assertThat;

import app.thestorage.provisioning.contract.event.UserChangeEvent;
import app.thestorage.provisioning.contract.event.UserChangeType;
import app.thestorage.provisioning.contract.serde.ContractJson;
import app.thestorage.provisioning.contract.user.Email;
import app.thestorage.provisioning.contract.user.IdentityProvider;
import app.thestorage.provisioning.contract.user.Name;
import app.thestorage.provisioning.contract.user.Photo;
import app.thestorage.provisioning.contract.user.User;
import app.thestorage.provisioning.contract.user.UserAttributes;
import app.thestorage.provisioning.ingest.directory.DirectoryQuery;
import app.thestorage.provisioning.ingest.directory.DirectoryStatements;
import app.thestorage.provisioning.projector.directory.DirectoryWriter;
import app.thestorage.provisioning.scim.ScimException;
import app.thestorage.provisioning.scim.document.ScimUserDocument;
import app.thestorage.provisioning.scim.filter.Filter;
import app.thestorage.provisioning.scim.filter.FilterEvaluator;
import app.thestorage.provisioning.scim.filter.FilterParser;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.Collectors;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * A filter means the same in a list request (SQL on the PostgreSQL directory) and in a PATCH path (evaluated in
 * memory): random users with mixed-case and Unicode names, random filters over the catalogue's attributes in any
 * letter case, and both back ends must pick the same users.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class FilterBackEndsAgreeTest {

    private static final int USERS = 200;
    private static final int FILTERS = 2_000;
    /** Pieces of userNames: letters whose case mapping is not one to one, and combining marks. */
    private static final List<String> UNICODE = List.of("İ", "i\u0307", "ı", "I", "ß", "SS", "ẞ", "Σ", "σ", "ς", "ﬀ",
            "FF", "Ａ", "ａ", "é", "e\u0301", "É", "Ǆ", "ǅ", "ǆ");
    private static final List<String> WORDS = List.of("ada", "Ada", "ADA", "grace", "Lovelace", "hopper", "Zoë",
            "émile", "Ünal", "o'brien", "R&D", "x");
    private static final List<String> PATHS = List.of("userName", "externalId", "displayName", "title",
            "name.givenName", "name.familyName", "active", "emails", "emails.value", "emails.type", "emails.primary",
            "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department", "id", "nickName",
            "photos", "photos.value", "photos.type", "photos.display", "photos.primary");
    private static final List<String> OPERATORS = List.of("eq", "ne", "co", "sw", "ew", "gt", "ge", "lt", "le", "pr");

    private final Random random = new Random(20261202);
    private EmbeddedPostgres postgres;
    private DataSource database;
    private final List<User> users = new ArrayList<>();

    @BeforeAll
    void writeRandomUsers() throws Exception {
        postgres = EmbeddedPostgres.builder().start();
        database = postgres.getPostgresDatabase();
        Flyway.configure().dataSource(database).schemas("directory").locations("classpath:db/migration/directory")
                .load().migrate();
        TransactionTemplate transaction = new TransactionTemplate(new DataSourceTransactionManager(database));
        DirectoryWriter directory = new DirectoryWriter(new JdbcTemplate(database), transaction);
        for (int i = 0; i < USERS; i++) {
            users.add(randomUser(i));
        }
        directory.apply(users.stream()
                .map(user -> UserChangeEvent.of(UserChangeType.USER_CREATED, user, user.created()))
                .toList());
    }

    @AfterAll
    void stop() throws Exception {
        if (postgres != null) {
            postgres.close();
        }
    }

    @Test
    void sql_and_the_in_memory_evaluator_select_the_same_users() throws Exception {
        List<String> disagreements = new ArrayList<>();
        int tried = 0;
        while (tried < FILTERS) {
            String text = randomFilter(2);
            Filter filter;
            DirectoryQuery query;
            try {
                filter = FilterParser.parse(text);
                query = DirectoryQuery.of(filter);
            } catch (ScimException refused) {
                continue; // e.g. co on a boolean: refused the same way by both, before any back end runs
            }
            tried++;
            Set<String> inMemory = new TreeSet<>();
            for (User user : users) {
                try {
                    if (FilterEvaluator.matches(filter, ScimUserDocument.resourceOf(user, "https://scim.example"))) {
                        inMemory.add(user.id());
                    }
                } catch (ScimException refused) {
                    inMemory.add("refused: " + refused.detail());
                }
            }
            Set<String> inSql = select(query);
            if (!inMemory.equals(inSql)) {
                disagreements.add(text + "\n  in memory only: " + minus(inMemory, inSql) + "\n  in SQL only: "
                        + minus(inSql, inMemory));
            }
        }
        assertThat(disagreements).as("filters whose back ends disagree").isEmpty();
    }

    private Set<String> select(DirectoryQuery query) throws Exception {
        Set<String> ids = new TreeSet<>();
        try (var connection = database.getConnection();
             var statement = DirectoryIndexTest.prepare(connection, DirectoryStatements.userPage(query), query,
                     USERS + 1, 0);
             var rows = statement.executeQuery()) {
            while (rows.next()) {
                ids.add(ContractJson.mapper().readTree(rows.getString(1)).path("id").asString());
            }
        }
        return ids;
    }

    private User randomUser(int i) {
        String userName = word(true) + i + (random.nextBoolean() ? "@acme.example" : "");
        List<Email> emails = new ArrayList<>();
        for (int e = random.nextInt(3); e > 0; e--) {
            emails.add(new Email(word(false) + e + "@" + pick(List.of("acme.example", "Home.Example")),
                    pick(List.of("work", "Work", "home", "other")), random.nextBoolean()));
        }
        List<Photo> photos = new ArrayList<>();
        boolean primary = false;
        for (int p = random.nextInt(3); p > 0; p--) {
            boolean thisPrimary = !primary && random.nextBoolean();
            primary |= thisPrimary;
            photos.add(new Photo("https://" + pick(List.of("cdn.acme.example", "CDN.Acme.Example")) + "/" + word(false)
                    + p + ".jpg", maybe(), pick(Arrays.asList("photo", "thumbnail", null)), thisPrimary));
        }
        UserAttributes attributes = new UserAttributes(userName,
                random.nextInt(4) == 0 ? null : "ext-" + pick(List.of("a", "A")) + i,
                random.nextBoolean() ? null : new Name(maybe(), maybe()), maybe(), maybe(), emails,
                random.nextBoolean(), maybe(), photos);
        Instant created = Instant.parse("2026-11-01T00:00:00Z").plusSeconds(i);
        return new User("acme", "u-" + i, attributes, IdentityProvider.OKTA, created, created, 1);
    }

    private String randomFilter(int depth) {
        int shape = depth == 0 ? 0 : random.nextInt(8);
        return switch (shape) {
            case 1 -> randomFilter(depth - 1) + pick(List.of(" and ", " AND ", " or ")) + randomFilter(depth - 1);
            case 2 -> "not (" + randomFilter(depth - 1) + ")";
            case 3 -> mixCase("emails") + "[" + comparison(pick(List.of("value", "type", "primary"))) + "]";
            case 4 -> mixCase("photos") + "[" + comparison(pick(List.of("photos.value", "photos.type", "photos.primary",
                    "photos.display"))).substring("photos.".length()) + "]";
            default -> comparison(pick(PATHS));
        };
    }

    private String comparison(String path) {
        String operator = pick(OPERATORS);
        String attribute = mixCase(path);
        if (operator.equals("pr")) {
            return attribute + " pr";
        }
        return attribute + " " + mixCase(operator) + " " + valueFor(path);
    }

    private String valueFor(String path) {
        if (path.endsWith("active") || path.endsWith("primary")) {
            return pick(List.of("true", "false", "\"True\""));
        }
        User user = pick(users);
        Function<User, String> of = switch (path.substring(path.lastIndexOf(':') + 1)) {
            case "userName" -> User::userName;
            case "externalId" -> u -> u.attributes().externalId();
            case "displayName" -> u -> u.attributes().displayName();
            case "title" -> u -> u.attributes().title();
            case "department" -> u -> u.attributes().department();
            case "id" -> User::id;
            case "name.givenName" -> u -> u.attributes().name() == null ? null : u.attributes().name().givenName();
            case "name.familyName" -> u -> u.attributes().name() == null ? null : u.attributes().name().familyName();
            case "emails", "emails.value", "value" -> u -> u.attributes().emails().isEmpty() ? null
                    : u.attributes().emails().getFirst().value();
            case "emails.type", "type" -> u -> u.attributes().emails().isEmpty() ? null
                    : u.attributes().emails().getFirst().type();
            case "photos", "photos.value" -> u -> u.attributes().photos().isEmpty() ? null
                    : u.attributes().photos().getFirst().value();
            case "photos.type" -> u -> u.attributes().photos().isEmpty() ? null
                    : u.attributes().photos().getFirst().type();
            case "photos.display" -> u -> u.attributes().photos().isEmpty() ? null
                    : u.attributes().photos().getLast().display();
            default -> u -> word(false);
        };
        String value = of.apply(user);
        if (value == null || random.nextInt(5) == 0) {
            value = word(false);
        }
        int cut = random.nextInt(3);
        if (cut == 1 && value.length() > 2) {
            value = value.substring(0, value.length() / 2); // a prefix, for sw and the orderings
        } else if (cut == 2 && value.length() > 2) {
            value = value.substring(value.length() / 2); // a suffix, for ew and co
        }
        return "\"" + mixCase(value).replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    private String word(boolean unicode) {
        StringBuilder word = new StringBuilder(pick(WORDS));
        if (unicode) {
            for (int n = random.nextInt(3); n > 0; n--) {
                word.append(pick(UNICODE));
            }
        }
        return word.toString();
    }

    private String maybe() {
        return random.nextInt(3) == 0 ? null : word(false) + (random.nextBoolean() ? " " + word(false) : "");
    }

    private String mixCase(String text) {
        return switch (random.nextInt(3)) {
            case 0 -> text;
            case 1 -> text.toUpperCase(java.util.Locale.ROOT);
            default -> text.chars().mapToObj(c -> String.valueOf((char) (random.nextBoolean()
                    ? Character.toUpperCase(c) : Character.toLowerCase(c)))).collect(Collectors.joining());
        };
    }

    private <T> T pick(List<T> from) {
        return from.get(random.nextInt(from.size()));
    }

    private static Set<String> minus(Set<String> a, Set<String> b) {
        Set<String> difference = new TreeSet<>(a);
        difference.removeAll(b);
        return difference;
    }
}
