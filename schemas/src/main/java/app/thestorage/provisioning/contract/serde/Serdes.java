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
import java.time.Clock;

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

    /** The serde of {@code users.photos.v1}, with the CloudEvents headers. */
    public static CloudEventSerde<UserPhotoEvent> userPhotos() {
        return new CloudEventSerde<>(UserPhotoEvent.class, EventMetadata::of);
    }

    /** The serde of {@code users.state.v1}, with the CloudEvents headers; a tombstone is null (and has none). */
    public static CloudEventSerde<UserState> userStates() {
        return userStates(Clock.systemUTC());
    }

    /** As {@link #userStates()}, {@code ce_time} (when the record is written) read from {@code clock}. */
    public static CloudEventSerde<UserState> userStates(Clock clock) {
        return new CloudEventSerde<>(UserState.class, state -> EventMetadata.of(state, clock.instant()));
    }

    /** The serde of {@code groups.state.v1}, with the CloudEvents headers; a tombstone is null (and has none). */
    public static CloudEventSerde<GroupState> groupStates() {
        return groupStates(Clock.systemUTC());
    }

    /** As {@link #groupStates()}, {@code ce_time} (when the record is written) read from {@code clock}. */
    public static CloudEventSerde<GroupState> groupStates(Clock clock) {
        return new CloudEventSerde<>(GroupState.class, state -> EventMetadata.of(state, clock.instant()));
    }

    /**
     * The serde of {@code groups.members.state.v1}, with the CloudEvents headers; a tombstone is null (and has none).
     */
    public static CloudEventSerde<GroupMemberState> groupMemberStates() {
        return groupMemberStates(Clock.systemUTC());
    }

    /** As {@link #groupMemberStates()}, {@code ce_time} (when the record is written) read from {@code clock}. */
    public static CloudEventSerde<GroupMemberState> groupMemberStates(Clock clock) {
        return new CloudEventSerde<>(GroupMemberState.class, state -> EventMetadata.of(state, clock.instant()));
    }

    public static JsonSerde<User> users() {
        return new JsonSerde<>(User.class);
    }

    private Serdes() {
    }
}
