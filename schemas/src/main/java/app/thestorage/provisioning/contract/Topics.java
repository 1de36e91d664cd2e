package app.thestorage.provisioning.contract;

import java.util.List;

/**
 * Every topic of the pipeline, in one place. Names are versioned: an incompatible contract change gets a
 * new topic, never a silent change of an existing one.
 */
public final class Topics {

    /** SCIM writes accepted by ingest-api, key = tenant, so that one tenant's commands keep one order. */
    public static final String COMMANDS = "provisioning.commands.v1";

    /** What the projector decided for each command, key = tenant; read by the directory materializer. */
    public static final String DECISIONS = "provisioning.decisions.v1";

    /** Decisions whose effect is in the directory, key = request id; read by every ingest-api instance. */
    public static final String OUTCOMES = "provisioning.outcomes.v1";

    /** The public user-change events, key = tenant/userId. Downstream services consume this topic. */
    public static final String USER_CHANGES = "users.changes.v1";

    /** The internal topics, with the partition count each needs relative to the public ones. */
    public static List<String> all() {
        return List.of(COMMANDS, DECISIONS, OUTCOMES, USER_CHANGES);
    }

    /** The key of a user on the public change topic. */
    public static String userKey(String tenant, String userId) {
        return tenant + "/" + userId;
    }

    private Topics() {
    }
}
