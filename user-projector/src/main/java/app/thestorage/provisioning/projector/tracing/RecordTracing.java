package app.thestorage.provisioning.projector.tracing;

import io.micrometer.tracing.Span;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.propagation.Propagator;
import java.nio.charset.StandardCharsets;
import java.util.function.Supplier;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.slf4j.MDC;

/**
 * Continues the trace a record carries (its W3C {@code traceparent} header, put there by ingest-api from the SCIM
 * request) around the work done for the record, and hands it on in the headers of what that work writes: a command's
 * decision and its change event continue from the span that decided it. While the work runs, its log lines carry the
 * trace id and the tenant (MDC keys {@code traceId} and {@value #TENANT}).
 */
public final class RecordTracing {

    /** The MDC key of the tenant a log line concerns, the same in every service. */
    public static final String TENANT = "tenant";

    /** For the topology's tests: no tracer, the work just runs. */
    public static final RecordTracing NONE = new RecordTracing(null, null);

    private final Tracer tracer;
    private final Propagator propagator;

    public RecordTracing(Tracer tracer, Propagator propagator) {
        this.tracer = tracer;
        this.propagator = propagator;
    }

    /** Runs the work for a tenant in a span continuing the record's trace; the headers then carry that span on. */
    public <T> T around(String name, String tenant, Headers headers, Supplier<T> work) {
        try (MDC.MDCCloseable logged = MDC.putCloseable(TENANT, tenant)) {
            Span span = start(name, headers);
            if (span == null) {
                return work.get();
            }
            try (Tracer.SpanInScope scope = tracer.withSpan(span)) {
                T result = work.get();
                for (String field : propagator.fields()) {
                    headers.remove(field);
                }
                propagator.inject(span.context(), headers,
                        (carrier, key, value) -> carrier.add(key, value.getBytes(StandardCharsets.UTF_8)));
                return result;
            } catch (RuntimeException e) {
                span.error(e);
                throw e;
            } finally {
                span.end();
            }
        }
    }

    /** A started span continuing the record's trace (the caller ends it), or null without a tracer. */
    public Span start(String name, Headers headers) {
        if (tracer == null) {
            return null;
        }
        return propagator.extract(headers, (carrier, key) -> {
            Header header = carrier.lastHeader(key);
            return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
        }).name(name).start();
    }

    /** Runs the work with the span (if any) in scope and the tenant in the log lines it writes. */
    public void within(Span span, String tenant, Runnable work) {
        try (MDC.MDCCloseable logged = MDC.putCloseable(TENANT, tenant);
             Tracer.SpanInScope scope = span == null ? null : tracer.withSpan(span)) {
            work.run();
        }
    }
}
