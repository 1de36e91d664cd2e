package app.thestorage.provisioning.contract.group;

import app.thestorage.provisioning.contract.user.IdentityProvider;
import app.thestorage.provisioning.contract.user.User;
import java.time.Instant;

/**
 * A group of one tenant, without its members: they live apart, one row or record per membership, because a group
 * may have 100,000 of them. {@code version} grows with every change, members included.
 */
public record Group(
        String tenant,
        String id,
        String displayName,
        String externalId,
        IdentityProvider source,
        Instant created,
        Instant lastModified,
        long version) {

    /** displayName is unique per tenant without regard to case, folded as userNames are. */
    public static String displayNameKey(String displayName) {
        return User.userNameKey(displayName);
    }

    /** This group renamed, or with another externalId, at a new version. */
    public Group changed(String newDisplayName, String newExternalId, Instant at) {
        return new Group(tenant, id, newDisplayName, newExternalId, source, created, at, version + 1);
    }

    /** This group at a new version, its attributes unchanged (its members changed). */
    public Group touched(Instant at) {
        return new Group(tenant, id, displayName, externalId, source, created, at, version + 1);
    }
}
