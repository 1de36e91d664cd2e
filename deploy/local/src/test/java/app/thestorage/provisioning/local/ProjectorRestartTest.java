package app.thestorage.provisioning.local;

import static org.assertj.core.api.Assertions.assertThat;

import app.thestorage.provisioning.contract.event.UserChangeEvent;
import app.thestorage.provisioning.contract.event.UserChangeType;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The projector goes down while identity providers keep writing: nothing is lost, nothing is doubled. */
class ProjectorRestartTest {

    private static final String TENANT = "demo";

    @TempDir
    Path work;

    private LocalPipeline pipeline;
    private final HttpClient http = HttpClient.newHttpClient();

    @AfterEach
    void stop() {
        if (pipeline != null) {
            pipeline.close();
        }
    }

    @Test
    void a_projector_restart_during_a_burst_of_creates_loses_nothing_and_duplicates_nothing() throws Exception {
        pipeline = LocalPipeline.start(PipelineSettings.embedded(work).withTenant(TENANT)
                .withOutcomeTimeout(Duration.ofSeconds(90)));
        PipelineProbe probe = new PipelineProbe(pipeline);

        for (int i = 0; i < 10; i++) {
            assertThat(create("before-" + i).join().statusCode()).isEqualTo(201);
        }
        List<CompletableFuture<HttpResponse<String>>> during = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            during.add(create("during-" + i));
        }
        pipeline.stopProjector();
        for (int i = 0; i < 10; i++) {
            during.add(create("while-down-" + i)); // accepted into Kafka, answered once the projector is back
        }
        pipeline.startProjector(); // with an empty state directory: the state comes back from Kafka
        for (CompletableFuture<HttpResponse<String>> response : during) {
            assertThat(response.get(120, TimeUnit.SECONDS).statusCode()).isEqualTo(201);
        }
        for (int i = 0; i < 10; i++) {
            assertThat(create("after-" + i).join().statusCode()).isEqualTo(201);
        }

        assertThat(probe.directoryCount(TENANT)).isEqualTo(50);
        List<ConsumerRecord<String, UserChangeEvent>> changes = probe.userChanges(seen -> seen.size() >= 50,
                Duration.ofSeconds(60));
        assertThat(changes).hasSize(50).allSatisfy(record -> {
            assertThat(record.value().type()).isEqualTo(UserChangeType.USER_CREATED);
            assertThat(record.value().version()).isEqualTo(1);
        });
        Map<String, Long> perUserName = changes.stream().collect(Collectors.groupingBy(
                record -> record.value().user().userName(), Collectors.counting()));
        assertThat(perUserName).hasSize(50).allSatisfy((userName, count) -> assertThat(count).isEqualTo(1));
        // the restored state still knows every userName
        assertThat(create("BEFORE-3", "another-person").join().statusCode()).isEqualTo(409);
        assertThat(create("during-7", "another-person").join().statusCode()).isEqualTo(409);
    }

    @Test
    void with_the_projector_down_a_create_gets_503_with_retry_after_and_its_retry_returns_the_one_user()
            throws Exception {
        pipeline = LocalPipeline.start(PipelineSettings.embedded(work).withTenant(TENANT)
                .withOutcomeTimeout(Duration.ofSeconds(2)));
        PipelineProbe probe = new PipelineProbe(pipeline);
        pipeline.stopProjector();

        HttpResponse<String> unavailable = create("late@acme.example").get(30, TimeUnit.SECONDS);

        assertThat(unavailable.statusCode()).isEqualTo(503);
        assertThat(unavailable.headers().firstValue("Retry-After")).hasValueSatisfying(
                seconds -> assertThat(Integer.parseInt(seconds)).isPositive());
        assertThat(unavailable.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/scim+json"));
        assertThat(unavailable.body()).contains("\"status\":\"503\"");

        pipeline.startProjector();
        // as an identity provider does: retry after the delay given, until the answer is final
        HttpResponse<String> retried = create("late@acme.example").get(60, TimeUnit.SECONDS);
        Instant giveUp = Instant.now().plusSeconds(120);
        while (retried.statusCode() == 503 && Instant.now().isBefore(giveUp)) {
            Thread.sleep(Duration.ofSeconds(Long.parseLong(retried.headers().firstValue("Retry-After").orElseThrow())));
            retried = create("late@acme.example").get(60, TimeUnit.SECONDS);
        }

        assertThat(retried.statusCode()).isEqualTo(201);
        assertThat(probe.directoryCount(TENANT)).isEqualTo(1);
    }

    @Test
    void a_stopped_projector_leaves_its_consumer_groups_at_once_so_a_replacement_takes_over_without_a_session_timeout()
            throws Exception {
        pipeline = LocalPipeline.start(PipelineSettings.embedded(work).withTenant(TENANT)
                .withOutcomeTimeout(Duration.ofSeconds(90)));
        assertThat(create("first@acme.example").get(60, TimeUnit.SECONDS).statusCode()).isEqualTo(201);
        try (Admin kafka = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, pipeline.bootstrapServers()))) {
            assertThat(members(kafka, "user-projector")).as("the projector's Streams group").isPositive();
            assertThat(members(kafka, "user-projector-directory")).as("the directory materializer's group").isPositive();

            pipeline.stopProjector();

            // a member that did not leave would stay until its session timed out (10 s): both left as they stopped
            assertThat(members(kafka, "user-projector")).isZero();
            assertThat(members(kafka, "user-projector-directory")).isZero();
        }
        pipeline.startProjector();
        assertThat(create("second@acme.example").get(60, TimeUnit.SECONDS).statusCode()).isEqualTo(201);
    }

    private static int members(Admin kafka, String group) throws Exception {
        return kafka.describeConsumerGroups(List.of(group)).all().get().get(group).members().size();
    }

    private CompletableFuture<HttpResponse<String>> create(String userName) {
        return create(userName, "ext-" + userName);
    }

    private CompletableFuture<HttpResponse<String>> create(String userName, String externalId) {
        String body = """
                {"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],"userName":"%s","externalId":"%s","active":true}
                """.formatted(userName, externalId);
        HttpRequest request = HttpRequest.newBuilder(URI.create(pipeline.scimBaseUrl() + "/Users"))
                .header("Authorization", "Bearer " + pipeline.tenantToken())
                .header("Content-Type", "application/scim+json")
                .timeout(Duration.ofSeconds(120))
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build();
        return http.sendAsync(request, HttpResponse.BodyHandlers.ofString());
    }
}
