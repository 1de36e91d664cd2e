package app.thestorage.provisioning.projector.directory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import app.thestorage.provisioning.contract.command.ChangeGroup;
import app.thestorage.provisioning.contract.command.CreateGroup;
import app.thestorage.provisioning.contract.command.CreateUser;
import app.thestorage.provisioning.contract.command.Decision;
import app.thestorage.provisioning.contract.command.DeleteGroup;
import app.thestorage.provisioning.contract.command.DeleteUser;
import app.thestorage.provisioning.contract.command.GroupEdit;
import app.thestorage.provisioning.contract.command.Outcome;
import app.thestorage.provisioning.contract.serde.DecisionNotice;
import app.thestorage.provisioning.contract.command.ProvisioningCommand;
import app.thestorage.provisioning.contract.group.Group;
import app.thestorage.provisioning.contract.group.GroupChangeEvent;
import app.thestorage.provisioning.contract.group.GroupChangeType;
import app.thestorage.provisioning.contract.serde.ContractJson;
import app.thestorage.provisioning.contract.user.IdentityProvider;
import app.thestorage.provisioning.contract.user.User;
import app.thestorage.provisioning.contract.user.UserAttributes;
import app.thestorage.provisioning.projector.topology.ProjectorUnderTest;
import app.thestorage.provisioning.projector.topology.ProvisioningTopology;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import javax.sql.DataSource;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.state.KeyValueStore;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The group side of the directory against a real PostgreSQL (embedded, migrated by the projector's own Flyway
 * migrations): the projector's decisions, as the materializer hands them over, end as the groups and memberships the
 * projector holds; a batch written again (a replay after a crash) changes nothing; a member change of any size is one
 * statement; a refusal of the data is told apart as such; and the outcome reaches the waiting request.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DirectoryWriterGroupsTest {

    private static final Instant NOW = Instant.parse("2026-12-02T10:00:00Z");

    @TempDir
    Path state;

    private EmbeddedPostgres postgres;
    private DataSource database;
    private JdbcTemplate sql;
    private TransactionTemplate transaction;
    private CountingJdbcTemplate counted;
    private DirectoryWriter directory;

    private ProjectorUnderTest projector;
    private TestOutputTopic<String, Decision> decisions;
    private int requests;

    @BeforeAll
    void migrate() throws Exception {
        postgres = EmbeddedPostgres.builder().start();
        database = postgres.getPostgresDatabase();
        Flyway.configure().dataSource(database).schemas("directory").locations("classpath:db/migration/directory")
                .load().migrate();
        sql = new JdbcTemplate(database);
        transaction = new TransactionTemplate(new DataSourceTransactionManager(database));
        counted = new CountingJdbcTemplate(database);
        directory = new DirectoryWriter(counted, transaction);
    }

    @AfterAll
    void stop() throws Exception {
        if (postgres != null) {
            postgres.close();
        }
    }

    @BeforeEach
    void emptyDirectoryAndProjector() {
        sql.execute("TRUNCATE directory.users, directory.groups, directory.group_members, directory.outcomes");
        counted.reset();
        projector = ProjectorUnderTest.start("directory-writer-test", state);
        decisions = projector.decisions();
    }

    @AfterEach
    void stopProjector() {
        projector.close();
    }

    @Test
    void the_projectors_group_decisions_become_the_groups_and_memberships_of_the_directory() {
        List<String> users = createUsers("u1", "u2", "u3", "u4");
        List<Outcome> batch = new ArrayList<>(users.size() + 8);
        batch.addAll(outcomes(users.size()));
        decide(createGroup("g1", "Engineering", "ext-1", "u1", "u2"));
        decide(createGroup("g2", "Sales", null, "u1"));
        decide(change("g1", new GroupEdit.AddMembers(List.of("u3")), new GroupEdit.RemoveMembers(List.of("u1"))));
        decide(change("g2", new GroupEdit.Rename("Sales EMEA"), new GroupEdit.ReplaceMembers(List.of("u4", "u2"))));
        decide(createGroup("g3", "Doomed", null, "u3"));
        decide(new DeleteGroup(request(), "acme", IdentityProvider.OKTA, NOW, "g3", null));
        decide(new DeleteUser(request(), "acme", IdentityProvider.OKTA, NOW, "u2", null));
        batch.addAll(outcomes(7));

        directory.write(batch);

        assertThat(groups()).containsExactly(
                "g1 Engineering engineering ext-1 MICROSOFT_ENTRA_ID v5",
                "g2 Sales EMEA sales emea null MICROSOFT_ENTRA_ID v6");
        assertThat(members()).containsExactly("g1 u3", "g2 u4");
        assertThat(sql.queryForObject("SELECT count(*) FROM directory.users", Long.class)).isEqualTo(3);
    }

    @Test
    void a_batch_written_again_after_a_crash_changes_nothing_whatever_it_passed_through() {
        createUsers("u1", "u2");
        List<Outcome> setUp = outcomes(2);
        // a group created and deleted, its name taken by another, names swapped, members in and out
        decide(createGroup("g1", "Finance", null, "u1"));
        decide(new DeleteGroup(request(), "acme", IdentityProvider.OKTA, NOW, "g1", null));
        decide(createGroup("g2", "FINANCE", null, "u1", "u2"));
        decide(createGroup("g3", "Legal", null));
        decide(change("g2", new GroupEdit.Rename("Swap")));
        decide(change("g3", new GroupEdit.Rename("Finance"), new GroupEdit.AddMembers(List.of("u2"))));
        decide(change("g2", new GroupEdit.Rename("Legal"), new GroupEdit.RemoveMembers(List.of("u1"))));
        decide(change("g2", new GroupEdit.AddMembers(List.of("u1"))));
        List<Outcome> replayed = outcomes(8);
        directory.write(setUp);
        directory.write(replayed);
        List<String> groups = groups();
        List<String> members = members();

        directory.write(replayed);
        transaction.executeWithoutResult(status -> {
            directory.write(setUp);
            directory.write(replayed);
        });

        assertThat(groups()).isEqualTo(groups).containsExactly(
                "g2 Legal legal null MICROSOFT_ENTRA_ID v6",
                "g3 Finance finance null MICROSOFT_ENTRA_ID v3");
        assertThat(members()).isEqualTo(members).containsExactly("g2 u1", "g2 u2", "g3 u2");
    }

    @Test
    void a_later_version_is_never_undone_by_an_earlier_change_written_after_it() {
        createUsers("u1", "u2");
        List<Outcome> users = outcomes(2);
        decide(createGroup("g1", "Finance", null, "u1"));
        Outcome created = outcomes(1).getFirst();
        decide(change("g1", new GroupEdit.RemoveMembers(List.of("u1")), new GroupEdit.AddMembers(List.of("u2"))));
        Outcome changed = outcomes(1).getFirst();
        directory.write(users);
        directory.write(List.of(created, changed));

        directory.write(List.of(created));

        assertThat(members()).containsExactly("g1 u2");
        assertThat(groups()).containsExactly("g1 Finance finance null MICROSOFT_ENTRA_ID v4");
    }

    @Test
    void a_thousand_members_are_one_statement_and_a_batch_of_member_changes_one_round_trip() {
        List<String> many = knownUsers(1_000);
        decide(createGroup("g1", "Everyone", null));
        decide(change("g1", new GroupEdit.AddMembers(many)));
        for (int i = 0; i < 50; i++) {
            decide(change("g1", new GroupEdit.RemoveMembers(List.of(many.get(i)))));
        }
        List<Outcome> groupChanges = outcomes(52);
        counted.reset();

        directory.write(groupChanges);

        assertThat(counted.batches).as("one JDBC batch: creation, 1,000 members, 50 removals").isEqualTo(1);
        assertThat(counted.statements).as("one statement per event").isEqualTo(52);
        assertThat(sql.queryForObject("SELECT count(*) FROM directory.group_members", Long.class)).isEqualTo(950);
        assertThat(groups()).containsExactly("g1 Everyone everyone null MICROSOFT_ENTRA_ID v52");
    }

    @Test
    void two_groups_left_with_one_name_are_a_refusal_of_the_data_not_an_outage() {
        Group a = new Group("acme", "ga", "Twins", null, IdentityProvider.OKTA, NOW, NOW, 1);
        Group b = new Group("acme", "gb", "TWINS", null, IdentityProvider.OKTA, NOW, NOW, 1);
        List<Outcome> conflicting = List.of(created(a), created(b));

        // the name is checked as the transaction commits: the failure comes from the commit
        assertThatThrownBy(() -> transaction.executeWithoutResult(status -> directory.write(conflicting)))
                .satisfies(failure -> assertThat(DirectoryWriter.refusal(failure)).startsWith("SQLSTATE 23505"));
        assertThat(groups()).isEmpty();

        Group nul = new Group("acme", "gn", "Nul\u0000", null, IdentityProvider.OKTA, NOW, NOW, 1);
        assertThatThrownBy(() -> directory.write(List.of(created(nul))))
                .satisfies(failure -> assertThat(DirectoryWriter.refusal(failure)).startsWith("SQLSTATE 22"));
    }

    @Test
    void the_outcome_of_a_group_change_reaches_the_waiting_request_in_a_notice_or_stored_when_too_large()
            throws Exception {
        List<String> many = knownUsers(1_000);
        decide(createGroup("g1", "Small", null, "user-1"));
        decide(createGroup("g2", "Large", null, many.toArray(String[]::new)));
        List<Decision> decided = decisions.readValuesToList();
        DecisionNotifier notifier = new DecisionNotifier(sql);

        try (Connection listener = database.getConnection()) {
            listener.createStatement().execute("LISTEN " + DecisionNotice.CHANNEL);
            transaction.executeWithoutResult(status -> {
                directory.write(decided.stream().map(Decision::outcome).toList());
                notifier.notifyOf(decided);
            });
            List<DecisionNotice> notices = new ArrayList<>();
            for (int tries = 0; tries < 50 && notices.size() < 2; tries++) {
                PGNotification[] arrived = listener.unwrap(PGConnection.class).getNotifications(100);
                for (PGNotification notification : arrived == null ? new PGNotification[0] : arrived) {
                    notices.add(DecisionNotice.parse(notification.getParameter()));
                }
            }

            assertThat(notices).hasSize(2);
            assertThat(notices.get(0).stored()).isFalse();
            assertThat(notices.get(0).decision()).isEqualTo(decided.get(0));
            assertThat(notices.get(1).stored()).as("1,000 members do not fit a notification").isTrue();
            String stored = sql.queryForObject("SELECT decision::text FROM directory.outcomes WHERE request_id = ?",
                    String.class, decided.get(1).requestId());
            assertThat(ContractJson.mapper().readValue(stored, Decision.class)).isEqualTo(decided.get(1));
        }
    }

    // ---------------------------------------------------------------------------------------------------------------

    private List<String> groups() {
        return sql.query("SELECT * FROM directory.groups ORDER BY tenant, id", (row, n) -> row.getString("id") + " "
                + row.getString("display_name") + " " + row.getString("display_name_key") + " "
                + row.getString("external_id") + " " + row.getString("source") + " v" + row.getLong("version"));
    }

    private List<String> members() {
        return sql.query("SELECT group_id, user_id FROM directory.group_members ORDER BY group_id, user_id",
                (row, n) -> row.getString(1) + " " + row.getString(2));
    }

    private static Outcome created(Group group) {
        return new Outcome.GroupApplied(group,
                List.of(GroupChangeEvent.of(GroupChangeType.GROUP_CREATED, group, List.of(), NOW)));
    }

    /** Users the projector knows from commands decided earlier (put straight in its ledger: quicker than deciding). */
    private List<String> knownUsers(int count) {
        KeyValueStore<String, User> users = projector.driver().getKeyValueStore(ProvisioningTopology.USERS_STORE);
        List<String> ids = IntStream.range(0, count).mapToObj(i -> "user-" + i).toList();
        for (String id : ids) {
            users.put("acme/" + id, new User("acme", id, new UserAttributes(id + "@acme.example", null, null, null,
                    null, List.of(), true, null), IdentityProvider.OKTA, NOW, NOW, 1));
        }
        return ids;
    }

    private List<String> createUsers(String... ids) {
        for (String id : ids) {
            decide(new CreateUser(request(), "acme", IdentityProvider.OKTA, NOW, id,
                    new UserAttributes(id + "@acme.example", null, null, null, null, List.of(), true, null)));
        }
        return List.of(ids);
    }

    /** The outcomes of the last {@code count} decisions, as the materializer would hand them to the writer. */
    private List<Outcome> outcomes(int count) {
        List<Outcome> outcomes = decisions.readValuesToList().stream().map(Decision::outcome).toList();
        assertThat(outcomes).hasSize(count).allSatisfy(outcome -> assertThat(outcome).isNotInstanceOf(Outcome.Rejected.class));
        return outcomes;
    }

    private void decide(ProvisioningCommand command) {
        projector.send(command);
    }

    private String request() {
        return "r" + ++requests;
    }

    private CreateGroup createGroup(String id, String displayName, String externalId, String... members) {
        return new CreateGroup(request(), "acme", IdentityProvider.MICROSOFT_ENTRA_ID, NOW, id, displayName, externalId,
                List.of(members));
    }

    private ChangeGroup change(String id, GroupEdit... edits) {
        return new ChangeGroup(request(), "acme", IdentityProvider.MICROSOFT_ENTRA_ID, NOW, id, List.of(edits), null);
    }

    /** Counts the JDBC batches the writer sends and the statements in them. */
    private static final class CountingJdbcTemplate extends JdbcTemplate {

        int batches;
        int statements;

        CountingJdbcTemplate(DataSource database) {
            super(database);
        }

        @Override
        public int[] batchUpdate(String sql, List<Object[]> batchArgs) {
            batches++;
            statements += batchArgs.size();
            return super.batchUpdate(sql, batchArgs);
        }

        void reset() {
            batches = 0;
            statements = 0;
        }
    }
}
