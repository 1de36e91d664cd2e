package app.thestorage.provisioning.topics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import app.thestorage.provisioning.contract.Topics;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** How a service compares the pipeline's topics with its settings before it starts. */
class TopicCheckTest {

    private static final TopicSettings SETTINGS = new TopicSettings(12, (short) 3, Duration.ofDays(7), true);
    private static final TopicCheck CHECK = new TopicCheck(SETTINGS);

    @Test
    void topics_created_as_set_differ_in_nothing() {
        assertThat(CHECK.differences(asSet())).isEmpty();
    }

    @Test
    void configs_the_operator_added_and_more_replicas_are_left_alone() {
        Map<String, ExistingTopic> cluster = asSet();
        ExistingTopic changes = cluster.get(Topics.USER_CHANGES);
        Map<String, String> configs = new HashMap<>(changes.configs());
        configs.put("compression.type", "zstd");
        cluster.put(Topics.USER_CHANGES, new ExistingTopic(Topics.USER_CHANGES, 12, 5, configs));

        assertThat(CHECK.differences(cluster)).isEmpty();
    }

    @Test
    void commands_with_other_partitions_are_named_with_both_counts_more_or_fewer() {
        Map<String, ExistingTopic> cluster = asSet();
        cluster.put(Topics.COMMANDS, withPartitions(cluster.get(Topics.COMMANDS), 16));
        cluster.put(Topics.GROUP_MEMBER_STATE, withPartitions(cluster.get(Topics.GROUP_MEMBER_STATE), 6));

        assertThat(CHECK.differences(cluster)).containsExactly(
                "provisioning.commands.v1 has 16 partitions, the pipeline is set to 12 (provisioning.topics.partitions)",
                "groups.members.state.v1 has 6 partitions, the pipeline is set to 12 (provisioning.topics.partitions)");
    }

    @Test
    void a_config_that_differs_is_named_with_both_values() {
        Map<String, ExistingTopic> cluster = asSet();
        Map<String, String> state = new HashMap<>(cluster.get(Topics.USER_STATE).configs());
        state.put("cleanup.policy", "delete");
        cluster.put(Topics.USER_STATE, new ExistingTopic(Topics.USER_STATE, 12, 3, state));
        Map<String, String> changes = new HashMap<>(cluster.get(Topics.USER_CHANGES).configs());
        changes.put("retention.ms", "-1");
        cluster.put(Topics.USER_CHANGES, new ExistingTopic(Topics.USER_CHANGES, 12, 3, changes));

        assertThat(CHECK.differences(cluster)).containsExactlyInAnyOrder(
                "users.state.v1 has cleanup.policy=delete, the pipeline needs cleanup.policy=compact",
                "users.changes.v1 has retention.ms=-1, the pipeline needs retention.ms=518400000");
    }

    @Test
    void fewer_replicas_than_set_are_named() {
        Map<String, ExistingTopic> cluster = asSet();
        ExistingTopic decisions = cluster.get(Topics.DECISIONS);
        cluster.put(Topics.DECISIONS, new ExistingTopic(Topics.DECISIONS, 12, 1, decisions.configs()));

        assertThat(CHECK.differences(cluster)).containsExactly(
                "provisioning.decisions.v1 has 1 replica, the pipeline is set to 3 (provisioning.topics.replication-factor)");
    }

    @Test
    void a_missing_topic_is_named_and_when_the_platform_declares_them_so_is_who_should_have_created_it() {
        Map<String, ExistingTopic> cluster = asSet();
        cluster.remove(Topics.GROUP_STATE);

        assertThat(CHECK.differences(cluster)).containsExactly("groups.state.v1 does not exist");
        assertThat(new TopicCheck(new TopicSettings(12, (short) 3, Duration.ofDays(7), false)).differences(cluster))
                .singleElement().asString()
                .startsWith("groups.state.v1 does not exist")
                .contains("provisioning.topics.declare is false");
    }

    @Test
    void the_refusal_lists_every_difference_says_nothing_was_changed_and_why_partitions_never_are() {
        assertThat(TopicCheck.refusal(List.of("a has 1 partition, the pipeline is set to 3 (provisioning.topics.partitions)",
                "b does not exist")))
                .contains("\n - a has 1 partition, the pipeline is set to 3 (provisioning.topics.partitions)\n"
                        + " - b does not exist\n")
                .contains("changed no topic")
                .contains("partitions are never changed in place")
                .contains("docs/topics.md");
        assertThat(TopicCheck.refusal(List.of("b has retention.ms=1, the pipeline needs retention.ms=2")))
                .doesNotContain("partitions are never changed");
    }

    @Test
    void settings_that_cannot_make_a_topic_are_refused_naming_the_setting() {
        assertThatThrownBy(() -> new TopicSettings(0, (short) 1, Duration.ofDays(7), true))
                .hasMessageContaining("provisioning.topics.partitions");
        assertThatThrownBy(() -> new TopicSettings(3, (short) 0, Duration.ofDays(7), true))
                .hasMessageContaining("provisioning.topics.replication-factor");
        assertThatThrownBy(() -> new TopicSettings(3, (short) 1, Duration.ofSeconds(1), true))
                .hasMessageContaining("provisioning.topics.erasure-bound");
    }

    /** Every pipeline topic as a service creates it with {@link #SETTINGS}. */
    private static Map<String, ExistingTopic> asSet() {
        return new HashMap<>(Topics.all().stream()
                .map(topic -> new ExistingTopic(topic, 12, 3, SETTINGS.configs(topic)))
                .collect(Collectors.toMap(ExistingTopic::name, Function.identity())));
    }

    private static ExistingTopic withPartitions(ExistingTopic topic, int partitions) {
        return new ExistingTopic(topic.name(), partitions, topic.replicas(), topic.configs());
    }
}
