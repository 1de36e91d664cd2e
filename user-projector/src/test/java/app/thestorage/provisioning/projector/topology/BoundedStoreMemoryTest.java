package app.thestorage.provisioning.projector.topology;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import app.thestorage.provisioning.projector.ProjectorProperties;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Collectors;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TopologyTestDriver;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.util.unit.DataSize;

/**
 * The projector's state stores, as RocksDB opens them, share one block cache of the configured budget, whatever their
 * number; left to RocksDB's defaults each store would have its own.
 */
class BoundedStoreMemoryTest {

    private static final long BUDGET = 24L * 1024 * 1024;

    @TempDir
    Path state;

    @Test
    void every_store_of_the_projector_uses_the_one_cache_of_the_budget() {
        Map<String, Long> capacities = blockCacheCapacities(true);

        assertThat(capacities.keySet()).containsExactlyInAnyOrder(ProvisioningTopology.STORES);
        assertThat(capacities.values()).allMatch(capacity -> capacity == BUDGET);
    }

    @Test
    void without_it_each_store_would_take_a_cache_of_its_own() {
        Map<String, Long> capacities = blockCacheCapacities(false);

        assertThat(capacities.keySet()).containsExactlyInAnyOrder(ProvisioningTopology.STORES);
        assertThat(capacities.values()).allMatch(capacity -> capacity != BUDGET);
    }

    @Test
    void a_budget_of_nothing_is_refused_at_start_with_the_setting_named() {
        assertThatThrownBy(() -> new ProjectorProperties("user-projector", state, Duration.ofMillis(10), "directory",
                DataSize.ofBytes(0)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("provisioning.projector.state-store-memory");
    }

    private Map<String, Long> blockCacheCapacities(boolean bounded) {
        try (ProjectorUnderTest projector = projector(bounded)) {
            return metrics(projector.driver(), "block-cache-capacity");
        }
    }

    private ProjectorUnderTest projector(boolean bounded) {
        Properties config = ProjectorUnderTest.config(state.resolve(bounded ? "bounded" : "defaults"));
        if (bounded) {
            config.put(StreamsConfig.ROCKSDB_CONFIG_SETTER_CLASS_CONFIG, BoundedStoreMemory.class);
            config.put(BoundedStoreMemory.BUDGET_CONFIG, BUDGET);
        }
        return ProjectorUnderTest.start(config);
    }

    private static Map<String, Long> metrics(TopologyTestDriver driver, String name) {
        return driver.metrics().entrySet().stream()
                .filter(metric -> metric.getKey().name().equals(name))
                .collect(Collectors.toMap(metric -> store(metric.getKey()),
                        metric -> ((Number) metric.getValue().metricValue()).longValue()));
    }

    private static String store(MetricName metric) {
        return metric.tags().get("rocksdb-state-id");
    }
}
