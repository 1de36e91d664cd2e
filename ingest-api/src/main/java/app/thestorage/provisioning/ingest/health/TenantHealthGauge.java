package app.thestorage.provisioning.ingest.health;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The gauge {@code provisioning.tenants.health{state=off|healthy|warning}}: how many tenants are in each state, without
 * a tenant label (a tenant's own warnings are in the admin API). Counted every {@code gauge-interval} with one
 * statement over the tenants' recent log; a count that fails keeps the previous values.
 */
@Component
public class TenantHealthGauge implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(TenantHealthGauge.class);

    private final ProvisioningHealth health;
    private final HealthProperties properties;
    private final Map<HealthState, AtomicLong> tenants = new EnumMap<>(HealthState.class);
    private volatile Disposable counting;

    public TenantHealthGauge(ProvisioningHealth health, HealthProperties properties, MeterRegistry meters) {
        this.health = health;
        this.properties = properties;
        for (HealthState state : HealthState.values()) {
            AtomicLong count = new AtomicLong();
            tenants.put(state, count);
            Gauge.builder("provisioning.tenants.health", count, AtomicLong::get)
                    .description("Tenants by provisioning health: off (SCIM off), healthy, warning (see the tenant's "
                            + "GET /admin/tenants/{tenant}/health)")
                    .tag("state", state.label())
                    .register(meters);
        }
    }

    @Override
    public void start() {
        counting = Flux.interval(properties.gaugeInterval().dividedBy(10), properties.gaugeInterval())
                .onBackpressureDrop()
                .concatMap(tick -> count(), 1)
                .subscribe();
    }

    private Mono<Void> count() {
        return health.census()
                .doOnNext(counts -> counts.forEach((state, count) -> tenants.get(state).set(count)))
                .onErrorResume(e -> {
                    log.warn("Could not count the tenants' provisioning health: {}", e.toString());
                    return Mono.empty();
                })
                .then();
    }

    @Override
    public void stop() {
        Disposable running = counting;
        counting = null;
        if (running != null) {
            running.dispose();
        }
    }

    @Override
    public boolean isRunning() {
        return counting != null;
    }
}
