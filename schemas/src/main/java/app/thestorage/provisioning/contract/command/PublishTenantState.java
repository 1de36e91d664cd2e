package app.thestorage.provisioning.contract.command;

import app.thestorage.provisioning.contract.user.IdentityProvider;
import java.time.Instant;

/**
 * Publishes the tenant's whole state again on the state topics (every user, group and membership, versions
 * unchanged), for a downstream service that lost its copy. Changes nothing: decided {@link Outcome.Unchanged} at once,
 * the records follow in the projector's next transactions. Sent by the admin API: {@code source} is null.
 */
public record PublishTenantState(
        String requestId,
        String tenant,
        IdentityProvider source,
        Instant issuedAt) implements ProvisioningCommand {
}
