package app.thestorage.provisioning.contract.serde;

import app.thestorage.provisioning.contract.command.Decision;
import app.thestorage.provisioning.contract.command.ProvisioningCommand;
import app.thestorage.provisioning.contract.event.UserChangeEvent;
import app.thestorage.provisioning.contract.event.UserPhotoEvent;
import app.thestorage.provisioning.contract.group.Group;
import app.thestorage.provisioning.contract.group.GroupChangeEvent;
import app.thestorage.provisioning.contract.state.GroupMemberState;
import app.thestorage.provisioning.contract.state.GroupState;
import app.thestorage.provisioning.contract.state.UserState;
import app.thestorage.provisioning.contract.user.User;

/** The serde of each contract type. */
public final class Serdes {

    public static JsonSerde<ProvisioningCommand> commands() {
        return new JsonSerde<>(ProvisioningCommand.class);
    }

    public static JsonSerde<Decision> decisions() {
        return new JsonSerde<>(Decision.class);
    }

    public static ChangeEventSerde<UserChangeEvent> userChanges() {
        return ChangeEventSerde.userChanges();
    }

    public static ChangeEventSerde<GroupChangeEvent> groupChanges() {
        return ChangeEventSerde.groupChanges();
    }

    public static JsonSerde<Group> groups() {
        return new JsonSerde<>(Group.class);
    }

    public static JsonSerde<UserPhotoEvent> userPhotos() {
        return new JsonSerde<>(UserPhotoEvent.class);
    }

    /** The serde of {@code users.state.v1}; a tombstone is null. */
    public static JsonSerde<UserState> userStates() {
        return new JsonSerde<>(UserState.class);
    }

    /** The serde of {@code groups.state.v1}; a tombstone is null. */
    public static JsonSerde<GroupState> groupStates() {
        return new JsonSerde<>(GroupState.class);
    }

    /** The serde of {@code groups.members.state.v1}; a tombstone is null. */
    public static JsonSerde<GroupMemberState> groupMemberStates() {
        return new JsonSerde<>(GroupMemberState.class);
    }

    public static JsonSerde<User> users() {
        return new JsonSerde<>(User.class);
    }

    private Serdes() {
    }
}
