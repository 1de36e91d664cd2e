package app.thestorage.provisioning.ingest.provisioninglog;

import app.thestorage.provisioning.contract.user.IdentityProvider;
import java.time.Instant;

/**
 * A tenant's successful reads of one operation in one minute, from one identity provider: the provisioning log counts
 * them rather than keep an entry each ({@link LogKeeping}).
 *
 * @param minute the minute they came in (its start)
 * @param lastAt when the last of them came in
 */
public record ReadCount(
        String tenant,
        Instant minute,
        ScimOperation operation,
        IdentityProvider identityProvider,
        long reads,
        Instant lastAt) {
}
