package app.thestorage.provisioning.contract.command;

/**
 * The projector's answer to one command. It travels first on
 * {@link app.thestorage.provisioning.contract.Topics#DECISIONS} (to the directory materializer), then, as its
 * effect commits in the directory, in an {@link OutcomeNotice} (to the ingest-api instance waiting for it).
 */
public record Decision(String requestId, String tenant, Outcome outcome) {
}
