package app.thestorage.provisioning.contract.command;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import java.util.List;

/**
 * One change to a group, as a SCIM PATCH operation or a PUT asks for it; {@link ChangeGroup} applies its edits in
 * order, in one decision. Member ids are the ids of users of the same tenant: the projector refuses the whole change
 * (400, nothing applied) when one is not.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "edit")
@JsonSubTypes({
        @JsonSubTypes.Type(value = GroupEdit.Rename.class, name = "Rename"),
        @JsonSubTypes.Type(value = GroupEdit.SetExternalId.class, name = "SetExternalId"),
        @JsonSubTypes.Type(value = GroupEdit.AddMembers.class, name = "AddMembers"),
        @JsonSubTypes.Type(value = GroupEdit.RemoveMembers.class, name = "RemoveMembers"),
        @JsonSubTypes.Type(value = GroupEdit.ReplaceMembers.class, name = "ReplaceMembers")
})
public sealed interface GroupEdit {

    /** displayName becomes this (unique per tenant without regard to case). */
    record Rename(String displayName) implements GroupEdit {
    }

    /** externalId becomes this; null removes it. */
    record SetExternalId(String externalId) implements GroupEdit {
    }

    /** These users become members; those already members stay as they are. */
    record AddMembers(List<String> userIds) implements GroupEdit {
        public AddMembers {
            userIds = List.copyOf(userIds);
        }
    }

    /** These users stop being members; ids that are not members are passed over. */
    record RemoveMembers(List<String> userIds) implements GroupEdit {
        public RemoveMembers {
            userIds = List.copyOf(userIds);
        }
    }

    /** The members become exactly these users (an empty list removes every member). */
    record ReplaceMembers(List<String> userIds) implements GroupEdit {
        public ReplaceMembers {
            userIds = List.copyOf(userIds);
        }
    }
}
