package app.thestorage.provisioning.contract;

import static org.assertj.core.api.Assertions.assertThat;

import app.thestorage.provisioning.contract.event.UserChangeEvent;
import app.thestorage.provisioning.contract.event.UserChangeType;
import app.thestorage.provisioning.contract.event.UserPhotoEvent;
import app.thestorage.provisioning.contract.group.Group;
import app.thestorage.provisioning.contract.group.GroupChangeEvent;
import app.thestorage.provisioning.contract.group.GroupChangeType;
import app.thestorage.provisioning.contract.serde.Serdes;
import app.thestorage.provisioning.contract.serde.ChangeEventSerde;
import app.thestorage.provisioning.contract.user.Email;
import app.thestorage.provisioning.contract.user.IdentityProvider;
import app.thestorage.provisioning.contract.user.Name;
import app.thestorage.provisioning.contract.user.Photo;
import app.thestorage.provisioning.contract.user.ProfilePhoto;
import app.thestorage.provisioning.contract.user.User;
import app.thestorage.provisioning.contract.user.UserAttributes;
import com.networknt.schema.InputFormat;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The public user-change and photo topics are APIs: what we publish must match the schemas other teams code against. */
class PublicEventContractTest {

    private static final JsonSchema SCHEMA = load("/schemas/user-change-event.v1.schema.json");
    private static final JsonSchema PHOTO_SCHEMA = load("/schemas/user-photo-event.v1.schema.json");
    private static final JsonSchema GROUP_SCHEMA = load("/schemas/group-change-event.v1.schema.json");
    private static final ProfilePhoto PHOTO = new ProfilePhoto(
            "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08", "image/jpeg", 48_213,
            ProfilePhoto.PhotoOrigin.MICROSOFT_GRAPH);

    @ParameterizedTest
    @EnumSource(UserChangeType.class)
    void every_published_event_type_validates_against_the_v1_schema(UserChangeType type) {
        UserChangeEvent event = UserChangeEvent.of(type, fullUser(), Instant.parse("2026-11-20T09:15:02.123Z"));

        String json = new String(Serdes.userChanges().serialize(Topics.USER_CHANGES, event), StandardCharsets.UTF_8);

        assertThat(SCHEMA.validate(json, InputFormat.JSON)).isEmpty();
    }

    @ParameterizedTest
    @EnumSource(GroupChangeType.class)
    void every_published_group_event_type_validates_against_the_v1_schema(GroupChangeType type) {
        Group group = new Group("acme", "g-1", "Engineering", type == GroupChangeType.GROUP_CREATED ? null : "ext-7",
                IdentityProvider.MICROSOFT_ENTRA_ID, Instant.EPOCH, Instant.parse("2026-11-20T09:15:02.123Z"), 3);
        List<String> members = type.name().startsWith("MEMBERS") ? List.of("u-1", "u-2") : List.of();
        GroupChangeEvent event = GroupChangeEvent.of(type, group, members, Instant.parse("2026-11-20T09:15:02.123Z"));

        String json = new String(Serdes.groupChanges().serialize(Topics.GROUP_CHANGES, event), StandardCharsets.UTF_8);

        assertThat(GROUP_SCHEMA.validate(json, InputFormat.JSON)).isEmpty();
        assertThat(Serdes.groupChanges().deserialize(Topics.GROUP_CHANGES, json.getBytes(StandardCharsets.UTF_8)))
                .isEqualTo(event);
        if (!members.isEmpty()) {
            String twice = json.replace("\"members\":[\"u-1\"", "\"members\":[\"u-1\",\"u-1\"");
            assertThat(twice).isNotEqualTo(json);
            assertThat(GROUP_SCHEMA.validate(twice, InputFormat.JSON)).as("a member twice").isNotEmpty();
        }
    }

    @Test
    void a_user_with_only_the_required_attributes_validates_too() {
        User minimal = new User("acme", "u-1", new UserAttributes("bob", null, null, null, null, null, true, null),
                IdentityProvider.OKTA, Instant.EPOCH, Instant.EPOCH, 1);
        UserChangeEvent event = UserChangeEvent.of(UserChangeType.USER_CREATED, minimal, Instant.EPOCH);

        String json = new String(Serdes.userChanges().serialize(Topics.USER_CHANGES, event), StandardCharsets.UTF_8);

        assertThat(SCHEMA.validate(json, InputFormat.JSON)).isEmpty();
    }

