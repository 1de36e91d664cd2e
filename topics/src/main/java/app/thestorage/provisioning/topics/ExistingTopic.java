package app.thestorage.provisioning.topics;

import java.util.Map;

/**
 * A topic as the cluster has it.
 *
 * @param name       the topic
 * @param partitions how many partitions it has
 * @param replicas   the replicas of its least replicated partition
 * @param configs    its configs, as the broker reports them (set on the topic, or the broker's defaults)
 */
public record ExistingTopic(String name, int partitions, int replicas, Map<String, String> configs) {

    public ExistingTopic {
        configs = Map.copyOf(configs);
    }
}
