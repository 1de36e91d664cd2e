package app.thestorage.provisioning.scim.group;

import java.time.Instant;

/**
 * A group as the directory keeps it, without its members: a group may have 100,000, which are read apart, and only
 * for a response that shows them ({@link app.thestorage.provisioning.scim.ScimGroupDocument#needsMembers}).
 *
 * @param version grows with every change of the group, of its members too; its weak ETag
 */
public record Group(String id, String displayName, String externalId, Instant created, Instant lastModified,
                    long version) {
}
