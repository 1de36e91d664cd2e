package app.thestorage.provisioning.contract.user;

import java.text.Normalizer;
import java.time.Instant;
import java.util.Locale;

/**
 * A user of one tenant as the directory holds it: the full state after a change. This is the "user" of
 * every user-change event, and the row of the PostgreSQL directory. {@code photo} (null when there is none)
 * is owned by the pipeline, not by the identity provider: a SCIM replace keeps it.
 */
public record User(
        String tenant,
        String id,
        UserAttributes attributes,
        IdentityProvider source,
        Instant created,
        Instant lastModified,
        long version,
        ProfilePhoto photo) {

    /** A user without a profile photo. */
    public User(String tenant, String id, UserAttributes attributes, IdentityProvider source, Instant created,
                Instant lastModified, long version) {
        this(tenant, id, attributes, source, created, lastModified, version, null);
    }

    public String userName() {
        return attributes.userName();
    }

    /**
     * The caseless key of a userName: userName is unique per tenant without regard to letter case (RFC 7643
     * caseExact=false), and two userNames are the same exactly when their keys are equal. The key is the name in
     * Unicode's full upper case, then full lower case, in NFC: {@code ß} and {@code SS} are the same, as are the Greek
     * {@code Σ}, {@code σ} and final {@code ς}, {@code İ} and {@code i̇}, and a letter with a combining accent and the
     * same letter precomposed. Dotless {@code ı} becomes {@code i}. The projector decides uniqueness on this key and
     * stores it beside the name; every lookup compares keys, so a lookup and a create never disagree.
     */
    public static String userNameKey(String userName) {
        String composed = Normalizer.normalize(userName, Normalizer.Form.NFC);
        return Normalizer.normalize(composed.toUpperCase(Locale.ROOT).toLowerCase(Locale.ROOT), Normalizer.Form.NFC);
    }
}
