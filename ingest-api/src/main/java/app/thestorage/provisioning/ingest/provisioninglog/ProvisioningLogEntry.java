package app.thestorage.provisioning.ingest.provisioninglog;

import app.thestorage.provisioning.contract.user.IdentityProvider;
import java.time.Instant;

/**
 * One SCIM request of a tenant and how it ended. Holds no token, no password and no request body: the
 * detail is the one the identity provider was sent, which never carries them either.
 *
 * @param id     the entry's position in the log (0 before it is stored); newer entries have higher ids
 * @param query  the filter of a list request (an identity provider's lookup), else null
 * @param result SUCCESS for 2xx and 304, FAILURE otherwise
 * @param traceId the W3C trace id of the request (its spans, the Kafka records it caused, the log lines), if traced
 */
public record ProvisioningLogEntry(
        long id,
        String tenant,
        Instant at,
        ScimOperation operation,
        IdentityProvider identityProvider,
        String userId,
        String userName,
        String query,
        int status,
        Result result,
        String scimType,
        String detail,
        int durationMs,
        String traceId) {

    public enum Result {
        SUCCESS, FAILURE;

        static Result of(int status) {
            return status < 400 ? SUCCESS : FAILURE;
        }
    }
}
