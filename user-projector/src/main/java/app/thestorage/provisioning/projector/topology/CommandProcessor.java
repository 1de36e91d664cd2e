package app.thestorage.provisioning.projector.topology;

import app.thestorage.provisioning.contract.command.Decision;
import app.thestorage.provisioning.contract.command.ProvisioningCommand;
import app.thestorage.provisioning.contract.group.Group;
import app.thestorage.provisioning.contract.user.User;
import app.thestorage.provisioning.projector.WritePath;
import app.thestorage.provisioning.projector.decide.ProvisioningDecisions;
import app.thestorage.provisioning.projector.tracing.RecordTracing;
import org.apache.kafka.streams.processor.api.FixedKeyProcessor;
import org.apache.kafka.streams.processor.api.FixedKeyProcessorContext;
import org.apache.kafka.streams.processor.api.FixedKeyRecord;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Turns each command of a tenant into its decision, one after the other, against the tenant's ledgers. */
final class CommandProcessor implements FixedKeyProcessor<String, ProvisioningCommand, Decision> {

    private static final Logger log = LoggerFactory.getLogger(CommandProcessor.class);

    private final RecordTracing tracing;
    private final WritePath writePath;
    private FixedKeyProcessorContext<String, Decision> context;
    private StoreLedger ledger;
    private ProvisioningDecisions decisions;
    private boolean keyed;

    CommandProcessor(RecordTracing tracing, WritePath writePath) {
        this.tracing = tracing;
        this.writePath = writePath;
    }

    @Override
    public void init(FixedKeyProcessorContext<String, Decision> context) {
        this.context = context;
        KeyValueStore<String, User> users = context.getStateStore(ProvisioningTopology.USERS_STORE);
        KeyValueStore<String, String> userNames = context.getStateStore(ProvisioningTopology.USER_NAMES_STORE);
        this.ledger = new StoreLedger(users, userNames);
        KeyValueStore<String, Group> groups = context.getStateStore(ProvisioningTopology.GROUPS_STORE);
        KeyValueStore<String, String> groupNames = context.getStateStore(ProvisioningTopology.GROUP_NAMES_STORE);
        KeyValueStore<String, String> members = context.getStateStore(ProvisioningTopology.GROUP_MEMBERS_STORE);
        KeyValueStore<String, String> groupsOfUsers = context.getStateStore(ProvisioningTopology.USER_GROUPS_STORE);
        this.decisions = new ProvisioningDecisions(ledger,
                new StoreGroupLedger(groups, groupNames, members, groupsOfUsers));
    }

    @Override
    public void process(FixedKeyRecord<String, ProvisioningCommand> record) {
        if (record.value() == null) {
            return;
        }
        if (!keyed) {
            ledger.keyUserNames();
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
        writePath.decided(record.timestamp());
        context.forward(record.withValue(decision));
    }
}
