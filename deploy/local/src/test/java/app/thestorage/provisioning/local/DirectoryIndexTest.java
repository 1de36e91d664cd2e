package app.thestorage.provisioning.local;

import static org.assertj.core.api.Assertions.assertThat;

import app.thestorage.provisioning.contract.user.User;
import app.thestorage.provisioning.ingest.directory.DirectoryQuery;
import app.thestorage.provisioning.ingest.directory.DirectoryStatements;
import app.thestorage.provisioning.scim.filter.FilterParser;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.configuration.FluentConfiguration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The lookups identity providers make before every write (userName, externalId, id) are index seeks on a
 * large tenant, not scans, alone or batched: the query plans PostgreSQL chooses for the exact statements
 * DirectoryReader runs.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DirectoryIndexTest {

    private static final int USERS_PER_TENANT = 50_000;
    private static final Pattern NAMED_PARAMETER = Pattern.compile("(?<!:):([a-zA-Z][a-zA-Z0-9]*)");

    private EmbeddedPostgres postgres;
    private DataSource database;

    @BeforeAll
    void fillTwoLargeTenants() throws Exception {
        postgres = EmbeddedPostgres.builder().start();
        database = postgres.getPostgresDatabase();
        // the rows are written as the directory was before userNames had a key column, then the migrations run on
        // them: the lookups below also show that the migration keyed 100,000 existing users
        flyway().target("2").load().migrate();
        try (Connection connection = database.getConnection(); Statement statement = connection.createStatement()) {
            statement.execute("""
                    INSERT INTO directory.users
                        (tenant, id, user_name, external_id, active, version, created, last_modified, source, resource)
                    SELECT t.tenant, 'id-' || n, 'User.' || n || '@' || t.tenant || '.example', 'ext-' || n, n %% 7 <> 0,
                           1, now() - n * interval '1 second', now(), 'ENTRA',
                           jsonb_build_object('id', 'id-' || n, 'attributes', jsonb_build_object(
                               'userName', 'User.' || n || '@' || t.tenant || '.example', 'title', 'Engineer',
                               'emails', jsonb_build_array(jsonb_build_object('type', 'work', 'value',
                                   'user.' || n || '@' || t.tenant || '.example'))))
                    FROM generate_series(1, %d) AS n, (VALUES ('acme'), ('globex')) AS t(tenant)
                    """.formatted(USERS_PER_TENANT));
            statement.execute("""
                    INSERT INTO directory.users
                        (tenant, id, user_name, external_id, active, version, created, last_modified, source, resource)
                    VALUES ('acme', 'id-greek', 'ΟΔΥΣΣΕΥΣ.1', null, true, 1, now(), now(), 'OKTA', '{}'),
                           ('acme', 'id-turkish', 'İpek.1@x.test', null, true, 1, now(), now(), 'OKTA', '{}')
                    """);
        }
        flyway().load().migrate();
        try (Connection connection = database.getConnection(); Statement statement = connection.createStatement()) {
            statement.execute("ANALYZE directory.users");
        }
    }

    private FluentConfiguration flyway() {
        return Flyway.configure().dataSource(database).schemas("directory").locations("classpath:db/migration/directory");
    }

    @ParameterizedTest
    @CsvSource({"id-4711, User.4711@acme.example", "id-greek, οδυσσευσ.1", "id-turkish, i̇pek.1@X.TEST"})
    void the_migration_keys_existing_users_as_the_projector_does(String id, String sameUserName) throws Exception {
        try (Connection connection = database.getConnection();
             PreparedStatement query = connection.prepareStatement(
                     "SELECT user_name_key FROM directory.users WHERE tenant = 'acme' AND id = ?")) {
            query.setString(1, id);
            try (ResultSet row = query.executeQuery()) {
                assertThat(row.next()).isTrue();
                assertThat(row.getString(1)).isEqualTo(User.userNameKey(sameUserName));
            }
        }
    }

    @AfterAll
    void stop() throws Exception {
        if (postgres != null) {
            postgres.close();
        }
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "userName eq \"user.4711@ACME.example\"  | users_by_user_name_key",
            "externalId eq \"ext-4711\"              | users_by_external_id",
            "id eq \"id-4711\"                       | users_pkey",
    })
    void an_identity_provider_lookup_is_an_index_seek(String filter, String index) throws Exception {
        DirectoryQuery query = DirectoryQuery.of(FilterParser.parse(filter));

        String pagePlan = plan(DirectoryStatements.userPage(query), query, 100, 0);
        String countPlan = plan(DirectoryStatements.userCount(query), query, null, null);

        assertThat(pagePlan).contains(index).doesNotContain("Seq Scan");
        assertThat(countPlan).contains(index).doesNotContain("Seq Scan");
        assertThat(rows(DirectoryStatements.userPage(query), query, 100, 0)).isEqualTo(1);
    }

    @ParameterizedTest(name = "page at offset {0}")
    @CsvSource({"0", "20000"})
    void an_unfiltered_page_walks_the_creation_order_index(int offset) throws Exception {
        String plan = plan(DirectoryStatements.userPage(null), null, 100, offset);
        // each user's groups are a subplan of their own (a seek on the memberships, their few rows sorted by name)
        String page = plan.contains("SubPlan") ? plan.substring(0, plan.indexOf("SubPlan")) : plan;

        assertThat(page).contains("users_in_creation_order").doesNotContain("Sort");
        assertThat(plan).doesNotContain("Seq Scan");
    }

    @ParameterizedTest(name = "plan cache mode {0}")
    @CsvSource({"force_custom_plan", "force_generic_plan"})
    void a_batch_of_lookups_is_one_index_seek_per_key(String planCacheMode) throws Exception {
        String[] tenants = {"acme", "globex", "acme", "acme"};
        String[] ids = {"id-4711", "id-4711", "id-none", "id-12"};
        String[] userNames = {"USER.4711@acme.example", "user.4711@globex.example", "nobody@acme.example",
                "User.12@ACME.example"};

        List<String> byId = batch(planCacheMode, DirectoryStatements.USERS_BY_ID, tenants, ids);
        List<String> byUserName = batch(planCacheMode, DirectoryStatements.USERS_BY_USER_NAME, tenants,
                Arrays.stream(userNames).map(User::userNameKey).toArray(String[]::new));

        assertThat(byId.getFirst()).contains("users_pkey").doesNotContain("Seq Scan");
        assertThat(byUserName.getFirst()).contains("users_by_user_name_key").doesNotContain("Seq Scan");
        List<String> found = List.of("1 acme id-4711", "2 globex id-4711", "4 acme id-12");
        assertThat(byId.subList(1, byId.size())).containsExactlyInAnyOrderElementsOf(found);
        assertThat(byUserName.subList(1, byUserName.size())).isEqualTo(found);
    }

    /** The plan of a batched lookup, then what it finds: "place tenant id" of each user, in the order it returns them. */
    private List<String> batch(String planCacheMode, String sql, String[] tenants, String[] keys) throws SQLException {
        List<String> lines = new ArrayList<>();
        try (Connection connection = database.getConnection()) {
            try (Statement setting = connection.createStatement()) {
                setting.execute("SET plan_cache_mode = " + planCacheMode);
            }
            String found = "SELECT place, resource::jsonb->>'id' AS id FROM (" + sql + ") AS batch";
            for (String statementSql : List.of("EXPLAIN " + sql, found)) {
                try (PreparedStatement statement = connection.prepareStatement(statementSql.replaceAll("\\$\\d", "?"))) {
                    statement.setArray(1, connection.createArrayOf("text", tenants));
                    statement.setArray(2, connection.createArrayOf("text", keys));
                    StringBuilder plan = new StringBuilder();
                    try (ResultSet result = statement.executeQuery()) {
                        while (result.next()) {
                            if (statementSql.startsWith("EXPLAIN")) {
                                plan.append(result.getString(1)).append('\n');
                            } else {
                                long place = result.getLong("place");
                                lines.add(place + " " + tenants[(int) place - 1] + " " + result.getString("id"));
                            }
                        }
                    }
                    if (plan.length() > 0) {
                        lines.add(plan.toString());
                    }
                }
            }
        }
        return lines;
    }

    private String plan(String sql, DirectoryQuery query, Integer limit, Integer offset) throws SQLException {
        StringBuilder plan = new StringBuilder();
        try (Connection connection = database.getConnection();
             PreparedStatement statement = prepare(connection, "EXPLAIN " + sql, query, limit, offset);
             ResultSet lines = statement.executeQuery()) {
            while (lines.next()) {
                plan.append(lines.getString(1)).append('\n');
            }
        }
        return plan.toString();
    }

    private int rows(String sql, DirectoryQuery query, Integer limit, Integer offset) throws SQLException {
        int rows = 0;
        try (Connection connection = database.getConnection();
             PreparedStatement statement = prepare(connection, sql, query, limit, offset);
             ResultSet result = statement.executeQuery()) {
            while (result.next()) {
                rows++;
            }
        }
        return rows;
    }

    /** Binds DirectoryReader's named parameters positionally, as the R2DBC driver does. */
    static PreparedStatement prepare(Connection connection, String sql, DirectoryQuery query, Integer limit,
                                     Integer offset) throws SQLException {
        Map<String, Object> values = new LinkedHashMap<>();
        values.put("tenant", "acme");
        values.put("limit", limit);
        values.put("offset", offset);
        if (query != null) {
            values.putAll(query.parameters());
        }
        List<Object> positional = new ArrayList<>();
        Matcher names = NAMED_PARAMETER.matcher(sql);
        StringBuilder jdbc = new StringBuilder();
        while (names.find()) {
            positional.add(values.get(names.group(1)));
            names.appendReplacement(jdbc, "?");
        }
        names.appendTail(jdbc);
        PreparedStatement statement = connection.prepareStatement(jdbc.toString());
        for (int i = 0; i < positional.size(); i++) {
            statement.setObject(i + 1, positional.get(i));
        }
        return statement;
    }
}
