package app.thestorage.provisioning.ingest.logging;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import reactor.util.context.Context;

class LogContextTest {

    @Test
    void a_request_context_restored_on_another_thread_names_its_tenant_until_the_scope_closes() {
        AtomicReference<String> during = new AtomicReference<>();
        AtomicReference<String> after = new AtomicReference<>();
        Mono.deferContextual(request -> {
                    try (var current = LogContext.restore(request)) {
                        during.set(MDC.get(LogContext.TENANT));
                    }
                    after.set(MDC.get(LogContext.TENANT));
                    return Mono.empty();
                })
                .subscribeOn(Schedulers.boundedElastic())
                .contextWrite(Context.of(LogContext.TENANT, "acme"))
                .block();

        assertThat(during.get()).isEqualTo("acme");
        assertThat(after.get()).as("nothing is left on the thread for the next request").isNull();
    }

    @Test
    void work_outside_a_request_names_its_tenant_in_its_lines_only() {
        AtomicReference<String> during = new AtomicReference<>();

        LogContext.forTenant("acme", () -> during.set(MDC.get(LogContext.TENANT)));

        assertThat(during.get()).isEqualTo("acme");
        assertThat(MDC.get(LogContext.TENANT)).isNull();
    }
}
