package app.thestorage.provisioning.photos.graph;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import app.thestorage.provisioning.photos.PhotoFetcherProperties;
import app.thestorage.provisioning.photos.graph.GraphPhotos.PhotoDownload;
import app.thestorage.provisioning.photos.graph.GraphStub.Script;
import com.microsoft.graph.serviceclient.GraphServiceClient;
import com.microsoft.kiota.ApiException;
import io.github.resilience4j.bulkhead.BulkheadRegistry;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.github.resilience4j.retry.RetryRegistry;
import io.github.resilience4j.timelimiter.TimeLimiterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Photos through the real Microsoft Graph SDK and azure-identity, against a local Entra/Graph stub, under
 * the guards every Graph call runs with (the production defaults: 15 s, 5 MB, 4 concurrent calls per tenant).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class GraphPhotosTest {

    private static final byte[] JPEG = jpeg(48 * 1024);

    private GraphStub stub;
    private PhotoFetcherProperties properties;
    private GraphCallPolicy policy;
    private GraphClientFactory clients;

    @BeforeAll
    void start() throws Exception {
        stub = new GraphStub();
        properties = stub.properties();
        policy = new GraphCallPolicy(CircuitBreakerRegistry.ofDefaults(), BulkheadRegistry.ofDefaults(),
                TimeLimiterRegistry.ofDefaults(), RetryRegistry.ofDefaults(), properties);
        clients = new GraphClientFactory(properties, stub.identityHttpClient());
    }

    @AfterAll
    void stop() throws Exception {
        policy.close();
        stub.close();
    }

    @Test
    void a_photo_is_fetched_with_its_media_etag_and_a_second_cycle_downloads_nothing() throws Exception {
        String user = UUID.randomUUID().toString();
        stub.script(user, Script.photo(JPEG, "W/\"etag-1\""));

        PhotoDownload first = fetch("contoso", user, null);

        assertThat(first).isInstanceOfSatisfying(PhotoDownload.Downloaded.class, photo -> {
            assertThat(photo.content()).isEqualTo(JPEG);
            assertThat(photo.contentType()).isEqualTo("image/jpeg");
            assertThat(photo.mediaEtag()).isEqualTo("W/\"etag-1\"");
        });
        assertThat(stub.tokensIssued()).isPositive();

        PhotoDownload second = fetch("contoso", user, "W/\"etag-1\"");

        assertThat(second).isEqualTo(new PhotoDownload.Unchanged("W/\"etag-1\""));
        assertThat(stub.contentRequests(user)).isEqualTo(1);
        assertThat(stub.metadataRequests(user)).isEqualTo(2);
    }

    @Test
    void a_changed_photo_is_downloaded_again() throws Exception {
        String user = UUID.randomUUID().toString();
        stub.script(user, Script.photo(JPEG, "W/\"etag-2\""));

        assertThat(fetch("contoso", user, "W/\"etag-1\"")).isInstanceOf(PhotoDownload.Downloaded.class);
        assertThat(stub.contentRequests(user)).isEqualTo(1);
    }

    @Test
    void a_photo_over_5_mb_is_skipped() throws Exception {
        String user = UUID.randomUUID().toString();
        stub.script(user, Script.photo(jpeg(6 * 1024 * 1024), "W/\"big\""));

        assertThat(fetch("contoso", user, null)).isEqualTo(new PhotoDownload.TooLarge(5L * 1024 * 1024));
    }

    @Test
    void a_photo_not_received_within_15_seconds_is_abandoned_at_the_limit() {
        String user = UUID.randomUUID().toString();
        stub.script(user, Script.photo(JPEG, "W/\"slow\"").slowBody(20_000));
        long started = System.nanoTime();

        assertThatThrownBy(() -> fetch("slowpoke", user, null)).isInstanceOf(TimeoutException.class);

        // stopped at the limit, not after the photo's 20 s (and not retried)
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(19));
        assertThat(stub.contentRequests(user)).isEqualTo(1);
    }

    @Test
    void no_photo_in_entra_is_an_answer_not_a_failure() throws Exception {
        String user = UUID.randomUUID().toString();

        assertThat(fetch("contoso", user, null)).isEqualTo(new PhotoDownload.NoPhoto());
    }

    @Test
    void throttling_is_retried_after_the_retry_after_graph_asked_for() throws Exception {
        String user = UUID.randomUUID().toString();
        stub.script(user, Script.photo(JPEG, "W/\"t\"").throttledFirst(1, "1"));
        long started = System.nanoTime();

        PhotoDownload photo = fetch("throttled", user, null);

        assertThat(photo).isInstanceOf(PhotoDownload.Downloaded.class);
        assertThat(stub.metadataRequests(user)).isEqualTo(2);
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThanOrEqualTo(Duration.ofSeconds(1));
    }

    @Test
    void access_denied_is_reported_at_once_without_retries() {
        String user = UUID.randomUUID().toString();
        stub.script(user, Script.status(403));

        assertThatThrownBy(() -> fetch("unconsented", user, null))
                .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.getResponseStatusCode()).isEqualTo(403));
        assertThat(stub.metadataRequests(user)).isEqualTo(1);
    }

    @Test
    void a_tenant_never_has_more_than_4_downloads_in_flight_and_another_tenant_is_not_held_up() throws Exception {
        List<String> users = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            String user = "busy_" + UUID.randomUUID();
            stub.script(user, Script.photo(JPEG, "W/\"b" + i + "\"").slowBody(1_000));
            users.add(user);
        }
        String other = UUID.randomUUID().toString();
        stub.script(other, Script.photo(JPEG, "W/\"other\""));

        try (var threads = Executors.newVirtualThreadPerTaskExecutor()) {
            List<CompletableFuture<PhotoDownload>> busy = users.stream()
                    .map(user -> CompletableFuture.supplyAsync(() -> fetchUnchecked("busy", user), threads))
                    .toList();
            Thread.sleep(200);
            PhotoDownload otherTenant = fetch("calm", other, null);

            assertThat(otherTenant).isInstanceOf(PhotoDownload.Downloaded.class);
            assertThat(busy).anyMatch(download -> !download.isDone());
            CompletableFuture.allOf(busy.toArray(CompletableFuture[]::new)).join();
            assertThat(busy).allMatch(download -> download.join() instanceof PhotoDownload.Downloaded);
        }
        assertThat(stub.maxContentInFlight("busy")).isEqualTo(4);
    }

    private PhotoDownload fetch(String tenant, String objectId, String knownEtag) throws Exception {
        GraphServiceClient graph = clients.create(new DirectoryProviderCredentials(tenant + "-directory",
                "client-" + tenant, "secret-value"));
        long limit = properties.graph().photoSizeLimit().toBytes();
        return policy.call(tenant, cancellation -> GraphPhotos.download(graph, objectId, knownEtag, limit, cancellation));
    }

    private PhotoDownload fetchUnchecked(String tenant, String objectId) {
        try {
            return fetch(tenant, objectId, null);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] jpeg(int size) {
        byte[] image = new byte[size];
        new Random(size).nextBytes(image);
        image[0] = (byte) 0xFF;
        image[1] = (byte) 0xD8;
        return image;
    }
}
