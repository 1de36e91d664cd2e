package app.thestorage.provisioning.scim.group;

import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * What a change did to a group's members, as it is published: the ids that became members and the ids that stopped
 * being members. No id is in both; a member added who already was one, or removed who was not, is in neither.
 */
public record MemberDelta(Set<String> added, Set<String> removed) {

    public static final MemberDelta NONE = new MemberDelta(Set.of(), Set.of());

    public MemberDelta {
        added = Collections.unmodifiableSequencedSet(new LinkedHashSet<>(added));
        removed = Collections.unmodifiableSequencedSet(new LinkedHashSet<>(removed));
        if (!Collections.disjoint(added, removed)) {
            throw new IllegalArgumentException("An id cannot be both added and removed by one change.");
        }
    }

    public boolean isEmpty() {
        return added.isEmpty() && removed.isEmpty();
    }
}
