package app.thestorage.provisioning.contract.user;

/**
 * The profile photo the directory shows for a user. Photos are stored content-addressed by photo-fetcher:
 * {@code sha256} names the bytes, so an unchanged photo keeps its name.
 *
 * @param sha256      hex SHA-256 of the image bytes
 * @param contentType image/jpeg, image/png or image/gif
 * @param size        bytes
 * @param origin      where the photo came from
 */
public record ProfilePhoto(String sha256, String contentType, long size, PhotoOrigin origin) {

    /** Where a profile photo came from. */
    public enum PhotoOrigin {
        /** Pulled from Microsoft Graph for a user provisioned from Entra ID. */
        MICROSOFT_GRAPH,
        /** Uploaded in TheStorage; kept when Entra has no photo, and never touched for Okta users. */
        MANUAL
    }
}
