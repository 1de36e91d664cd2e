package app.thestorage.provisioning.contract;

import static org.assertj.core.api.Assertions.assertThat;

import app.thestorage.provisioning.contract.event.UserChangeEvent;
import app.thestorage.provisioning.contract.event.UserChangeType;
import app.thestorage.provisioning.contract.event.UserPhotoEvent;
import app.thestorage.provisioning.contract.group.Group;
import app.thestorage.provisioning.contract.group.GroupChangeEvent;
import app.thestorage.provisioning.contract.group.GroupChangeType;
import app.thestorage.provisioning.contract.serde.ChangeEventSerde;
import app.thestorage.provisioning.contract.serde.JsonSerde;
import app.thestorage.provisioning.contract.serde.Serdes;
import app.thestorage.provisioning.contract.state.GroupMemberState;
import app.thestorage.provisioning.contract.state.GroupState;
import app.thestorage.provisioning.contract.state.UserState;
import app.thestorage.provisioning.contract.user.Email;
import app.thestorage.provisioning.contract.user.IdentityProvider;
import app.thestorage.provisioning.contract.user.Name;
import app.thestorage.provisioning.contract.user.ProfilePhoto;
import app.thestorage.provisioning.contract.user.User;
import app.thestorage.provisioning.contract.user.UserAttributes;
import io.cloudevents.CloudEvent;
import io.cloudevents.SpecVersion;
import io.cloudevents.kafka.CloudEventDeserializer;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.Test;

/**
 * Every record of a public topic is a CloudEvent in binary mode: its attributes in {@code ce_*} headers, read back here
 * with the CloudEvents SDK's own Kafka deserializer, and its value the JSON the contract describes, unchanged.
 */
class CloudEventHeadersTest {

    private static final Instant OCCURRED = Instant.parse("2026-11-20T09:15:02.123Z");
    private static final Instant WRITTEN = Instant.parse("2026-11-21T08:00:00.5Z");
    private static final Clock CLOCK = Clock.fixed(WRITTEN, ZoneOffset.UTC);
    private static final String TRACEPARENT = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";
    private static final Group GROUP = new Group("acme", "g-1", "Engineering", "00g7", IdentityProvider.OKTA,
            Instant.EPOCH, OCCURRED, 4);

    @Test
    void a_user_change_is_a_cloud_event_with_every_attribute_and_its_json_unchanged() {
        UserChangeEvent event = UserChangeEvent.of(UserChangeType.USER_DEACTIVATED, user(3), OCCURRED);
        Headers headers = traced();

        byte[] value = Serdes.userChanges().serialize(Topics.USER_CHANGES, headers, event);

        CloudEvent cloudEvent = read(Topics.USER_CHANGES, headers, value);
        assertThat(cloudEvent.getSpecVersion()).isEqualTo(SpecVersion.V1);
        assertThat(cloudEvent.getId()).isEqualTo(event.eventId()).isEqualTo("6f1c2a4e:3");
        assertThat(cloudEvent.getSource()).isEqualTo(URI.create("/thestorage/provisioning/acme"));
        assertThat(cloudEvent.getType()).isEqualTo("app.thestorage.provisioning.user.USER_DEACTIVATED.v1");
        assertThat(cloudEvent.getSubject()).isEqualTo("6f1c2a4e");
        assertThat(cloudEvent.getTime().toInstant()).isEqualTo(OCCURRED);
        assertThat(cloudEvent.getDataContentType()).isEqualTo("application/json");
        assertThat(cloudEvent.getDataSchema())
                .isEqualTo(URI.create("https://thestorage.app/schemas/user-change-event.v1.schema.json"));
        assertThat(value).as("the body is the contract's JSON, as before")
                .isEqualTo(new JsonSerde<>(UserChangeEvent.class).serialize(Topics.USER_CHANGES, event));
        assertThat(cloudEvent.getData().toBytes()).isEqualTo(value);
        assertThat(Serdes.userChanges().deserialize(Topics.USER_CHANGES, value)).isEqualTo(event);
        // the raw headers, as a consumer without the SDK sees them
        assertThat(text(headers, "ce_specversion")).isEqualTo("1.0");
        assertThat(text(headers, "ce_time")).as("RFC 3339").isEqualTo("2026-11-20T09:15:02.123Z");
        assertThat(text(headers, "content-type")).isEqualTo("application/json");
        // the headers the pipeline wrote before stay
        assertThat(ChangeEventSerde.header(headers, ChangeEventSerde.USER_CHANGE_TYPE)).isEqualTo("USER_DEACTIVATED");
        assertThat(ChangeEventSerde.header(headers, ChangeEventSerde.SOURCE)).isEqualTo("MICROSOFT_ENTRA_ID");
        assertThat(text(headers, "traceparent")).isEqualTo(TRACEPARENT);
    }