    @Test
    void a_user_with_a_profile_photo_validates_and_reads_back() {
        User full = fullUser();
        User withPhoto = new User(full.tenant(), full.id(), full.attributes(), full.source(), full.created(),
                full.lastModified(), full.version() + 1, PHOTO);
        UserChangeEvent event = UserChangeEvent.of(UserChangeType.USER_UPDATED, withPhoto, Instant.EPOCH);

        byte[] json = Serdes.userChanges().serialize(Topics.USER_CHANGES, event);

        assertThat(SCHEMA.validate(new String(json, StandardCharsets.UTF_8), InputFormat.JSON)).isEmpty();
        assertThat(Serdes.userChanges().deserialize(Topics.USER_CHANGES, json).user().photo()).isEqualTo(PHOTO);
    }

    @Test
    void a_users_photos_read_back_and_a_user_without_photos_is_written_as_before_photos_existed() {
        UserChangeEvent event = UserChangeEvent.of(UserChangeType.USER_UPDATED, fullUser(), Instant.EPOCH);
        byte[] json = Serdes.userChanges().serialize(Topics.USER_CHANGES, event);

        assertThat(Serdes.userChanges().deserialize(Topics.USER_CHANGES, json).user().attributes().photos())
                .isEqualTo(fullUser().attributes().photos());

        User full = fullUser();
        User without = new User(full.tenant(), full.id(), new UserAttributes(full.userName(), null, null, null, null,
                null, true, null), full.source(), full.created(), full.lastModified(), full.version());
        String plain = new String(Serdes.userChanges().serialize(Topics.USER_CHANGES,
                UserChangeEvent.of(UserChangeType.USER_UPDATED, without, Instant.EPOCH)), StandardCharsets.UTF_8);
        assertThat(plain).doesNotContain("photos");
    }

    @Test
    void the_schema_rejects_a_photo_of_another_type_or_not_on_https() {
        String json = new String(Serdes.userChanges().serialize(Topics.USER_CHANGES,
                UserChangeEvent.of(UserChangeType.USER_UPDATED, fullUser(), Instant.EPOCH)), StandardCharsets.UTF_8);

        String avatar = json.replace("\"type\":\"thumbnail\"", "\"type\":\"avatar\"");
        String plainHttp = json.replace("https://cdn.acme.example/ada.jpg", "http://cdn.acme.example/ada.jpg");

        assertThat(avatar).isNotEqualTo(json);
        assertThat(SCHEMA.validate(avatar, InputFormat.JSON)).isNotEmpty();
        assertThat(plainHttp).isNotEqualTo(json);
        assertThat(SCHEMA.validate(plainHttp, InputFormat.JSON)).isNotEmpty();
    }

    @Test
    void photo_events_with_and_without_a_photo_validate_against_their_schema() {
        for (ProfilePhoto photo : new ProfilePhoto[] {PHOTO, null}) {
            UserPhotoEvent event = UserPhotoEvent.of("acme", "6f1c2a4e", photo, Instant.parse("2026-11-20T09:15:02Z"));

            byte[] json = Serdes.userPhotos().serialize(Topics.USER_PHOTOS, event);

            assertThat(PHOTO_SCHEMA.validate(new String(json, StandardCharsets.UTF_8), InputFormat.JSON)).isEmpty();
            assertThat(Serdes.userPhotos().deserialize(Topics.USER_PHOTOS, json)).isEqualTo(event);
        }
    }

    @Test
    void the_photo_schema_rejects_a_photo_that_is_not_named_by_its_sha256() {
        String json = new String(Serdes.userPhotos().serialize(Topics.USER_PHOTOS,
                UserPhotoEvent.of("acme", "6f1c2a4e", PHOTO, Instant.EPOCH)), StandardCharsets.UTF_8);

        String renamed = json.replace(PHOTO.sha256(), "avatar.jpg");

        assertThat(PHOTO_SCHEMA.validate(renamed, InputFormat.JSON)).isNotEmpty();
    }

    @Test
    void an_event_published_by_v1_still_reads_and_still_validates() throws IOException {
        byte[] published = readResource("/events/user-created.v1.json");

        assertThat(SCHEMA.validate(new String(published, StandardCharsets.UTF_8), InputFormat.JSON)).isEmpty();
        UserChangeEvent event = Serdes.userChanges().deserialize(Topics.USER_CHANGES, published);
        assertThat(event.user().attributes().emails()).extracting(Email::value)
                .containsExactly("ada.lovelace@acme.example");
        assertThat(event.source()).isEqualTo(IdentityProvider.MICROSOFT_ENTRA_ID);
        assertThat(event.version()).isEqualTo(1);
    }

