package app.thestorage.provisioning.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import app.thestorage.provisioning.contract.event.UserChangeEvent;
import com.google.protobuf.ByteString;
import com.sun.net.httpserver.HttpServer;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.http.HttpHeaders;
import org.springframework.test.web.reactive.server.WebTestClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * Following one SCIM request as an operator would: its trace (the client's W3C {@code traceparent}) is exported over
 * OTLP by every service it crosses, continues onto the change event, is named in the tenant's provisioning log, and
 * every JSON log line written for it carries the trace id and the tenant.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@ExtendWith(OutputCaptureExtension.class)
class TracesAndLogsTest {

    @TempDir
    static Path work;

    /** An OpenTelemetry collector: what the services export over OTLP/HTTP (protobuf). */
    private final List<ResourceSpans> exported = new CopyOnWriteArrayList<>();
    private HttpServer collector;
    private LocalPipeline pipeline;
    private PipelineProbe probe;

    @BeforeAll
    void start() throws Exception {
        collector = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        collector.createContext("/v1/traces", exchange -> {
            try (exchange) {
                exported.addAll(ExportTraceServiceRequest.parseFrom(exchange.getRequestBody()).getResourceSpansList());
                exchange.getResponseHeaders().add("Content-Type", "application/x-protobuf");
                exchange.sendResponseHeaders(200, -1);
            }
        });
        collector.start();
        pipeline = LocalPipeline.start(PipelineSettings.embedded(work)
                .withServiceProperty("management.opentelemetry.tracing.export.otlp.endpoint",
                        "http://127.0.0.1:" + collector.getAddress().getPort() + "/v1/traces")
                .withServiceProperty("management.opentelemetry.tracing.export.schedule-delay", "200ms")
                .withServiceProperty("logging.structured.format.console", "ecs")
                .withServiceProperty("logging.level.app.thestorage.provisioning", "DEBUG"));
        probe = new PipelineProbe(pipeline);
    }

    @AfterAll
    void stop() {
        if (pipeline != null) {
            pipeline.close();
        }
        if (collector != null) {
            collector.stop(0);
        }
    }

    @Test
    void one_trace_follows_a_scim_create_through_every_hop_and_into_the_log_lines(CapturedOutput output) {
        String traceId = UUID.randomUUID().toString().replace("-", "");
        String clientSpan = traceId.substring(0, 16);
        String userName = "traced." + UUID.randomUUID() + "@acme.example";

        String id = WebTestClient.bindToServer().baseUrl(pipeline.scimBaseUrl())
                .responseTimeout(Duration.ofSeconds(30)).build()
                .post().uri("/Users")
                .header(HttpHeaders.AUTHORIZATION, "Bearer " + pipeline.tenantToken())
                .header("traceparent", "00-" + traceId + "-" + clientSpan + "-01")
                .header(HttpHeaders.CONTENT_TYPE, "application/scim+json")
                .bodyValue("{\"userName\":\"" + userName + "\"}")
                .exchange().expectStatus().isCreated()
                .expectBody(JsonNode.class).returnResult().getResponseBody().path("id").asString();

        // the change event continues the trace, from the projector's span rather than the client's
        ConsumerRecord<String, UserChangeEvent> change = probe.userChanges(
                seen -> seen.stream().anyMatch(r -> r.value().userId().equals(id)), Duration.ofSeconds(30)).stream()
                .filter(r -> r.value().userId().equals(id)).findFirst().orElseThrow();
        String[] traceparent = new String(change.headers().lastHeader("traceparent").value(), StandardCharsets.UTF_8)
                .split("-");
        assertThat(traceparent[1]).as("the same trace").isEqualTo(traceId);
        assertThat(traceparent[2]).as("continued from the projector's span, not the client's").isNotEqualTo(clientSpan);

        // the tenant's provisioning log says which trace the request was
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(probe.asOperator(
                "SELECT trace_id FROM tenancy.provisioning_log WHERE operation = 'CREATE_USER' AND user_name = '"
                        + userName + "'")).isEqualTo(traceId));

        // the collector got the request's span from ingest-api, the decision's and the directory write's from
        // user-projector, all in the client's trace
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(spansOf(traceId))
                .contains("ingest-api SERVER", "user-projector decide CreateUser", "user-projector write directory"));

        // and the log lines written for the request, in each hop, name its trace and its tenant
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(loggersOf(output.getOut(), traceId))
                .contains("CommandGateway", "CommandProcessor", "DirectoryMaterializer")
                .doesNotContain("CommandGateway without tenant", "CommandProcessor without tenant",
                        "DirectoryMaterializer without tenant"));
    }

    /** "service SERVER" for each server span of the trace, "service name" for each other span. */
    private List<String> spansOf(String traceId) {
        ByteString trace = ByteString.copyFrom(HexFormat.of().parseHex(traceId));
        List<String> spans = new ArrayList<>();
        for (ResourceSpans resource : exported) {
            String service = resource.getResource().getAttributesList().stream()
                    .filter(attribute -> attribute.getKey().equals("service.name"))
                    .map(attribute -> attribute.getValue().getStringValue()).findFirst().orElse("?");
            for (ScopeSpans scope : resource.getScopeSpansList()) {
                for (Span span : scope.getSpansList()) {
                    if (span.getTraceId().equals(trace)) {
                        spans.add(service + " " + (span.getKind() == Span.SpanKind.SPAN_KIND_SERVER ? "SERVER"
                                : span.getName()));
                    }
                }
            }
        }
        return spans;
    }

    /**
     * The logger (simple class name) of each JSON log line of the trace, followed by " without tenant" when the line
     * does not name the pipeline's tenant. (The three services share one JVM and one logging set-up here.)
     */
    private List<String> loggersOf(String out, String traceId) {
        ObjectMapper json = new ObjectMapper();
        List<String> loggers = new ArrayList<>();
        for (String line : out.split("\n")) {
            if (!line.startsWith("{") || !line.contains(traceId)) {
                continue;
            }
            Map<String, String> fields = flatten(json.readTree(line));
            if (!fields.containsValue(traceId)) {
                continue;
            }
            String logger = fields.getOrDefault("log.logger", "?");
            loggers.add(logger.substring(logger.lastIndexOf('.') + 1)
                    + ("demo".equals(fields.get("tenant")) ? "" : " without tenant"));
        }
        return loggers;
    }

    private static Map<String, String> flatten(JsonNode node) {
        Map<String, String> fields = new java.util.HashMap<>();
        flatten("", node, fields);
        return fields;
    }

    private static void flatten(String prefix, JsonNode node, Map<String, String> fields) {
        if (node.isObject()) {
            node.properties().forEach(entry -> flatten(prefix + entry.getKey() + ".", entry.getValue(), fields));
        } else if (!node.isArray()) {
            fields.put(prefix.substring(0, prefix.length() - 1), node.asString());
        }
    }
}
