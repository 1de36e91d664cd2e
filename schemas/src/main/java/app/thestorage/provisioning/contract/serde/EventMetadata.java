package app.thestorage.provisioning.contract.serde;

import app.thestorage.provisioning.contract.Topics;
import app.thestorage.provisioning.contract.event.UserChangeEvent;
import app.thestorage.provisioning.contract.event.UserPhotoEvent;
import app.thestorage.provisioning.contract.group.GroupChangeEvent;
import app.thestorage.provisioning.contract.state.GroupMemberState;
import app.thestorage.provisioning.contract.state.GroupState;
import app.thestorage.provisioning.contract.state.UserState;
import io.cloudevents.CloudEvent;
import io.cloudevents.core.builder.CloudEventBuilder;
import java.net.URI;
import java.time.Instant;
import java.time.ZoneOffset;

/**
 * The CloudEvents attributes of one record of a public topic, written as {@code ce_*} headers (binary content mode)
 * beside the JSON value. The rules, one per attribute, for every public topic:
 * <ul>
 * <li>{@code source}: {@code /thestorage/provisioning/<tenant>}: one source per tenant;</li>
 * <li>{@code type}: {@code app.thestorage.provisioning.<user|group>.<WHAT>.v<schemaVersion>}, WHAT being the change's
 * type for a change event ({@code USER_CREATED}, {@code MEMBERS_ADDED}, ...), {@code PHOTO_CHANGED} for a photo event,
 * and the state's type with {@code _STATE} for a state record ({@code USER_STATE}, {@code GROUP_STATE},
 * {@code GROUP_MEMBER_STATE});</li>
 * <li>{@code id}: the event's {@code eventId} for change and photo events; {@code <key>:<version>} for a state record
 * (the same for a state published again unchanged, so a consumer can tell it is a duplicate);</li>
 * <li>{@code subject}: the record's key without its tenant: the user id, the group id, or {@code groupId/userId} for a
 * membership;</li>
 * <li>{@code time}: when the change happened ({@code occurredAt}) for change and photo events; when the record was
 * written for a state record (the state as of then);</li>
 * <li>{@code datacontenttype} {@value #CONTENT_TYPE} and {@code dataschema}, the {@code $id} of the record's JSON
 * Schema.</li>
 * </ul>
 * A tombstone has none: see {@link CloudEventSerde}.
 *
 * @param id       unique per event within the source
 * @param tenant   names the source
 * @param type     what happened, with the schema version
 * @param subject  whom it is about, within the tenant
 * @param time     when
 * @param schema   the file name of the value's JSON Schema, e.g. {@code user-change-event.v1.schema.json}
 */
public record EventMetadata(String id, String tenant, String type, String subject, Instant time, String schema) {

    /** The CloudEvents version of the attributes. */
    public static final String SPEC_VERSION = "1.0";
    /** How every type of this pipeline starts. */
    public static final String TYPE_PREFIX = "app.thestorage.provisioning.";
    /** How every source of this pipeline starts; the tenant follows. */
    public static final String SOURCE_PREFIX = "/thestorage/provisioning/";
    /** The media type of every value (datacontenttype, the {@code content-type} header). */
    public static final String CONTENT_TYPE = "application/json";
    /** Where the JSON Schemas are named ({@code $id}); {@code dataschema} is this and the file name. */
    public static final String SCHEMAS = "https://thestorage.app/schemas/";

    public static EventMetadata of(UserChangeEvent event) {
        return new EventMetadata(event.eventId(), event.tenant(),
                type("user", event.type().name(), event.schemaVersion()), event.userId(), event.occurredAt(),
                schema("user-change-event", event.schemaVersion()));
    }

    public static EventMetadata of(GroupChangeEvent event) {
        return new EventMetadata(event.eventId(), event.tenant(),
                type("group", event.type().name(), event.schemaVersion()), event.groupId(), event.occurredAt(),
                schema("group-change-event", event.schemaVersion()));
    }

    public static EventMetadata of(UserPhotoEvent event) {
        return new EventMetadata(event.eventId(), event.tenant(),
                type("user", "PHOTO_CHANGED", event.schemaVersion()), event.userId(), event.occurredAt(),
                schema("user-photo-event", event.schemaVersion()));
    }

    public static EventMetadata of(UserState state, Instant written) {
        return new EventMetadata(Topics.userKey(state.tenant(), state.userId()) + ":" + state.version(),
                state.tenant(), type("user", state.type().name() + "_STATE", state.schemaVersion()), state.userId(),
                written, schema("user-state", state.schemaVersion()));
    }

    public static EventMetadata of(GroupState state, Instant written) {
        return new EventMetadata(Topics.groupKey(state.tenant(), state.groupId()) + ":" + state.version(),
                state.tenant(), type("group", state.type().name() + "_STATE", state.schemaVersion()),
                state.groupId(), written, schema("group-state", state.schemaVersion()));
    }

    public static EventMetadata of(GroupMemberState state, Instant written) {
        return new EventMetadata(
                Topics.groupMemberKey(state.tenant(), state.groupId(), state.userId()) + ":" + state.version(),
                state.tenant(), type("group", state.type().name() + "_STATE", state.schemaVersion()),
                state.groupId() + "/" + state.userId(), written, schema("group-member-state", state.schemaVersion()));
    }

    /** {@code /thestorage/provisioning/<tenant>}; a tenant is a slug, so it needs no escaping. */
    public URI source() {
        return URI.create(SOURCE_PREFIX + tenant);
    }

    /** The {@code $id} of the value's JSON Schema. */
    public URI dataSchema() {
        return URI.create(SCHEMAS + schema);
    }

    /** These attributes with the value as the event's data. */
    CloudEvent toCloudEvent(byte[] json) {
        return CloudEventBuilder.v1()
                .withId(id)
                .withSource(source())
                .withType(type)
                .withSubject(subject)
                .withTime(time.atOffset(ZoneOffset.UTC))
                .withData(CONTENT_TYPE, dataSchema(), json)
                .build();
    }

    private static String type(String about, String what, int schemaVersion) {
        return TYPE_PREFIX + about + "." + what + ".v" + schemaVersion;
    }

    private static String schema(String name, int schemaVersion) {
        return name + ".v" + schemaVersion + ".schema.json";
    }
}
