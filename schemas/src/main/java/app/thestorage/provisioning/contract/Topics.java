package app.thestorage.provisioning.contract;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.config.TopicConfig;

/**
 * Every topic of the pipeline, in one place. Names are versioned: an incompatible contract change gets a
 * new topic, never a silent change of an existing one. How many partitions and replicas they have is the pipeline's
 * one setting ({@code provisioning.topics.*}, the module {@code topics}); their configs are {@link #configs}.
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
     * The public state of every user, compacted, key = tenant/userId: the user as the directory holds it now, and a
     * tombstone (no value) once the user is deleted. Downstream services rebuild their copy of the users from it.
     */
    public static final String USER_STATE = "users.state.v1";

    /**
     * The public state of every group without its members, compacted, key = tenant/groupId; a tombstone once the
     * group is deleted.
     */
    public static final String GROUP_STATE = "groups.state.v1";

    /**
     * The public state of every membership, compacted, one record per member, key = tenant/groupId/userId; a
     * tombstone once the user leaves the group (removed, deleted, or the group deleted). A group of any size is
     * records of a few hundred bytes each.
     */
    public static final String GROUP_MEMBER_STATE = "groups.members.state.v1";

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

    /**
     * How long a deleted person's data may stay readable on any topic of the pipeline by default: a week. Long
     * enough for a consumer that was down over a weekend to catch up from the change topics; short enough to
     * answer an erasure request within the week most privacy policies promise.
     */
    public static final Duration DEFAULT_ERASURE_BOUND = Duration.ofDays(7);

    public static List<String> all() {
        return List.of(COMMANDS, DECISIONS, USER_CHANGES, GROUP_CHANGES, USER_PHOTOS, USER_STATE, GROUP_STATE,
                GROUP_MEMBER_STATE, COMMANDS_DEAD_LETTER, DECISIONS_DEAD_LETTER);
    }

    /** The compacted state topics: what is, with tombstones for what is gone. The others keep records for a time. */
    public static List<String> stateTopics() {
        return List.of(USER_STATE, GROUP_STATE, GROUP_MEMBER_STATE);
    }

    /**
     * The configs a topic must have so that a record is readable no longer than {@code erasureBound} after it was
     * superseded, the time base being a segment of a seventh of the bound (a day for a week):
     * <ul>
     * <li>topics that keep records for a time (commands, decisions, changes, photos, dead letters): a record is
     * deleted with its segment once the segment's newest record is {@code retention.ms} old, the bound less a
     * segment, so at the latest a bound after it was written;</li>
     * <li>state topics (compacted): a value superseded by a newer one or by a tombstone is compacted away at the
     * latest {@code max.compaction.lag.ms} (a segment) after it was superseded; the tombstone itself, which names
     * only the key, stays {@code delete.retention.ms} (a segment) so that a consumer that lags less than that still
     * hears of the deletion. {@code min.compaction.lag.ms} is 0: a state consumer needs only the latest value.</li>
     * </ul>
     * Both count from when the broker's cleaner and retention checks run; a partition's open segment is closed by the
     * next record written to it after {@code segment.ms}.
     */
    public static Map<String, String> configs(String topic, short replicationFactor, Duration erasureBound) {
        if (erasureBound.compareTo(Duration.ofSeconds(7)) < 0) {
            throw new IllegalArgumentException("The erasure bound must be at least 7 seconds, not " + erasureBound);
        }
        long segment = erasureBound.toMillis() / 7;
        Map<String, String> configs = new LinkedHashMap<>();
        configs.put(TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG, replicationFactor > 1 ? "2" : "1");
        configs.put(TopicConfig.SEGMENT_MS_CONFIG, Long.toString(segment));
        if (stateTopics().contains(topic)) {
            configs.put(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT);
            configs.put(TopicConfig.MIN_COMPACTION_LAG_MS_CONFIG, "0");
            configs.put(TopicConfig.MAX_COMPACTION_LAG_MS_CONFIG, Long.toString(segment));
            configs.put(TopicConfig.DELETE_RETENTION_MS_CONFIG, Long.toString(segment));
        } else {
            configs.put(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_DELETE);
            configs.put(TopicConfig.RETENTION_MS_CONFIG, Long.toString(erasureBound.toMillis() - segment));
        }
        return configs;
    }

    /** The key of a user on the public change topic. */
    public static String userKey(String tenant, String userId) {
        return tenant + "/" + userId;
    }

    /** The key of a group on the public group-change topic. */
    public static String groupKey(String tenant, String groupId) {
        return tenant + "/" + groupId;
    }

    /** The key of a membership on the public membership state topic. */
    public static String groupMemberKey(String tenant, String groupId, String userId) {
        return tenant + "/" + groupId + "/" + userId;
    }

    private Topics() {
    }
}
