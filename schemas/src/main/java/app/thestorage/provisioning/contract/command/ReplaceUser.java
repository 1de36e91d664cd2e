package app.thestorage.provisioning.contract.command;

import app.thestorage.provisioning.contract.user.IdentityProvider;
import app.thestorage.provisioning.contract.user.UserAttributes;
import java.time.Instant;

/**
 * PUT /Users/{id}, and PATCH once ingest-api has applied the operations to the user it read. With an
 * {@code expectedVersion}, the replace applies only to that version of the user (If-Match, or the version a
 * PATCH was computed from): otherwise it is refused with 412 and nothing changes.
 */
public record ReplaceUser(
        String requestId,
        String tenant,
        IdentityProvider source,
        Instant issuedAt,
        String userId,
        UserAttributes attributes,
        Long expectedVersion) implements ProvisioningCommand {
}
