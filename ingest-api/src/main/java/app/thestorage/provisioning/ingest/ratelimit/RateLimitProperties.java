package app.thestorage.provisioning.ingest.ratelimit;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The SCIM request rate each tenant is allowed on one ingest-api instance: a token bucket refilled at
 * {@code requestsPerSecond} holding up to {@code burst}. Entra needs 25 requests/s per tenant.
 */
@ConfigurationProperties("provisioning.ingest.rate-limit")
public record RateLimitProperties(
        @DefaultValue("100") int requestsPerSecond,
        @DefaultValue("200") int burst) {
}
