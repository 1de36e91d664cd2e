package app.thestorage.provisioning.projector;

import java.nio.file.Path;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * @param applicationId    the Kafka Streams application id (its consumer group and internal topic prefix)
 * @param stateDir         where the persistent state stores live; a volume on Kubernetes
 * @param commitInterval   how often Streams commits its transaction: the floor of the write latency
 * @param directoryGroup   consumer group of the directory materializer
 * @param stateStoreMemory the memory all state stores of the process may use together, outside the JVM heap (their
 *                         block cache and memtables; their indexes and filters come on top, a small share of the
 *                         data): count it in the container's memory limit
 */
@ConfigurationProperties("provisioning.projector")
public record ProjectorProperties(
        @DefaultValue("user-projector") String applicationId,
        Path stateDir,
        @DefaultValue("10ms") Duration commitInterval,
        @DefaultValue("user-projector-directory") String directoryGroup,
        @DefaultValue("64MB") DataSize stateStoreMemory) {

    public ProjectorProperties {
        if (stateDir == null) {
            stateDir = Path.of(System.getProperty("java.io.tmpdir"), "user-projector");
        }
        if (stateStoreMemory == null || stateStoreMemory.toBytes() <= 0) {
            throw new IllegalArgumentException("provisioning.projector.state-store-memory must be more than 0 bytes "
                    + "(e.g. 64MB), was " + stateStoreMemory);
        }
    }
}
