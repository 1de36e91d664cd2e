package app.thestorage.provisioning.photos.store;

import app.thestorage.provisioning.contract.user.ProfilePhoto.PhotoOrigin;

/**
 * The photos of one user, by content hash: the one Graph has (and its media ETag), the avatar uploaded
 * manually, and the one the directory shows. The rule: Graph's photo when Entra has one, otherwise the
 * manual avatar. So a user without a photo in Entra keeps their avatar, and a user Graph never fetches
 * (an Okta user) only ever shows their avatar.
 */
public record UserPhotos(String graphSha256, String graphMediaEtag, String manualSha256, String shownSha256) {

    public static final UserPhotos NONE = new UserPhotos(null, null, null, null);

    public UserPhotos withGraphPhoto(String sha256, String mediaEtag) {
        return new UserPhotos(sha256, sha256 == null ? null : mediaEtag, manualSha256, shownSha256);
    }

    public UserPhotos withManualAvatar(String sha256) {
        return new UserPhotos(graphSha256, graphMediaEtag, sha256, shownSha256);
    }

    /** The photo the directory should show by the rule, or null. */
    public String wantedSha256() {
        return graphSha256 != null ? graphSha256 : manualSha256;
    }

    public PhotoOrigin wantedOrigin() {
        return graphSha256 != null ? PhotoOrigin.MICROSOFT_GRAPH : PhotoOrigin.MANUAL;
    }

    public UserPhotos shown() {
        return new UserPhotos(graphSha256, graphMediaEtag, manualSha256, wantedSha256());
    }

    /** The media ETag to compare with Graph's, only while we keep Graph's photo. */
    public String knownMediaEtag() {
        return graphSha256 == null ? null : graphMediaEtag;
    }
}
