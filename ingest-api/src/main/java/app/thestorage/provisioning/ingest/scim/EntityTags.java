package app.thestorage.provisioning.ingest.scim;

import app.thestorage.provisioning.contract.user.User;
import app.thestorage.provisioning.scim.ScimException;
import app.thestorage.provisioning.scim.document.ScimUserDocument;

/** SCIM ETags (RFC 7644 §3.14): a user's version as a weak tag, {@code W/"3"}. */
final class EntityTags {

    /**
     * The version an If-Match header asks for, or null when any will do (no header, or "*"). A tag that
     * is not one of ours can match no version: it is a version no user ever has.
     */
    static Long version(String header) {
        if (header == null || header.isBlank() || header.trim().equals("*")) {
            return null;
        }
        String tag = header.trim();
        if (tag.startsWith("W/")) {
            tag = tag.substring(2);
        }
        tag = tag.replace("\"", "");
        try {
            return Long.parseLong(tag);
        } catch (NumberFormatException e) {
            return -1L;
        }
    }

    static boolean matches(String ifNoneMatch, User user) {
        if (ifNoneMatch == null || ifNoneMatch.isBlank()) {
            return false;
        }
        for (String tag : ifNoneMatch.split(",")) {
            if (tag.trim().equals("*") || Long.valueOf(user.version()).equals(version(tag))) {
                return true;
            }
        }
        return false;
    }

    static ScimException mismatch(User current) {
        return new ScimException(412, null, "If-Match does not match the user's current version "
                + ScimUserDocument.versionOf(current) + ".");
    }

    private EntityTags() {
    }
}
