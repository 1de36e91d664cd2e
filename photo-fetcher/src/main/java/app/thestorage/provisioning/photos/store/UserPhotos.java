package app.thestorage.provisioning.photos.store;

import app.thestorage.provisioning.contract.user.ProfilePhoto.PhotoOrigin;

/**
 * The photos of one user, by content hash: the one the identity provider gave by address (SCIM {@code photos}), the
 * one Graph has (and its media ETag), the avatar uploaded manually, and the one the directory shows. The rule, in
 * this order: the SCIM photo (the identity provider's admin mapped it on purpose), else Graph's photo when Entra has
 * one, else the manual avatar. So removing the SCIM photo brings Graph's back, and a user with neither keeps their
 * avatar.
 */
public record UserPhotos(String graphSha256, String graphMediaEtag, String manualSha256, String scimSha256,
                         String shownSha256) {

    public static final UserPhotos NONE = new UserPhotos(null, null, null, null, null);

    public UserPhotos withGraphPhoto(String sha256, String mediaEtag) {
        return new UserPhotos(sha256, sha256 == null ? null : mediaEtag, manualSha256, scimSha256, shownSha256);
    }

    public UserPhotos withManualAvatar(String sha256) {
        return new UserPhotos(graphSha256, graphMediaEtag, sha256, scimSha256, shownSha256);
    }

    /** The photo fetched from the address the identity provider gave; null: it gave none (any more). */
    public UserPhotos withScimPhoto(String sha256) {
        return new UserPhotos(graphSha256, graphMediaEtag, manualSha256, sha256, shownSha256);
    }

    /** The photo the directory should show by the rule, or null. */
    public String wantedSha256() {
        return switch (wantedOrigin()) {
            case SCIM -> scimSha256;
            case MICROSOFT_GRAPH -> graphSha256;
            case MANUAL -> manualSha256;
        };
    }

    public PhotoOrigin wantedOrigin() {
        if (scimSha256 != null) {
            return PhotoOrigin.SCIM;
        }
        return graphSha256 != null ? PhotoOrigin.MICROSOFT_GRAPH : PhotoOrigin.MANUAL;
    }

    public UserPhotos shown() {
        return new UserPhotos(graphSha256, graphMediaEtag, manualSha256, scimSha256, wantedSha256());
    }

    /** The media ETag to compare with Graph's, only while we keep Graph's photo. */
    public String knownMediaEtag() {
        return graphSha256 == null ? null : graphMediaEtag;
    }
}