    @Test
    void every_event_names_its_type_and_source_in_headers_for_consumers_that_filter_without_parsing() {
        RecordHeaders headers = new RecordHeaders();
        headers.add(ChangeEventSerde.USER_CHANGE_TYPE, "stale".getBytes(StandardCharsets.UTF_8));

        Serdes.userChanges().serialize(Topics.USER_CHANGES, headers,
                UserChangeEvent.of(UserChangeType.USER_DEACTIVATED, fullUser(), Instant.EPOCH));

        assertThat(ChangeEventSerde.header(headers, ChangeEventSerde.USER_CHANGE_TYPE)).isEqualTo("USER_DEACTIVATED");
        assertThat(ChangeEventSerde.header(headers, ChangeEventSerde.SOURCE)).isEqualTo("MICROSOFT_ENTRA_ID");
        assertThat(headers.headers(ChangeEventSerde.USER_CHANGE_TYPE)).hasSize(1);
    }

    @Test
    void every_group_event_names_its_type_and_source_in_headers_and_none_of_a_user_change() {
        RecordHeaders headers = new RecordHeaders();
        headers.add(ChangeEventSerde.GROUP_CHANGE_TYPE, "stale".getBytes(StandardCharsets.UTF_8));
        Group group = new Group("acme", "g-1", "Engineering", "00g7", IdentityProvider.OKTA, Instant.EPOCH,
                Instant.EPOCH, 2);

        Serdes.groupChanges().serialize(Topics.GROUP_CHANGES, headers,
                GroupChangeEvent.of(GroupChangeType.MEMBERS_REMOVED, group, List.of("u-1"), Instant.EPOCH));

        assertThat(ChangeEventSerde.header(headers, ChangeEventSerde.GROUP_CHANGE_TYPE)).isEqualTo("MEMBERS_REMOVED");
        assertThat(ChangeEventSerde.header(headers, ChangeEventSerde.SOURCE)).isEqualTo("OKTA");
        assertThat(headers.headers(ChangeEventSerde.GROUP_CHANGE_TYPE)).hasSize(1);
        assertThat(headers.lastHeader(ChangeEventSerde.USER_CHANGE_TYPE)).isNull();
    }

    @Test
    void the_schema_rejects_an_event_without_a_source() {
        String json = new String(Serdes.userChanges().serialize(Topics.USER_CHANGES,
                UserChangeEvent.of(UserChangeType.USER_CREATED, fullUser(), Instant.EPOCH)), StandardCharsets.UTF_8);

        String withoutSource = json.replaceFirst("\"source\":\"MICROSOFT_ENTRA_ID\",", "");

        assertThat(withoutSource).isNotEqualTo(json);
        assertThat(SCHEMA.validate(withoutSource, InputFormat.JSON)).isNotEmpty();
    }

    private static User fullUser() {
        UserAttributes attributes = new UserAttributes("ada.lovelace@acme.example", "9c6e2f3a",
                new Name("Ada", "Lovelace"), "Ada Lovelace", "Analyst",
                List.of(new Email("ada.lovelace@acme.example", "work", true)), true, "Engineering",
                List.of(new Photo("https://cdn.acme.example/ada.jpg", "Ada", "photo", true),
                        new Photo("https://cdn.acme.example/ada-small.jpg", null, "thumbnail", false)));
        return new User("acme", "6f1c2a4e", attributes, IdentityProvider.MICROSOFT_ENTRA_ID,
                Instant.parse("2026-11-20T09:15:02.123Z"), Instant.parse("2026-11-21T10:00:00Z"), 3);
    }

    private static JsonSchema load(String resource) {
        SchemaValidatorsConfig config = SchemaValidatorsConfig.builder().formatAssertionsEnabled(true).build();
        try (InputStream in = PublicEventContractTest.class.getResourceAsStream(resource)) {
            return JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012).getSchema(in, config);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] readResource(String resource) throws IOException {
        try (InputStream in = PublicEventContractTest.class.getResourceAsStream(resource)) {
            return in.readAllBytes();
        }
    }
}
