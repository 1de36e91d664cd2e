package app.thestorage.provisioning.projector.topology;

import app.thestorage.provisioning.contract.command.Decision;
import app.thestorage.provisioning.contract.command.ProvisioningCommand;
import app.thestorage.provisioning.contract.command.PublishTenantState;
import app.thestorage.provisioning.contract.group.Group;
import app.thestorage.provisioning.contract.user.User;
import app.thestorage.provisioning.projector.WritePath;
import app.thestorage.provisioning.projector.decide.ProvisioningDecisions;
import app.thestorage.provisioning.projector.tracing.RecordTracing;
import java.time.Duration;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns each command of a tenant into its decision, one after the other, against the tenant's ledgers, and passes on
 * the decision (key = tenant) with the state records of what the ledgers changed (see {@link StateJournal}). Between
 * commands, publishes a slice of the state publications asked for ({@link StatePublications}).
 */
final class CommandProcessor implements Processor<String, ProvisioningCommand, String, Projected> {

    private static final Logger log = LoggerFactory.getLogger(CommandProcessor.class);
    /** How often a slice of a state publication goes out while one is under way. */
    static final Duration PUBLICATION_INTERVAL = Duration.ofMillis(100);

    private final RecordTracing tracing;
    private final WritePath writePath;
    private ProcessorContext<String, Projected> context;
    private StoreLedger ledger;
    private StateJournal journal;
    private StatePublications publications;
    private ProvisioningDecisions decisions;
    private boolean keyed;

    CommandProcessor(RecordTracing tracing, WritePath writePath) {
        this.tracing = tracing;
        this.writePath = writePath;
    }

    @Override
    public void init(ProcessorContext<String, Projected> context) {
        this.context = context;
        KeyValueStore<String, User> users = context.getStateStore(ProvisioningTopology.USERS_STORE);
        KeyValueStore<String, String> userNames = context.getStateStore(ProvisioningTopology.USER_NAMES_STORE);
        KeyValueStore<String, Group> groups = context.getStateStore(ProvisioningTopology.GROUPS_STORE);
        KeyValueStore<String, String> groupNames = context.getStateStore(ProvisioningTopology.GROUP_NAMES_STORE);
        KeyValueStore<String, String> members = context.getStateStore(ProvisioningTopology.GROUP_MEMBERS_STORE);
        KeyValueStore<String, String> groupsOfUsers = context.getStateStore(ProvisioningTopology.USER_GROUPS_STORE);
        this.journal = new StateJournal(groups);
        this.ledger = new StoreLedger(users, userNames, journal);
        this.decisions = new ProvisioningDecisions(ledger,
                new StoreGroupLedger(groups, groupNames, members, groupsOfUsers, journal));
        this.publications = new StatePublications(context.getStateStore(StatePublications.STORE), users, groups,
                members);
        context.schedule(PUBLICATION_INTERVAL, PunctuationType.WALL_CLOCK_TIME, now ->
                publications.publishSlice((key, state) -> context.forward(new Record<>(key, state, now))));
    }

    @Override
    public void process(Record<String, ProvisioningCommand> record) {
        if (record.value() == null) {
            return;
        }
        if (!keyed) {
            ledger.keyUserNames();
            publications.fillOnce();
            keyed = true;
        }
        // the decision and the change event carry the record's headers on: the trace continues from this span
        ProvisioningCommand command = record.value();
        Decision decision = tracing.around("decide " + command.getClass().getSimpleName(), command.tenant(),
                record.headers(), () -> {
                    Decision decided = decisions.decide(command);
                    if (log.isDebugEnabled()) {
                        log.debug("{} {}: {}", command.getClass().getSimpleName(), command.requestId(),
                                decided.outcome().getClass().getSimpleName());
                    }
                    return decided;
                });
        if (command instanceof PublishTenantState) {
            publications.request(command.tenant());
        }
        writePath.decided(record.timestamp());
        context.forward(record.withValue(new Projected.Decided(decision)));
        // what the ledgers changed (also for a command set aside half way before this one: the stores keep it)
        journal.publish((key, state) -> context.forward(record.withKey(key).withValue(state)));
    }
}
