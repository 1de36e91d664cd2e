package app.thestorage.provisioning.ingest.command;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.stereotype.Component;

/**
 * Not ready while the decision listener has lost its PostgreSQL connection: writes sent to this instance then wait
 * and answer 503, so a load balancer should prefer the instances that hear outcomes. In the readiness group (see
 * {@code ingest-api.yml}); the gauge {@code provisioning.outcomes.listening} is 1 while outcomes are heard.
 */
@Component
public class DecisionListenerHealthIndicator implements HealthIndicator {

    private final DecisionListener outcomes;

    public DecisionListenerHealthIndicator(DecisionListener outcomes, MeterRegistry meters) {
        this.outcomes = outcomes;
        Gauge.builder("provisioning.outcomes.listening", () -> outcomes.isListening() ? 1 : 0)
                .description("1 while this instance hears the outcomes of the commands it sends")
                .register(meters);
    }

    @Override
    public Health health() {
        return outcomes.isListening() ? Health.up().build()
                : Health.down().withDetail("problem", "Not listening to outcomes: the PostgreSQL connection is lost")
                        .build();
    }
}
