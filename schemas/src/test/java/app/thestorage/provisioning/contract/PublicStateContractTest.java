package app.thestorage.provisioning.contract;

import static org.assertj.core.api.Assertions.assertThat;

import app.thestorage.provisioning.contract.group.Group;
import app.thestorage.provisioning.contract.serde.Serdes;
import app.thestorage.provisioning.contract.state.GroupMemberState;
import app.thestorage.provisioning.contract.state.GroupState;
import app.thestorage.provisioning.contract.state.UserState;
import app.thestorage.provisioning.contract.user.Email;
import app.thestorage.provisioning.contract.user.IdentityProvider;
import app.thestorage.provisioning.contract.user.Name;
import app.thestorage.provisioning.contract.user.User;
import app.thestorage.provisioning.contract.user.UserAttributes;
import com.networknt.schema.InputFormat;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The state topics are APIs too: every record matches its published schema, and the topics compact. */
class PublicStateContractTest {

    private static final JsonSchemaFactory SCHEMAS = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012,
            builder -> builder.schemaMappers(mappers -> mappers.mapPrefix("https://thestorage.app/schemas/",
                    "classpath:schemas/")));
    private static final Group GROUP = new Group("acme", "g-1", "Engineering", "00g7", IdentityProvider.OKTA,
            Instant.EPOCH, Instant.parse("2026-11-20T09:15:02.123Z"), 4);

    @Test
    void a_user_state_validates_and_reads_back_with_the_users_version_and_source() {
        UserState state = UserState.of(user());

        byte[] json = Serdes.userStates().serialize(Topics.USER_STATE, state);

        assertThat(schema("user-state.v1.schema.json").validate(text(json), InputFormat.JSON)).isEmpty();
        assertThat(Serdes.userStates().deserialize(Topics.USER_STATE, json)).isEqualTo(state);
        assertThat(state.version()).isEqualTo(3);
        assertThat(state.source()).isEqualTo(IdentityProvider.MICROSOFT_ENTRA_ID);
    }

    @Test
    void a_group_state_and_a_membership_validate_and_read_back() {
        GroupState group = GroupState.of(GROUP);
        GroupMemberState member = GroupMemberState.of(GROUP, "u-1");

        byte[] groupJson = Serdes.groupStates().serialize(Topics.GROUP_STATE, group);
        byte[] memberJson = Serdes.groupMemberStates().serialize(Topics.GROUP_MEMBER_STATE, member);

        assertThat(schema("group-state.v1.schema.json").validate(text(groupJson), InputFormat.JSON)).isEmpty();
        assertThat(schema("group-member-state.v1.schema.json").validate(text(memberJson), InputFormat.JSON))
                .isEmpty();
        assertThat(Serdes.groupStates().deserialize(Topics.GROUP_STATE, groupJson)).isEqualTo(group);
        assertThat(Serdes.groupMemberStates().deserialize(Topics.GROUP_MEMBER_STATE, memberJson)).isEqualTo(member);
        assertThat(memberJson.length).as("a membership is a small record").isLessThan(300);
    }

    @Test
    void a_state_record_of_another_topic_does_not_validate() {
        byte[] member = Serdes.groupMemberStates().serialize(Topics.GROUP_MEMBER_STATE,
                GroupMemberState.of(GROUP, "u-1"));

        assertThat(schema("group-state.v1.schema.json").validate(text(member), InputFormat.JSON)).isNotEmpty();
    }

    @Test
    void a_tombstone_is_a_record_without_value() {
        assertThat(Serdes.userStates().serialize(Topics.USER_STATE, null)).isNull();
        assertThat(Serdes.userStates().deserialize(Topics.USER_STATE, null)).isNull();
    }

    @Test
    void state_topics_compact_and_forget_a_superseded_value_within_the_erasure_bound() {
        Map<String, String> state = Topics.configs(Topics.USER_STATE, (short) 3, Duration.ofDays(7));
        Map<String, String> changes = Topics.configs(Topics.USER_CHANGES, (short) 3, Duration.ofDays(7));

        assertThat(state).containsEntry("cleanup.policy", "compact")
                .containsEntry("max.compaction.lag.ms", Long.toString(Duration.ofDays(1).toMillis()))
                .containsEntry("delete.retention.ms", Long.toString(Duration.ofDays(1).toMillis()))
                .containsEntry("min.insync.replicas", "2");
        assertThat(changes).containsEntry("cleanup.policy", "delete")
                .containsEntry("retention.ms", Long.toString(Duration.ofDays(6).toMillis()))
                .containsEntry("segment.ms", Long.toString(Duration.ofDays(1).toMillis()));
        for (String topic : Topics.all()) {
            Map<String, String> configs = Topics.configs(topic, (short) 1, Duration.ofDays(7));
            long kept = Topics.stateTopics().contains(topic)
                    ? Long.parseLong(configs.get("max.compaction.lag.ms"))
                    : Long.parseLong(configs.get("retention.ms")) + Long.parseLong(configs.get("segment.ms"));
            assertThat(Duration.ofMillis(kept)).as(topic).isLessThanOrEqualTo(Duration.ofDays(7));
        }
        assertThat(Topics.stateTopics()).containsExactlyInAnyOrder(Topics.USER_STATE, Topics.GROUP_STATE,
                Topics.GROUP_MEMBER_STATE);
        assertThat(Topics.all()).containsAll(Topics.stateTopics());
    }

    private static User user() {
        UserAttributes attributes = new UserAttributes("ada.lovelace@acme.example", "9c6e2f3a",
                new Name("Ada", "Lovelace"), "Ada Lovelace", "Analyst",
                List.of(new Email("ada.lovelace@acme.example", "work", true)), false, "Engineering");
        return new User("acme", "6f1c2a4e", attributes, IdentityProvider.MICROSOFT_ENTRA_ID,
                Instant.parse("2026-11-20T09:15:02.123Z"), Instant.parse("2026-11-21T10:00:00Z"), 3);
    }

    private static JsonSchema schema(String file) {
        return SCHEMAS.getSchema(SchemaLocation.of("https://thestorage.app/schemas/" + file),
                SchemaValidatorsConfig.builder().formatAssertionsEnabled(true).build());
    }

    private static String text(byte[] json) {
        return new String(json, StandardCharsets.UTF_8);
    }
}
