package app.thestorage.provisioning.contract.command;

import app.thestorage.provisioning.contract.user.IdentityProvider;
import app.thestorage.provisioning.contract.user.UserAttributes;
import java.time.Instant;

/** POST /Users. {@code userId} is the id the user gets if the create is accepted. */
public record CreateUser(
        String requestId,
        String tenant,
        IdentityProvider source,
        Instant issuedAt,
        String userId,
        UserAttributes attributes) implements ProvisioningCommand {
}
