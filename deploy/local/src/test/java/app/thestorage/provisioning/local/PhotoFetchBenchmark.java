package app.thestorage.provisioning.local;

import app.thestorage.provisioning.local.ScimSession.Response;
import app.thestorage.provisioning.photos.graph.GraphStub;
import app.thestorage.provisioning.photos.graph.GraphStub.Script;
import com.azure.core.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * A benchmark, not a test (its name keeps it out of {@code ./mvnw verify}): photos per second through the
 * whole photo path — directory sync, Graph SDK and azure-identity against a stub answering with realistic
 * latency, the store in PostgreSQL, the commands and events on Kafka, the directory — for many users of
 * several tenants at once, and the most photo downloads each tenant had in flight (the bulkhead's bound).
 * Run it with {@code ./mvnw -B -pl deploy/local -am test -Dtest=PhotoFetchBenchmark -Dsurefire.failIfNoSpecifiedTests=false}.
 * Sizes: {@code -Dbenchmark.tenants=5 -Dbenchmark.users=200 -Dbenchmark.latency-ms=60}.
 */
class PhotoFetchBenchmark {

    private static final int TENANTS = Integer.getInteger("benchmark.tenants", 5);
    private static final int USERS = Integer.getInteger("benchmark.users", 200);
    private static final long LATENCY_MS = Long.getLong("benchmark.latency-ms", 60);
    private static final int PHOTO_BYTES = 48 * 1024;

    @Test
    void photos_per_second() throws Exception {
        Path work = Files.createTempDirectory("photo-benchmark");
        try (GraphStub graph = new GraphStub()) {
            graph.latency(Duration.ofMillis(LATENCY_MS));
            HttpClient trustingTheStub = graph.identityHttpClient();
            Map<String, String> photoFetcher = new HashMap<>(graph.configuration());
            photoFetcher.put("provisioning.photos.sync.check-every", "100ms");
            try (LocalPipeline pipeline = LocalPipeline.start(PipelineSettings.embedded(work)
                    .withIngestProperty("provisioning.ingest.rate-limit.requests-per-second", "10000")
                    .withIngestProperty("provisioning.ingest.rate-limit.burst", "10000")
                    .withPhotoFetcher(photoFetcher, context -> context.registerBean(HttpClient.class, () -> trustingTheStub)))) {
                run(pipeline, graph);
            }
        }
    }

    private void run(LocalPipeline pipeline, GraphStub graph) throws Exception {
        ScimSession admin = new ScimSession(pipeline.ingestBaseUrl() + "/admin/tenants", pipeline.adminToken(),
                "benchmark", "application/json");
        PipelineProbe probe = new PipelineProbe(pipeline);
        Random random = new Random(7);
        List<String> tenants = new ArrayList<>();
        for (int t = 0; t < TENANTS; t++) {
            String tenant = "bench-" + t;
            admin.post("", "{\"slug\":\"" + tenant + "\"}");
            ScimSession scim = new ScimSession(pipeline.ingestBaseUrl() + "/api/" + tenant + "/scim/v2",
                    admin.post("/" + tenant + "/scim/enable", "").body().path("token").asString(),
                    "Microsoft.AAD.Provisioning");
            for (int u = 0; u < USERS; u++) {
                String objectId = tenant + "_" + UUID.randomUUID();
                byte[] photo = new byte[PHOTO_BYTES];
                random.nextBytes(photo);
                photo[0] = (byte) 0xFF;
                photo[1] = (byte) 0xD8;
                photo[2] = (byte) 0xFF;
                graph.directoryUser(tenant, objectId, "User " + u, "Staff");
                graph.script(objectId, Script.photo(photo, "W/\"" + objectId + "\"").slowBody(LATENCY_MS));
                Response created = scim.post("/Users", """
                        {"userName":"user%d@%s.example","externalId":"%s","active":true}""".formatted(u, tenant, objectId));
                if (created.status() != 201) {
                    throw new IllegalStateException("create answered " + created.status());
                }
            }
            tenants.add(tenant);
        }
        System.out.printf("%n%d tenants x %d Entra users provisioned; Graph stub latency %d ms per request, "
                + "photo %d KB%n", TENANTS, USERS, LATENCY_MS, PHOTO_BYTES / 1024);

        long start = System.nanoTime();
        for (String tenant : tenants) {
            admin.put("/" + tenant + "/directory-provider", """
                    {"clientId":"11111111-2222-3333-4444-555555555555","directoryTenantId":"%s","clientSecret":"bench~secret"}
                    """.formatted(tenant));
        }
        long total = (long) TENANTS * USERS;
        long shown = 0;
        while (shown < total && System.nanoTime() - start < Duration.ofMinutes(10).toNanos()) {
            Thread.sleep(200);
            shown = probe.rowsAsText("directory.users").stream().filter(row -> row.contains("MICROSOFT_GRAPH\"")).count();
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        System.out.printf("first cycle: %d of %d photos in the directory in %.1f s = %.0f photos/s%n",
                shown, total, seconds, shown / seconds);
        for (String tenant : tenants) {
            System.out.printf("  %s: at most %d photo downloads in flight (bulkhead: %d per tenant)%n", tenant,
                    graph.maxContentInFlight(tenant), 4);
        }

        // the next cycle: every photo is checked by its media ETag, none is downloaded again
        long secondStart = System.nanoTime();
        int downloadsBefore = graph.contentRequestsTotal();
        int checksBefore = graph.metadataRequestsTotal();
        for (String tenant : tenants) {
            admin.post("/" + tenant + "/directory-provider/sync", "");
        }
        while (graph.metadataRequestsTotal() < checksBefore + total
                && System.nanoTime() - secondStart < Duration.ofMinutes(5).toNanos()) {
            Thread.sleep(50);
        }
        double secondSeconds = (System.nanoTime() - secondStart) / 1e9;
        System.out.printf("second cycle: %d photos checked in %.1f s = %.0f checks/s, %d downloaded again%n%n",
                graph.metadataRequestsTotal() - checksBefore, secondSeconds,
                (graph.metadataRequestsTotal() - checksBefore) / secondSeconds, graph.contentRequestsTotal() - downloadsBefore);
    }
}
