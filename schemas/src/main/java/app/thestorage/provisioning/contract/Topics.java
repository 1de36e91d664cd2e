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

    /**
     * The public group-change events, key = tenant/groupId: groups created, renamed, deleted, and members added or
     * removed (the delta). Downstream services consume this topic.
     */
    public static final String GROUP_CHANGES = "groups.changes.v1";

    /** The public profile-photo events from photo-fetcher, key = tenant/userId. */
    public static final String USER_PHOTOS = "users.photos.v1";

    /**
     * Commands the projector set aside: a record it could not read or decide. Key and value as they were on
     * {@link #COMMANDS}; the headers {@code __streams.errors.*} name the exception and where the record was.
     */
    public static final String COMMANDS_DEAD_LETTER = "provisioning.commands.dead-letter.v1";

    /**
     * Decisions the directory materializer set aside: a record it could not read, or a change PostgreSQL refused as
     * data (not as an outage). Key and value as they were on {@link #DECISIONS}, with the same headers as
     * {@link #COMMANDS_DEAD_LETTER}.
     */
    public static final String DECISIONS_DEAD_LETTER = "provisioning.decisions.dead-letter.v1";

    public static List<String> all() {
        return List.of(COMMANDS, DECISIONS, USER_CHANGES, GROUP_CHANGES, USER_PHOTOS, COMMANDS_DEAD_LETTER,
                DECISIONS_DEAD_LETTER);
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

    /** The key of a group on the public group-change topic. */
    public static String groupKey(String tenant, String groupId) {
        return tenant + "/" + groupId;
    }

    private Topics() {
    }
}
