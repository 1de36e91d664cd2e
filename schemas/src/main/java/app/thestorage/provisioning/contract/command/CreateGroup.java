package app.thestorage.provisioning.contract.command;

import app.thestorage.provisioning.contract.user.IdentityProvider;
import java.time.Instant;
import java.util.List;

/** POST /Groups. {@code groupId} is the id the group gets if the create is accepted. */
public record CreateGroup(
        String requestId,
        String tenant,
        IdentityProvider source,
        Instant issuedAt,
        String groupId,
        String displayName,
        String externalId,
        List<String> members) implements ProvisioningCommand {

    public CreateGroup {
        members = members == null ? List.of() : List.copyOf(members);
    }
}
