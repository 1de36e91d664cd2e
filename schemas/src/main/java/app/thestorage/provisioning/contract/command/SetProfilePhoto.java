package app.thestorage.provisioning.contract.command;

import app.thestorage.provisioning.contract.user.IdentityProvider;
import app.thestorage.provisioning.contract.user.ProfilePhoto;
import java.time.Instant;

/**
 * Sent by photo-fetcher when the photo a user should show changes: a photo from Microsoft Graph, a manual
 * avatar, or none ({@code photo} null). Applies to the user as it is; the user's source does not change.
 *
 * @param source MICROSOFT_ENTRA_ID for a photo from Graph; null for an avatar an administrator uploaded
 */
public record SetProfilePhoto(
        String requestId,
        String tenant,
        IdentityProvider source,
        Instant issuedAt,
        String userId,
        ProfilePhoto photo) implements ProvisioningCommand {
}
