package app.thestorage.provisioning.photos;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * @param consumerGroup     the consumer group reading user changes; scale it by adding instances
 * @param authorityHost     where azure-identity asks for tokens (Entra ID; a local stub in tests)
 * @param graphBaseUrl      the Microsoft Graph endpoint
 * @param graphAllowedHosts the hosts the Graph client may send its access token to
 * @param graph             how every Graph call of a tenant is guarded
 * @param sync              when each tenant's directory is synchronised
 * @param scim              how photos are fetched from the addresses identity providers send (docs/scim-photos.md)
 * @param secretKey         base64 AES-256 key sealing the tenants' client secrets at rest (required)
 */
@ConfigurationProperties("provisioning.photos")
public record PhotoFetcherProperties(
        @DefaultValue("photo-fetcher") String consumerGroup,
        @DefaultValue("https://login.microsoftonline.com/") URI authorityHost,
        @DefaultValue("https://graph.microsoft.com/v1.0") URI graphBaseUrl,
        @DefaultValue("graph.microsoft.com") List<String> graphAllowedHosts,
        @DefaultValue Graph graph,
        @DefaultValue Sync sync,
        @DefaultValue Scim scim,
        String secretKey) {

    /**
     * @param every         how often a tenant's directory (display names, job titles, photos) is synchronised
     * @param checkEvery    how often due tenants are looked for (saving settings makes a tenant due at once)
     * @param expiryWarning how long before a client secret's expiry date the admin and operators are warned
     */
    public record Sync(
            @DefaultValue("40m") Duration every,
            @DefaultValue("10s") Duration checkEvery,
            @DefaultValue("14d") Duration expiryWarning) {
    }

    /**
     * @param timeLimit                a photo not received within it is skipped (the product promises 15 s)
     * @param photoSizeLimit           a larger photo is skipped without being kept (the product promises 5 MB)
     * @param concurrentCallsPerTenant Graph allows about 4 concurrent photo requests per app
     * @param maxWaitForSlot           how long a call waits for one of those slots before giving up
     * @param attempts                 tries per call for throttling (429) and transient (503, 504, I/O) failures
     * @param backoff                  the wait before a retry when Graph gives no Retry-After
     * @param maxRetryAfter            a longer Retry-After is not waited for: the call fails and the next cycle retries
     * @param breakerOpenFor           how long a tenant's failing Graph is left alone before it is tried again
     */
    public record Graph(
            @DefaultValue("15s") Duration timeLimit,
            @DefaultValue("5MB") DataSize photoSizeLimit,
            @DefaultValue("4") int concurrentCallsPerTenant,
            @DefaultValue("30s") Duration maxWaitForSlot,
            @DefaultValue("3") int attempts,
            @DefaultValue("2s") Duration backoff,
            @DefaultValue("60s") Duration maxRetryAfter,
            @DefaultValue("60s") Duration breakerOpenFor) implements CallGuards.Limits {
    }

    /**
     * @param timeLimit                a photo not received within it (redirects included) is refused, its transfer closed
     * @param photoSizeLimit           a larger photo is refused, counted while it arrives
     * @param maxPixelsPerSide         a wider or taller image is refused
     * @param maxRedirects             redirects followed at most, each address vetted again
     * @param concurrentCallsPerTenant downloads of one tenant at once (its lane's workers and its bulkhead)
     * @param maxWaitForSlot           how long a download waits for one of those slots before giving up
     * @param attempts                 tries per download for throttling (429), transient statuses and failed connections
     * @param backoff                  the wait before a retry when the server gives no Retry-After
     * @param maxRetryAfter            a longer Retry-After is not waited for: the next refresh tries again
     * @param breakerOpenFor           how long a host that failed repeatedly is left alone
     * @param refreshEvery             how often a kept photo's address is asked again (with its ETag/Last-Modified)
     * @param refreshCheckEvery        how often due addresses are looked for
     * @param refreshPerTenant         addresses of one tenant queued at most per look
     * @param privateHostsForTests     TEST ONLY: host names allowed to lead to private addresses (the test suite's own
     *                                 local https server); empty, and so off, by default. Never set it in production.
     */
    public record Scim(
            @DefaultValue("15s") Duration timeLimit,
            @DefaultValue("5MB") DataSize photoSizeLimit,
            @DefaultValue("4096") int maxPixelsPerSide,
            @DefaultValue("3") int maxRedirects,
            @DefaultValue("2") int concurrentCallsPerTenant,
            @DefaultValue("30s") Duration maxWaitForSlot,
            @DefaultValue("3") int attempts,
            @DefaultValue("2s") Duration backoff,
            @DefaultValue("60s") Duration maxRetryAfter,
            @DefaultValue("60s") Duration breakerOpenFor,
            @DefaultValue("12h") Duration refreshEvery,
            @DefaultValue("1m") Duration refreshCheckEvery,
            @DefaultValue("100") int refreshPerTenant,
            @DefaultValue List<String> privateHostsForTests) implements CallGuards.Limits {
    }
}
