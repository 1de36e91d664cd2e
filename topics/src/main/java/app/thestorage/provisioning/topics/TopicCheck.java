package app.thestorage.provisioning.topics;

import app.thestorage.provisioning.contract.Topics;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What every service does with the pipeline's topics before any of its Kafka clients starts: create the missing ones
 * (when {@link TopicSettings#declare()}), never change one that exists, and refuse to start when one is not as the
 * settings say: missing, another partition count (any topic, more or fewer), fewer replicas, or another value of a
 * config {@link Topics#configs} sets. Other configs (compression, message size) are the operator's.
 */
public final class TopicCheck {

    private static final Logger log = LoggerFactory.getLogger(TopicCheck.class);

    /** How long a topic just created (here or by another service at the same moment) may take to be described. */
    private static final Duration NEWLY_CREATED = Duration.ofSeconds(30);

    private static final String PARTITIONS_SETTING = "(provisioning.topics.partitions)";

    private final TopicSettings settings;

    public TopicCheck(TopicSettings settings) {
        this.settings = settings;
    }

    /**
     * Creates the missing topics if the settings say so, then compares every pipeline topic with the settings.
     *
     * @throws IllegalStateException naming each topic and how it differs, when one does
     */
    public void run(Admin admin) {
        Map<String, ExistingTopic> found = describe(admin);
        List<String> missing = Topics.all().stream().filter(topic -> !found.containsKey(topic)).toList();
        Map<String, ExistingTopic> cluster = found;
        if (settings.declare() && !missing.isEmpty()) {
            create(admin, missing);
            cluster = describeCreated(admin, missing);
        }
        List<String> differences = differences(cluster);
        if (!differences.isEmpty()) {
            throw new IllegalStateException(refusal(differences));
        }
        log.info("The pipeline's {} topics are as set: {} partitions, replication factor {}, erasure bound {}",
                Topics.all().size(), settings.partitions(), settings.replicationFactor(), settings.erasureBound());
    }

    /**
     * How each pipeline topic differs from the settings, one line per difference; empty when all are as set.
     *
     * @param cluster the pipeline's topics that exist, by name
     */
    public List<String> differences(Map<String, ExistingTopic> cluster) {
        List<String> differences = new ArrayList<>();
        for (String topic : Topics.all()) {
            ExistingTopic existing = cluster.get(topic);
            if (existing == null) {
                differences.add(topic + " does not exist" + (settings.declare() ? ""
                        : " (provisioning.topics.declare is false: the platform creates the topics, e.g. Strimzi's "
                        + "KafkaTopic resources)"));
                continue;
            }
            if (existing.partitions() != settings.partitions()) {
                differences.add(topic + " has " + count(existing.partitions(), "partition") + ", the pipeline is set to "
                        + settings.partitions() + " " + PARTITIONS_SETTING);
            }
            if (existing.replicas() < settings.replicationFactor()) {
                differences.add(topic + " has " + count(existing.replicas(), "replica") + ", the pipeline is set to "
                        + settings.replicationFactor() + " (provisioning.topics.replication-factor)");
            }
            settings.configs(topic).forEach((name, expected) -> {
                String actual = existing.configs().get(name);
                if (!expected.equals(actual)) {
                    differences.add(topic + " has " + name + "=" + actual + ", the pipeline needs " + name + "="
                            + expected);
                }
            });
        }
        return differences;
    }

    private static String count(int count, String noun) {
        return count + " " + noun + (count == 1 ? "" : "s");
    }

    /** What the service says when it refuses to start. */
    static String refusal(List<String> differences) {
        boolean partitions = differences.stream().anyMatch(difference -> difference.endsWith(PARTITIONS_SETTING));
        return "The pipeline's topics are not as provisioning.topics.* says; this service does not start, and it "
                + "changed no topic:\n - " + String.join("\n - ", differences) + "\n"
                + (partitions ? "A topic's partitions are never changed in place: a tenant's commands, a user's events "
                        + "and a state record would move to another partition, out of order and out of reach of "
                        + "compaction. " : "")
                + "Set provisioning.topics.* to what the topics have, or change the topics as docs/topics.md says.";
    }

    private void create(Admin admin, List<String> missing) {
        var results = admin.createTopics(missing.stream().map(settings::declaration).toList()).values();
        List<String> created = new ArrayList<>();
        results.forEach((topic, result) -> {
            try {
                result.get();
                created.add(topic);
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof TopicExistsException)) { // another service created it meanwhile
                    throw new IllegalStateException("Could not create the topic " + topic + ": " + e.getCause(), e);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("Interrupted while creating the topic " + topic, e);
            }
        });
        if (!created.isEmpty()) {
            log.info("Created the missing topics {}: {} partitions, {} replicas", created, settings.partitions(),
                    settings.replicationFactor());
        }
    }

    /** The cluster's topics once the ones just created can be described (a broker learns of them shortly after). */
    private Map<String, ExistingTopic> describeCreated(Admin admin, List<String> created) {
        Instant deadline = Instant.now().plus(NEWLY_CREATED);
        Map<String, ExistingTopic> cluster = describe(admin);
        while (!cluster.keySet().containsAll(created) && Instant.now().isBefore(deadline)) {
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("Interrupted while describing the topics", e);
            }
            cluster = describe(admin);
        }
        return cluster;
    }

    /** The pipeline's topics that exist, with their partitions, replicas and the configs the settings concern. */
    private Map<String, ExistingTopic> describe(Admin admin) {
        Map<String, TopicDescription> descriptions = new HashMap<>();
        admin.describeTopics(Topics.all()).topicNameValues().forEach((topic, description) ->
                found(description).ifPresent(found -> descriptions.put(topic, found)));
        if (descriptions.isEmpty()) {
            return Map.of();
        }
        Map<ConfigResource, Config> configs = await(admin.describeConfigs(descriptions.keySet().stream()
                .map(topic -> new ConfigResource(ConfigResource.Type.TOPIC, topic)).toList()).all());
        Map<String, ExistingTopic> cluster = new HashMap<>();
        descriptions.forEach((topic, description) -> {
            Config config = configs.get(new ConfigResource(ConfigResource.Type.TOPIC, topic));
            Map<String, String> relevant = new HashMap<>();
            for (String name : settings.configs(topic).keySet()) {
                ConfigEntry entry = config.get(name);
                if (entry != null && entry.value() != null) {
                    relevant.put(name, entry.value());
                }
            }
            int replicas = description.partitions().stream().mapToInt(partition -> partition.replicas().size())
                    .min().orElse(0);
            cluster.put(topic, new ExistingTopic(topic, description.partitions().size(), replicas, relevant));
        });
        return cluster;
    }

    private static Optional<TopicDescription> found(KafkaFuture<TopicDescription> description) {
        try {
            return Optional.of(description.get());
        } catch (ExecutionException e) {
            if (e.getCause() instanceof UnknownTopicOrPartitionException) {
                return Optional.empty();
            }
            throw new IllegalStateException("Could not describe the pipeline's topics: " + e.getCause(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while describing the topics", e);
        }
    }

    private static <T> T await(KafkaFuture<T> future) {
        try {
            return Objects.requireNonNull(future.get());
        } catch (ExecutionException e) {
            throw new IllegalStateException("Could not describe the pipeline's topics: " + e.getCause(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while describing the topics", e);
        }
    }
}