    @Test
    void two_changes_of_one_user_have_different_ids_and_its_state_record_another_again() {
        Headers first = new RecordHeaders();
        Headers second = new RecordHeaders();
        Headers state = new RecordHeaders();

        Serdes.userChanges().serialize(Topics.USER_CHANGES, first,
                UserChangeEvent.of(UserChangeType.USER_UPDATED, user(3), OCCURRED));
        Serdes.userChanges().serialize(Topics.USER_CHANGES, second,
                UserChangeEvent.of(UserChangeType.USER_UPDATED, user(4), OCCURRED));
        Serdes.userStates(CLOCK).serialize(Topics.USER_STATE, state, UserState.of(user(4)));

        assertThat(List.of(text(first, "ce_id"), text(second, "ce_id"), text(state, "ce_id")))
                .doesNotHaveDuplicates();
        assertThat(text(first, "ce_subject")).isEqualTo(text(second, "ce_subject"))
                .isEqualTo(text(state, "ce_subject"));
    }

    @Test
    void a_group_change_names_the_group_and_its_change() {
        GroupChangeEvent event = GroupChangeEvent.of(GroupChangeType.MEMBERS_ADDED, GROUP, List.of("u-1"), OCCURRED);
        Headers headers = new RecordHeaders();

        byte[] value = Serdes.groupChanges().serialize(Topics.GROUP_CHANGES, headers, event);

        CloudEvent cloudEvent = read(Topics.GROUP_CHANGES, headers, value);
        assertThat(cloudEvent.getId()).isEqualTo(event.eventId()).isEqualTo("g-1:4");
        assertThat(cloudEvent.getSource()).isEqualTo(URI.create("/thestorage/provisioning/acme"));
        assertThat(cloudEvent.getType()).isEqualTo("app.thestorage.provisioning.group.MEMBERS_ADDED.v1");
        assertThat(cloudEvent.getSubject()).isEqualTo("g-1");
        assertThat(cloudEvent.getTime().toInstant()).isEqualTo(OCCURRED);
        assertThat(cloudEvent.getDataSchema())
                .isEqualTo(URI.create("https://thestorage.app/schemas/group-change-event.v1.schema.json"));
        assertThat(value).isEqualTo(new JsonSerde<>(GroupChangeEvent.class).serialize(Topics.GROUP_CHANGES, event));
        assertThat(ChangeEventSerde.header(headers, ChangeEventSerde.GROUP_CHANGE_TYPE)).isEqualTo("MEMBERS_ADDED");
    }

    @Test
    void a_photo_event_carries_the_headers_in_the_record_a_producer_sends() {
        ProfilePhoto photo = new ProfilePhoto("9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08",
                "image/jpeg", 48_213, ProfilePhoto.PhotoOrigin.MICROSOFT_GRAPH);
        UserPhotoEvent event = UserPhotoEvent.of("acme", "6f1c2a4e", photo, OCCURRED);
        ProducerRecord<String, UserPhotoEvent> record = new ProducerRecord<>(Topics.USER_PHOTOS,
                Topics.userKey("acme", "6f1c2a4e"), event);

        // what a KafkaProducer does with the serializer photo-fetcher gives it: the record's own headers passed along
        byte[] value = Serdes.userPhotos().serializer().serialize(record.topic(), record.headers(), record.value());

        Headers headers = record.headers();
        CloudEvent cloudEvent = read(Topics.USER_PHOTOS, headers, value);
        assertThat(cloudEvent.getId()).isEqualTo(event.eventId());
        assertThat(cloudEvent.getSource()).isEqualTo(URI.create("/thestorage/provisioning/acme"));
        assertThat(cloudEvent.getType()).isEqualTo("app.thestorage.provisioning.user.PHOTO_CHANGED.v1");
        assertThat(cloudEvent.getSubject()).isEqualTo("6f1c2a4e");
        assertThat(cloudEvent.getTime().toInstant()).isEqualTo(OCCURRED);
        assertThat(cloudEvent.getDataSchema())
                .isEqualTo(URI.create("https://thestorage.app/schemas/user-photo-event.v1.schema.json"));
        assertThat(value).isEqualTo(new JsonSerde<>(UserPhotoEvent.class).serialize(Topics.USER_PHOTOS, event));
    }

    @Test
    void a_user_state_is_identified_by_key_and_version_and_timed_when_written() {
        UserState state = UserState.of(user(3));
        Headers headers = new RecordHeaders();

        byte[] value = Serdes.userStates(CLOCK).serialize(Topics.USER_STATE, headers, state);

        CloudEvent cloudEvent = read(Topics.USER_STATE, headers, value);
        assertThat(cloudEvent.getId()).isEqualTo("acme/6f1c2a4e:3");
        assertThat(cloudEvent.getSource()).isEqualTo(URI.create("/thestorage/provisioning/acme"));
        assertThat(cloudEvent.getType()).isEqualTo("app.thestorage.provisioning.user.USER_STATE.v1");
        assertThat(cloudEvent.getSubject()).isEqualTo("6f1c2a4e");
        assertThat(cloudEvent.getTime().toInstant()).isEqualTo(WRITTEN);
        assertThat(cloudEvent.getDataSchema())
                .isEqualTo(URI.create("https://thestorage.app/schemas/user-state.v1.schema.json"));
        assertThat(value).isEqualTo(new JsonSerde<>(UserState.class).serialize(Topics.USER_STATE, state));
    }

