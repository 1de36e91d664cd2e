package app.thestorage.provisioning.projector.topology;

import app.thestorage.provisioning.contract.command.Decision;

/**
 * What the projector's processor passes on: for each command its decision (key = tenant), and the records of the
 * public state topics that its ledgers changed (key = what they describe); a state record with no state is a
 * tombstone. All of one command's go out in one transaction.
 */
sealed interface Projected {

    /** The decision of one command, to the decisions topic and, as events, to the change topics. */
    record Decided(Decision decision) implements Projected {
    }

    /** A record of the state topic {@code topic}; {@code state} null for a tombstone. */
    record Stated(String topic, Object state) implements Projected {
    }
}
