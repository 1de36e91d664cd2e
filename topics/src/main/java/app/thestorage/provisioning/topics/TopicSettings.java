package app.thestorage.provisioning.topics;

import app.thestorage.provisioning.contract.Topics;
import java.time.Duration;
import java.util.Map;
import org.apache.kafka.clients.admin.NewTopic;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The one layout of the pipeline's topics, the same for all three services (the same keys, the same environment
 * variables): every topic has {@code partitions} partitions and {@code replicationFactor} replicas, and the configs
 * {@link Topics#configs} derives from the erasure bound. What a service does with it at start: {@link TopicCheck}.
 *
 * @param partitions        partitions of every pipeline topic ({@code PROVISIONING_TOPICS_PARTITIONS}): how many
 *                          instances of each consumer can share the work. Fixed once the topics exist (docs/topics.md)
 * @param replicationFactor replicas of every pipeline topic, and of Kafka Streams' internal topics
 *                          ({@code PROVISIONING_TOPICS_REPLICATION_FACTOR}); more than one means min.insync.replicas 2
 * @param erasureBound      how long a deleted person's data may stay readable on any topic
 *                          ({@code PROVISIONING_TOPICS_ERASURE_BOUND}): retention and compaction lag follow from it
 * @param declare           whether a service creates the topics that are missing ({@code PROVISIONING_TOPICS_DECLARE});
 *                          false when the platform declares them (Strimzi's KafkaTopic resources). A service never
 *                          changes a topic that exists
 */
@ConfigurationProperties("provisioning.topics")
public record TopicSettings(
        @DefaultValue("3") int partitions,
        @DefaultValue("1") short replicationFactor,
        @DefaultValue("7d") Duration erasureBound,
        @DefaultValue("true") boolean declare) {

    public TopicSettings {
        if (partitions < 1) {
            throw new IllegalArgumentException("provisioning.topics.partitions must be 1 or more, was " + partitions);
        }
        if (replicationFactor < 1) {
            throw new IllegalArgumentException("provisioning.topics.replication-factor must be 1 or more, was "
                    + replicationFactor);
        }
        if (erasureBound == null) {
            throw new IllegalArgumentException("provisioning.topics.erasure-bound must be set, e.g. 7d");
        }
        try {
            Topics.configs(Topics.COMMANDS, replicationFactor, erasureBound);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("provisioning.topics.erasure-bound: " + e.getMessage(), e);
        }
    }

    /** The configs the topic must have (cleanup policy, retention or compaction lag, min.insync.replicas). */
    public Map<String, String> configs(String topic) {
        return Topics.configs(topic, replicationFactor, erasureBound);
    }

    /** The topic as a service creates it when it is missing. */
    public NewTopic declaration(String topic) {
        return new NewTopic(topic, partitions, replicationFactor).configs(configs(topic));
    }
}
