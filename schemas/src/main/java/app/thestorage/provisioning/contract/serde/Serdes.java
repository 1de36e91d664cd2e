package app.thestorage.provisioning.contract.serde;

import app.thestorage.provisioning.contract.command.Decision;
import app.thestorage.provisioning.contract.command.ProvisioningCommand;
import app.thestorage.provisioning.contract.event.UserChangeEvent;
import app.thestorage.provisioning.contract.event.UserPhotoEvent;
import app.thestorage.provisioning.contract.group.Group;
import app.thestorage.provisioning.contract.group.GroupChangeEvent;
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

    public static JsonSerde<User> users() {
        return new JsonSerde<>(User.class);
    }

    private Serdes() {
    }
}
