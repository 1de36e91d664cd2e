package app.thestorage.provisioning.scim.patch;

import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.Objects;
import java.util.Set;

/**
 * One change a group PATCH makes, as a caller applies it to storage: none needs the group's members to be read, and a
 * {@link GroupPatch} holds at most one of each kind for the group's name and externalId, and either one
 * {@link ReplaceMembers} or a {@link RemoveMembers} and an {@link AddMembers} with no id in common, so that its
 * operations can be applied in any order. Member ids are kept in the order the request named them.
 */
public sealed interface GroupOperation {

    record ReplaceDisplayName(String displayName) implements GroupOperation {

        public ReplaceDisplayName {
            Objects.requireNonNull(displayName, "displayName");
        }
    }

    /** {@code externalId} null: the group no longer has one. */
    record ReplaceExternalId(String externalId) implements GroupOperation {
    }

    /** These users become members; those that already are stay as they are. */
    record AddMembers(Set<String> ids) implements GroupOperation {

        public AddMembers {
            ids = ordered(ids);
        }
    }

    /** These users stop being members; ids that are not members are passed over. */
    record RemoveMembers(Set<String> ids) implements GroupOperation {

        public RemoveMembers {
            ids = ordered(ids);
        }
    }

    /** The members become exactly these users: no ids, every member removed. */
    record ReplaceMembers(Set<String> ids) implements GroupOperation {

        public ReplaceMembers {
            ids = ordered(ids);
        }
    }

    private static Set<String> ordered(Set<String> ids) {
        return Collections.unmodifiableSequencedSet(new LinkedHashSet<>(ids));
    }
}
