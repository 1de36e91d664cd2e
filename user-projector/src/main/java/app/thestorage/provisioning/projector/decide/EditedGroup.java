package app.thestorage.provisioning.projector.decide;

import app.thestorage.provisioning.contract.command.GroupEdit;
import app.thestorage.provisioning.contract.group.Group;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.SequencedSet;

/**
 * The edits of one {@code ChangeGroup} run in order on a group, without reading its members: the displayName and
 * externalId they end with, and, for each user an edit names, whether it is a member at the end. The members nobody
 * named stay as they were, unless a {@link GroupEdit.ReplaceMembers} came, after which they are not members at all;
 * only then does the decision need the group's whole member list, once. So a PATCH of 1,000 members costs 1,000
 * lookups whatever the size of the group, and a PUT of the whole list one pass over it.
 */
final class EditedGroup {

    private String displayName;
    private String externalId;
    private boolean replaced;
    private final Map<String, Boolean> memberAfter = new LinkedHashMap<>();
    private final SequencedSet<String> joining = new LinkedHashSet<>();

    private EditedGroup(Group current) {
        this.displayName = current.displayName();
        this.externalId = current.externalId();
    }

    static EditedGroup of(Group current, List<GroupEdit> edits) {
        EditedGroup edited = new EditedGroup(current);
        for (GroupEdit edit : edits) {
            switch (edit) {
                case GroupEdit.Rename rename -> edited.displayName = rename.displayName();
                case GroupEdit.SetExternalId set -> edited.externalId = set.externalId();
                case GroupEdit.AddMembers add -> edited.join(add.userIds());
                case GroupEdit.RemoveMembers remove -> remove.userIds().forEach(id -> edited.memberAfter.put(id, false));
                case GroupEdit.ReplaceMembers replace -> {
                    edited.replaced = true;
                    edited.memberAfter.clear();
                    edited.join(replace.userIds());
                }
            }
        }
        return edited;
    }

    private void join(List<String> userIds) {
        for (String userId : userIds) {
            memberAfter.put(userId, true);
            joining.add(userId);
        }
    }

    String displayName() {
        return displayName;
    }

    String externalId() {
        return externalId;
    }

    /** Whether a ReplaceMembers ended every membership nobody named after it. */
    boolean replaced() {
        return replaced;
    }

    /**
     * Each user named since the last ReplaceMembers (or at all, without one), in the order first named: whether it is
     * a member once every edit ran.
     */
    Map<String, Boolean> memberAfter() {
        return Collections.unmodifiableMap(memberAfter);
    }

    /**
     * Every user an AddMembers or a ReplaceMembers named, once, in the order first named, even if a later edit took it
     * out again: each must be a user of the tenant, or the whole change is refused.
     */
    SequencedSet<String> joining() {
        return Collections.unmodifiableSequencedSet(joining);
    }
}
