package app.thestorage.provisioning.ingest.health;

import app.thestorage.provisioning.contract.user.IdentityProvider;
import app.thestorage.provisioning.ingest.provisioninglog.ScimOperation;
import java.time.Instant;
import java.util.List;

/**
 * A tenant's provisioning health as the User Provisioning page shows it, computed from its provisioning log when asked.
 *
 * @param lastRequest the tenant's last SCIM request still in the log, or null
 * @param topReasons  why the last day's requests failed, most frequent first, each with its fix
 * @param warnings    what to act on, most urgent first (empty when healthy or off)
 */
public record TenantHealth(
        String tenant,
        boolean scimEnabled,
        HealthState state,
        Instant checkedAt,
        LastRequest lastRequest,
        Rhythm rhythm,
        Counts lastHour,
        Counts lastDay,
        List<ReasonCount> topReasons,
        List<HealthWarning> warnings) {

    /** The last request: when, what, and how it ended. */
    public record LastRequest(Instant at, ScimOperation operation, int status, IdentityProvider identityProvider,
                              String userName) {
    }

    /**
     * Requests and failures over a period.
     *
     * @param failureRate failures / requests, or null without requests
     */
    public record Counts(long requests, long failures, Double failureRate) {

        static Counts of(long requests, long failures) {
            return new Counts(requests, failures, requests == 0 ? null : (double) failures / requests);
        }
    }

    /**
     * Failures that share a reason.
     *
     * @param example the detail of one of them, as the identity provider was sent it
     */
    public record ReasonCount(FailureReason reason, String summary, String fix, long count, Instant lastAt,
                              String example) {
    }
}
