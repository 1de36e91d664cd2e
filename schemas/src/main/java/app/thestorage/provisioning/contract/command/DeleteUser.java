package app.thestorage.provisioning.contract.command;

import app.thestorage.provisioning.contract.user.IdentityProvider;
import java.time.Instant;

/** DELETE /Users/{id}: the user is gone (404 afterwards). {@code expectedVersion} as in {@link ReplaceUser}. */
public record DeleteUser(
        String requestId,
        String tenant,
        IdentityProvider source,
        Instant issuedAt,
        String userId,
        Long expectedVersion) implements ProvisioningCommand {
}