    @Test
    void a_state_published_again_unchanged_keeps_its_id_so_consumers_can_drop_the_duplicate() {
        Headers first = new RecordHeaders();
        Headers again = new RecordHeaders();

        Serdes.groupStates(CLOCK).serialize(Topics.GROUP_STATE, first, GroupState.of(GROUP));
        Serdes.groupStates(Clock.offset(CLOCK, Duration.ofHours(1)))
                .serialize(Topics.GROUP_STATE, again, GroupState.of(GROUP));

        assertThat(text(again, "ce_id")).isEqualTo(text(first, "ce_id")).isEqualTo("acme/g-1:4");
        assertThat(text(again, "ce_time")).isNotEqualTo(text(first, "ce_time"));
    }

    @Test
    void a_group_state_and_a_membership_name_their_group_and_member() {
        Headers group = new RecordHeaders();
        Headers member = new RecordHeaders();

        byte[] groupValue = Serdes.groupStates(CLOCK).serialize(Topics.GROUP_STATE, group, GroupState.of(GROUP));
        byte[] memberValue = Serdes.groupMemberStates(CLOCK).serialize(Topics.GROUP_MEMBER_STATE, member,
                GroupMemberState.of(GROUP, "u-1"));

        CloudEvent groupEvent = read(Topics.GROUP_STATE, group, groupValue);
        assertThat(groupEvent.getType()).isEqualTo("app.thestorage.provisioning.group.GROUP_STATE.v1");
        assertThat(groupEvent.getSubject()).isEqualTo("g-1");
        assertThat(groupEvent.getSource()).isEqualTo(URI.create("/thestorage/provisioning/acme"));
        assertThat(groupEvent.getTime().toInstant()).isEqualTo(WRITTEN);
        CloudEvent memberEvent = read(Topics.GROUP_MEMBER_STATE, member, memberValue);
        assertThat(memberEvent.getId()).isEqualTo("acme/g-1/u-1:4");
        assertThat(memberEvent.getType()).isEqualTo("app.thestorage.provisioning.group.GROUP_MEMBER_STATE.v1");
        assertThat(memberEvent.getSubject()).isEqualTo("g-1/u-1");
        assertThat(memberEvent.getSource()).isEqualTo(URI.create("/thestorage/provisioning/acme"));
        assertThat(memberEvent.getTime().toInstant()).isEqualTo(WRITTEN);
        assertThat(memberEvent.getDataSchema())
                .isEqualTo(URI.create("https://thestorage.app/schemas/group-member-state.v1.schema.json"));
    }

    @Test
    void headers_a_record_brought_along_are_replaced_not_doubled() {
        Headers headers = traced();
        headers.add("ce_id", bytes("stale"));
        headers.add("ce_type", bytes("stale"));
        headers.add("content-type", bytes("text/plain"));

        Serdes.userStates(CLOCK).serialize(Topics.USER_STATE, headers, UserState.of(user(3)));

        for (String name : List.of("ce_specversion", "ce_id", "ce_source", "ce_type", "ce_subject", "ce_time",
                "ce_dataschema", "content-type")) {
            assertThat(headers.headers(name)).as(name).hasSize(1);
        }
        assertThat(text(headers, "ce_id")).isEqualTo("acme/6f1c2a4e:3");
        assertThat(text(headers, "content-type")).isEqualTo("application/json");
        assertThat(text(headers, "traceparent")).isEqualTo(TRACEPARENT);
    }

    @Test
    void a_tombstone_has_no_value_and_no_cloud_event_headers_even_when_its_record_brought_some() {
        Headers headers = traced();
        headers.add("ce_id", bytes("acme/6f1c2a4e:3"));
        headers.add("ce_type", bytes("app.thestorage.provisioning.user.USER_STATE.v1"));
        headers.add("content-type", bytes("application/json"));

        byte[] value = Serdes.userStates(CLOCK).serialize(Topics.USER_STATE, headers, null);

        assertThat(value).isNull();
        assertThat(headers.toArray()).extracting(Header::key).containsExactly("traceparent");
    }

    private static CloudEvent read(String topic, Headers headers, byte[] value) {
        try (CloudEventDeserializer deserializer = new CloudEventDeserializer()) {
            return deserializer.deserialize(topic, headers, value);
        }
    }

    private static Headers traced() {
        Headers headers = new RecordHeaders();
        headers.add("traceparent", bytes(TRACEPARENT));
        return headers;
    }

    private static String text(Headers headers, String name) {
        Header header = headers.lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static User user(long version) {
        UserAttributes attributes = new UserAttributes("ada.lovelace@acme.example", "9c6e2f3a",
                new Name("Ada", "Lovelace"), "Ada Lovelace", "Analyst",
                List.of(new Email("ada.lovelace@acme.example", "work", true)), true, "Engineering");
        return new User("acme", "6f1c2a4e", attributes, IdentityProvider.MICROSOFT_ENTRA_ID,
                Instant.parse("2026-11-20T09:15:02.123Z"), OCCURRED, version);
    }
}
