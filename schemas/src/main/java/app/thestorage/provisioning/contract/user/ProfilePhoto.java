package app.thestorage.provisioning.contract.user;

/**
 * The profile photo the directory shows for a user. Photos are stored content-addressed by photo-fetcher:
 * {@code sha256} names the bytes, so an unchanged photo keeps its name.
 *
 * @param sha256      hex SHA-256 of the image bytes
 * @param contentType image/jpeg, image/png, image/gif or image/webp
 * @param size        bytes
 * @param origin      where the photo came from
 */
public record ProfilePhoto(String sha256, String contentType, long size, PhotoOrigin origin) {

    /**
     * Where a profile photo came from. The directory shows, in this order: the SCIM photo, Graph's, the manual avatar.
     * More origins may come: a consumer reads one it does not know as an unknown origin, not as an error.
     */
    public enum PhotoOrigin {
        /** Pulled from Microsoft Graph for a user provisioned from Entra ID. */
        MICROSOFT_GRAPH,
        /** Uploaded in TheStorage; shown when the identity provider gives no photo. */
        MANUAL,
        /** Fetched from the address the identity provider sent in the user's SCIM {@code photos}. */
        SCIM
    }
}
