package app.thestorage.provisioning.contract.user;

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

    /** userName is unique per tenant without regard to letter case (RFC 7643 caseExact=false). */
    public static String userNameKey(String userName) {
        return userName.toLowerCase(Locale.ROOT);
    }
}
