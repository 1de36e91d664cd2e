package app.thestorage.provisioning.contract.command;

import app.thestorage.provisioning.contract.user.IdentityProvider;
import java.time.Instant;
import java.util.List;

/**
 * PATCH /Groups/{id} (its operations as edits) and PUT /Groups/{id} (rename, externalId and the whole member list):
 * the edits apply in order, all or none, as one decision. {@code expectedVersion} as in {@link ReplaceUser}.
 */
public record ChangeGroup(
        String requestId,
        String tenant,
        IdentityProvider source,
        Instant issuedAt,
        String groupId,
        List<GroupEdit> edits,
        Long expectedVersion) implements ProvisioningCommand {

    public ChangeGroup {
        edits = List.copyOf(edits);
    }
}
