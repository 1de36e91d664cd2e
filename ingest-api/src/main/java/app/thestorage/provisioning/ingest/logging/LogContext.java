package app.thestorage.provisioning.ingest.logging;

import io.micrometer.context.ContextRegistry;
import io.micrometer.context.ContextSnapshot;
import io.micrometer.context.ContextSnapshotFactory;
import org.slf4j.MDC;
import reactor.util.context.ContextView;

/**
 * What a log line written for a request names besides its message: the request's trace and span (its observation,
 * which Spring puts into the request's Reactor context) and the tenant (MDC key {@value #TENANT}, put there by the
 * SCIM endpoints; work outside a request names its tenant with {@link #forTenant}).
 *
 * <p>Reactor restores them on a thread only where asked ({@code spring.reactor.context-propagation=limited}):
 * restoring them around every operator of every request ({@code auto}) cost a fifth of a read's CPU, measured (see
 * docs/benchmark.md). The few places that log for a request or hand its trace on open {@link #restore} first.
 */
public final class LogContext {

    /** The MDC key, the same in every service. */
    public static final String TENANT = "tenant";

    private static final ContextSnapshotFactory SNAPSHOTS;

    static {
        ContextRegistry.getInstance().registerThreadLocalAccessor(TENANT,
                () -> MDC.get(TENANT), tenant -> MDC.put(TENANT, tenant), () -> MDC.remove(TENANT));
        SNAPSHOTS = ContextSnapshotFactory.builder().build();
    }

    private LogContext() {
    }

    /**
     * The request's trace and tenant, current on this thread until the scope closes: the current span is the
     * request's, and log lines name them.
     */
    public static ContextSnapshot.Scope restore(ContextView request) {
        return SNAPSHOTS.setThreadLocalsFrom(request);
    }

    /** Writes log lines of a tenant's work outside a request (offboarding, for one): they name the tenant. */
    public static void forTenant(String tenant, Runnable logLines) {
        try (MDC.MDCCloseable named = MDC.putCloseable(TENANT, tenant)) {
            logLines.run();
        }
    }
}
