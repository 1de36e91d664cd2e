package app.thestorage.provisioning.contract.command;

import app.thestorage.provisioning.contract.user.IdentityProvider;
import java.time.Instant;
import tools.jackson.databind.JsonNode;

/**
 * PATCH /Users/{id}: the SCIM PatchOp as the identity provider sent it (checked by ingest-api: its operations, paths
 * and attributes exist and may be written), applied by the projector to the user as it is when the command's turn
 * comes, in the tenant's order. So concurrent PATCHes of one user each apply to the result of the one before, and none
 * is lost; {@code expectedVersion} (If-Match) is null unless the client asked for a precondition.
 */
public record PatchUser(
        String requestId,
        String tenant,
        IdentityProvider source,
        Instant issuedAt,
        String userId,
        JsonNode patch,
        Long expectedVersion) implements ProvisioningCommand {
}
