package app.thestorage.provisioning.contract.command;

/**
 * The projector's answer to one command: its {@link Outcome}, addressed to the request that sent it. It travels
 * first on {@code provisioning.decisions.v1} (to the directory materializer), then, as its effect commits in the
 * directory, in a {@code DecisionNotice} (to the ingest-api instance waiting for it).
 */
public record Decision(String requestId, String tenant, Outcome outcome) {
}
