package app.thestorage.provisioning.contract.command;

import app.thestorage.provisioning.contract.user.IdentityProvider;
import java.time.Instant;

/** DELETE /Groups/{id}: the group and its memberships are gone (404 afterwards); its members stay. */
public record DeleteGroup(
        String requestId,
        String tenant,
        IdentityProvider source,
        Instant issuedAt,
        String groupId,
        Long expectedVersion) implements ProvisioningCommand {
}
