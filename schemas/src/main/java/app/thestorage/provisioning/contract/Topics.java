package app.thestorage.provisioning.contract;

import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.NewTopic;

/**
 * Every topic of the pipeline, in one place. Names are versioned: an incompatible contract change gets a
 * new topic, never a silent change of an existing one.
 */
public final class Topics {

    /** SCIM writes accepted by ingest-api, key = tenant, so that one tenant's commands keep one order. */
    public static final String COMMANDS = "provisioning.commands.v1";

    /** What the projector decided for each command, key = tenant; read by the directory materializer. */
    public static final String DECISIONS = "provisioning.decisions.v1";

    /** The public user-change events, key = tenant/userId. Downstream services consume this topic. */
    public static final String USER_CHANGES = "users.changes.v1";

    /** The public profile-photo events from photo-fetcher, key = tenant/userId. */
    public static final String USER_PHOTOS = "users.photos.v1";

    public static List<String> all() {
        return List.of(COMMANDS, DECISIONS, USER_CHANGES, USER_PHOTOS);
    }

    /**
     * Every topic as it must exist on the cluster; each service declares these at start, so whichever
     * starts first creates them. Partitions bound how far each consumer group can scale out.
     */
    public static List<NewTopic> declarations(int partitions, short replicationFactor) {
        Map<String, String> durable = Map.of("min.insync.replicas", replicationFactor > 1 ? "2" : "1");
        return all().stream()
                .map(topic -> new NewTopic(topic, partitions, replicationFactor).configs(durable))
                .toList();
    }

    /** The key of a user on the public change topic. */
    public static String userKey(String tenant, String userId) {
        return tenant + "/" + userId;
    }

    private Topics() {
    }
}
