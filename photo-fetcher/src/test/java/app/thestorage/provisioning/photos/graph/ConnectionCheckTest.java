package app.thestorage.provisioning.photos.graph;

import static org.assertj.core.api.Assertions.assertThat;

import app.thestorage.provisioning.photos.PhotoFetcherProperties;
import app.thestorage.provisioning.photos.graph.ConnectionCheck.Problem;
import app.thestorage.provisioning.photos.graph.ConnectionCheck.Verdict;
import app.thestorage.provisioning.photos.graph.GraphStub.Script;
import java.io.IOException;
import java.net.ServerSocket;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

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

    @Test
    void a_token_endpoint_nobody_listens_on_is_said_to_refuse_the_connection() throws Exception {
        Verdict verdict = check("offline", new GraphClientFactory(properties("https://localhost:" + deadPort() + "/",
                stub.graphBaseUrl()), stub.identityHttpClient()));

        assertThat(verdict.problem()).isEqualTo(Problem.UNREACHABLE);
        assertThat(verdict.explanation()).startsWith("The connection to Entra ID's token endpoint (localhost:")
                .contains("was refused", "firewall", "try again").doesNotContain("Exception");
    }

    @Test
    void a_token_endpoint_whose_name_does_not_resolve_is_said_to_fail_its_dns_lookup() throws Exception {
        Verdict verdict = check("offline", new GraphClientFactory(properties("https://no-such-host.invalid/",
                stub.graphBaseUrl()), stub.identityHttpClient()));

        assertThat(verdict.explanation()).startsWith("The DNS lookup of Entra ID's token endpoint "
                + "(no-such-host.invalid) failed").doesNotContain("Exception");
    }

    @Test
    void a_token_endpoint_whose_certificate_is_not_trusted_is_said_to_fail_tls() {
        Verdict verdict = check("offline", new GraphClientFactory(stub.properties(),
                new com.azure.core.http.netty.NettyAsyncHttpClientBuilder().build()));

        assertThat(verdict.explanation()).startsWith("The secure connection (TLS) to Entra ID's token endpoint failed")
                .contains("certificate is not trusted").doesNotContain("Exception");
    }

    @Test
    void a_graph_nobody_listens_on_is_said_to_refuse_the_connection() throws Exception {
        Verdict verdict = check("offline", new GraphClientFactory(properties(stub.authorityHost(),
                "http://localhost:" + deadPort() + "/v1.0"), stub.identityHttpClient()));

        assertThat(verdict.explanation()).startsWith("The connection to Microsoft Graph (localhost:")
                .contains("was refused").doesNotContain("Exception");
    }

    @Test
    void a_graph_error_status_is_said_with_what_to_do() {
        stub.listUsersAnswers(503);

        Verdict verdict = check("graph-unavailable");

        assertThat(verdict.problem()).isEqualTo(Problem.UNREACHABLE);
        assertThat(verdict.errorCode()).isEqualTo("HTTP 503");
        assertThat(verdict.explanation()).isEqualTo("Microsoft Graph answered HTTP 503. That is an error on "
                + "Microsoft's side: try again in a few minutes.");
    }

    private Verdict check(String directory) {
        return check(directory, clients);
    }

    private static Verdict check(String directory, GraphClientFactory clients) {
        return ConnectionCheck.check(clients.create(new DirectoryProviderCredentials(directory, "client-id",
                "secret-value")));
    }

    private static PhotoFetcherProperties properties(String authorityHost, String graphBaseUrl) {
        return new Binder(new MapConfigurationPropertySource(Map.of(
                "provisioning.photos.authority-host", authorityHost,
                "provisioning.photos.graph-base-url", graphBaseUrl,
                "provisioning.photos.graph-allowed-hosts", "localhost")))
                .bindOrCreate("provisioning.photos", PhotoFetcherProperties.class);
    }

    /** A port of this machine nothing listens on (it was free a moment ago). */
    private static int deadPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
