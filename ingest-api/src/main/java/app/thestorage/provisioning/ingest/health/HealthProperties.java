package app.thestorage.provisioning.ingest.health;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * When a tenant's provisioning earns a warning (docs/provisioning-health.md says why these values).
 *
 * @param silence         how long SCIM may be on without a request before it is a warning: Entra's incremental cycle
 *                        runs about every 40 minutes, so two hours is three cycles missed. Not applied to a tenant
 *                        whose chosen identity provider is Okta, which pushes only when something changes
 * @param failureRate     the share of the last hour's requests that may fail before it is a warning: half of the 40% of
 *                        failed operations at which Entra quarantines a job (each operation is about two requests, a
 *                        lookup and a write, so 40% of operations failing is about 20% of requests)
 * @param minFailures     the failures in the last hour below which the failure rate is no warning (a stray 409 among
 *                        four requests is not a trend)
 * @param failuresPerHour the failures in the last hour that are a warning whatever the rate: Entra starts evaluating a
 *                        quarantine at 5,000 failures, which 250 an hour reach within a day
 * @param gaugeInterval   how often the tenants' states are counted for the provisioning.tenants.health gauge
 */
@ConfigurationProperties("provisioning.ingest.health")
public record HealthProperties(
        @DefaultValue("2h") Duration silence,
        @DefaultValue("0.2") double failureRate,
        @DefaultValue("10") int minFailures,
        @DefaultValue("250") int failuresPerHour,
        @DefaultValue("1m") Duration gaugeInterval) {

    /** The longest silence the rules can see: the rules read at most a day of the log. */
    static final Duration MAX_SILENCE = Duration.ofDays(1);

    public HealthProperties {
        if (silence.isNegative() || silence.isZero() || silence.compareTo(MAX_SILENCE) > 0) {
            throw new IllegalArgumentException("provisioning.ingest.health.silence must be more than 0 and at most "
                    + "1d, was " + silence);
        }
        if (!(failureRate > 0 && failureRate <= 1)) {
            throw new IllegalArgumentException("provisioning.ingest.health.failure-rate must be more than 0 and at "
                    + "most 1, was " + failureRate);
        }
        if (minFailures < 1 || failuresPerHour < 1) {
            throw new IllegalArgumentException("provisioning.ingest.health.min-failures and failures-per-hour must be "
                    + "at least 1");
        }
        if (gaugeInterval.isNegative() || gaugeInterval.isZero()) {
            throw new IllegalArgumentException("provisioning.ingest.health.gauge-interval must be more than 0, was "
                    + gaugeInterval);
        }
    }

    /** How far back the rules read the log: the last hour, or the silence if it is longer. */
    Duration window() {
        return silence.compareTo(Duration.ofHours(1)) > 0 ? silence : Duration.ofHours(1);
    }
}
