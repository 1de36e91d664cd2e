package app.thestorage.provisioning.ingest.provisioninglog;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param flushInterval how often noted requests are written to PostgreSQL, in one batch
 * @param capacity      how many requests may wait for the next write; beyond it entries are dropped (and
 *                      counted as provisioning.log.dropped) rather than slow provisioning down
 * @param retention     how long entries are kept
 * @param readsFlushInterval how often the successful reads counted in memory are added to PostgreSQL's counts (the
 *                      counts of a minute may show that much later; they are written at shutdown too)
 */
@ConfigurationProperties("provisioning.ingest.provisioning-log")
public record ProvisioningLogProperties(
        @DefaultValue("250ms") Duration flushInterval,
        @DefaultValue("20000") int capacity,
        @DefaultValue("30d") Duration retention,
        @DefaultValue("5s") Duration readsFlushInterval) {
}
