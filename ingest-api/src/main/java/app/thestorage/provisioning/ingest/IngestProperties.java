package app.thestorage.provisioning.ingest;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param outcomeTimeout    how long a SCIM write waits for the projector's outcome before answering 503
 *                          (Entra and Okta give up after 60 s; a 503 with Retry-After makes them retry)
 * @param retryAfter        the Retry-After given with that 503
 * @param requestHeadTimeout how long a connection may take to send a whole request head (request line and
 *                          headers), from its opening or from the previous response; then it is closed. Bounds
 *                          how long an idle or trickling client (slowloris) holds a connection
 */
@ConfigurationProperties("provisioning.ingest")
public record IngestProperties(
        @DefaultValue("10s") Duration outcomeTimeout,
        @DefaultValue("5s") Duration retryAfter,
        @DefaultValue("60s") Duration requestHeadTimeout) {
}
