package app.thestorage.provisioning.scim.group;

import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * What a client sets on a group (RFC 7643 §4.2): its name, the identity provider's id for it (may be null), and the
 * ids of its members, users of the same tenant, each once, in the order first given.
 */
public record GroupAttributes(String displayName, String externalId, Set<String> members) {

    public GroupAttributes {
        members = members == null ? Set.of() : Collections.unmodifiableSequencedSet(new LinkedHashSet<>(members));
    }
}
