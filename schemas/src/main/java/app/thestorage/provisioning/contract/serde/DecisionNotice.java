package app.thestorage.provisioning.contract.serde;

import app.thestorage.provisioning.contract.command.Decision;
import java.nio.charset.StandardCharsets;

/**
 * The news that a decision's effect is in the directory, for the ingest-api instance whose request waits for it.
 * The directory materializer sends it as a PostgreSQL notification on {@link #CHANNEL} from the transaction
 * that writes the directory, so it is delivered when, and only if, that transaction commits.
 *
 * <p>Payload: the request id, a line feed, then the decision as JSON. PostgreSQL refuses payloads of 8,000 bytes
 * or more; a decision too large for one (a user with very many attributes) is stored in
 * {@code directory.outcomes} under its request id instead, and the payload ends after the line feed.
 *
 * @param requestId    the request the decision answers
 * @param decisionJson the decision as JSON, or empty when it is too large and stored in {@code directory.outcomes}
 */
public record DecisionNotice(String requestId, String decisionJson) {

    /**
     * The channel's name from before these were called decision notices: kept, like the table
     * {@code directory.outcomes}, because ingest-api and the projector of different releases run side by side in a
     * rolling upgrade, and existing databases hold the table.
     */
    public static final String CHANNEL = "provisioning_outcomes";

    /** The largest payload PostgreSQL accepts. */
    public static final int MAX_PAYLOAD_BYTES = 7_999;

    private static final char SEPARATOR = '\n';
    private static final JsonSerde<Decision> DECISIONS = Serdes.decisions();

    /** The notice of a decision: the decision itself if it fits in a payload, else a pointer to where it is stored. */
    public static DecisionNotice of(Decision decision) {
        byte[] json = DECISIONS.serialize(CHANNEL, decision);
        int payloadBytes = decision.requestId().getBytes(StandardCharsets.UTF_8).length + 1 + json.length;
        return new DecisionNotice(decision.requestId(),
                payloadBytes <= MAX_PAYLOAD_BYTES ? new String(json, StandardCharsets.UTF_8) : "");
    }

    /** Reads a payload; {@code null} if it is not a notice. */
    public static DecisionNotice parse(String payload) {
        int separator = payload.indexOf(SEPARATOR);
        return separator <= 0 ? null
                : new DecisionNotice(payload.substring(0, separator), payload.substring(separator + 1));
    }

    /** The request id of a payload without reading the rest of it; {@code null} if it is not a notice. */
    public static String requestIdOf(String payload) {
        int separator = payload.indexOf(SEPARATOR);
        return separator <= 0 ? null : payload.substring(0, separator);
    }

    /** Whether the decision is in {@code directory.outcomes} rather than in this notice. */
    public boolean stored() {
        return decisionJson.isEmpty();
    }

    /** The decision this notice carries; only when it is not {@link #stored()}. */
    public Decision decision() {
        return DECISIONS.deserialize(CHANNEL, decisionJson.getBytes(StandardCharsets.UTF_8));
    }

    public String payload() {
        return requestId + SEPARATOR + decisionJson;
    }
}
