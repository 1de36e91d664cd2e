package app.thestorage.provisioning.photos.graph;

import static org.assertj.core.api.Assertions.assertThat;

import app.thestorage.provisioning.photos.PhotoFetcherProperties;
import app.thestorage.provisioning.photos.graph.ConnectionCheck.Problem;
import app.thestorage.provisioning.photos.graph.ConnectionCheck.Verdict;
import app.thestorage.provisioning.photos.graph.GraphStub.Script;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Test Connection through the real azure-identity and Graph SDK: each mistake the Entra guide warns about
 * is recognised from the error Entra or Graph really returns, and explained.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ConnectionCheckTest {

    private GraphStub stub;
    private GraphClientFactory clients;

    @BeforeAll
    void start() throws Exception {
        stub = new GraphStub();
        PhotoFetcherProperties properties = stub.properties();
        clients = new GraphClientFactory(properties, stub.identityHttpClient());
    }

    @AfterEach
    void grantEverything() {
        stub.listUsersAnswers(200);
        stub.script("first-user", Script.status(404));
    }

    @AfterAll
    void stop() throws Exception {
        stub.close();
    }

    @Test
    void a_consented_app_registration_connects() {
        stub.script("first-user", Script.status(404));

        Verdict verdict = check("good-directory");

        assertThat(verdict.connected()).isTrue();
        assertThat(verdict.explanation()).contains("Connected");
    }

    @ParameterizedTest(name = "{1} -> {3}")
    @CsvSource(delimiter = '|', value = {
            "400 | AADSTS90002   | invalid_request      | UNKNOWN_DIRECTORY_TENANT | Directory (tenant) ID",
            "400 | AADSTS700016  | unauthorized_client  | UNKNOWN_CLIENT           | Application (client) ID",
            "401 | AADSTS7000215 | invalid_client       | WRONG_SECRET             | secret's ID was pasted instead of its Value",
            "401 | AADSTS7000222 | invalid_client       | EXPIRED_SECRET           | expired",
            "400 | AADSTS65001   | invalid_grant        | MISSING_CONSENT          | Grant admin consent",
    })
    void an_entra_refusal_is_explained(int status, String aadsts, String error, Problem problem, String advice) {
        String directory = "directory-" + aadsts;
        stub.refuseTokens(directory, status, error, aadsts, "Refused by the stub.");

        Verdict verdict = check(directory);

        assertThat(verdict.problem()).isEqualTo(problem);
        assertThat(verdict.errorCode()).isEqualTo(aadsts);
        assertThat(verdict.explanation()).contains(advice).doesNotContain("secret-value");
    }

    @Test
    void listing_users_refused_means_the_directory_permissions_are_missing() {
        stub.listUsersAnswers(403);

        assertThat(check("no-permissions").problem()).isEqualTo(Problem.MISSING_DIRECTORY_PERMISSION);
    }

    @Test
    void photos_refused_means_user_read_all_is_missing() {
        stub.script("first-user", Script.status(403));

        Verdict verdict = check("no-user-read-all");

        assertThat(verdict.problem()).isEqualTo(Problem.MISSING_USER_READ_ALL);
        assertThat(verdict.explanation()).contains("User.Read.All");
    }

    private Verdict check(String directory) {
        return ConnectionCheck.check(clients.create(new DirectoryProviderCredentials(directory, "client-id",
                "secret-value")));
    }
}
