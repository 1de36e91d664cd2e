package app.thestorage.provisioning.projector.topology;

import app.thestorage.provisioning.contract.Topics;
import app.thestorage.provisioning.contract.command.Decision;
import app.thestorage.provisioning.contract.command.Outcome;
import app.thestorage.provisioning.contract.event.UserChangeEvent;
import app.thestorage.provisioning.contract.group.GroupChangeEvent;
import app.thestorage.provisioning.contract.serde.Serdes;
import app.thestorage.provisioning.projector.WritePath;
import app.thestorage.provisioning.projector.tracing.RecordTracing;
import java.util.List;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.state.Stores;

/**
 * The projector, top to bottom: commands (key = tenant, so one order per tenant) are decided against the
 * tenant's users and groups; every decision goes to the directory materializer; every applied change is published
 * on the public change topics, a user's keyed by user, a group's keyed by group, in the order decided. All these
 * writes commit together with the state stores (exactly_once_v2).
 */
public final class ProvisioningTopology {

    /** tenant/userId to the user (public for the tests that give the projector users without deciding them). */
    public static final String USERS_STORE = "users";
    /**
     * userName key to user id. The key is {@link app.thestorage.provisioning.contract.user.User#userNameKey}; when
     * its rule changed, the store got a new name ("user-names" before), and each task fills it once from the users
     * store ({@link StoreLedger#keyUserNames()}).
     */
    static final String USER_NAMES_STORE = "user-name-keys";
    /** tenant/groupId to the group, without its members. */
    static final String GROUPS_STORE = "groups";
    /** tenant/displayNameKey ({@link app.thestorage.provisioning.contract.group.Group#displayNameKey}) to group id. */
    static final String GROUP_NAMES_STORE = "group-name-keys";
    /** tenant/groupId/userId to user id: the members of a group are a prefix scan. */
    static final String GROUP_MEMBERS_STORE = "group-members";
    /** tenant/userId/groupId to group id: the groups of a user are a prefix scan. */
    static final String USER_GROUPS_STORE = "user-groups";
    static final String[] STORES =
            {USERS_STORE, USER_NAMES_STORE, GROUPS_STORE, GROUP_NAMES_STORE, GROUP_MEMBERS_STORE, USER_GROUPS_STORE};

    private static final Serde<String> KEYS = org.apache.kafka.common.serialization.Serdes.String();

    public static Topology build() {
        return build(RecordTracing.NONE, WritePath.NONE);
    }

    /** The topology, with each decision in a span that continues the trace its command carries, and timed. */
    public static Topology build(RecordTracing tracing, WritePath writePath) {
        StreamsBuilder builder = new StreamsBuilder();
        builder.addStateStore(Stores.keyValueStoreBuilder(
                Stores.persistentKeyValueStore(USERS_STORE), KEYS, Serdes.users()));
        builder.addStateStore(Stores.keyValueStoreBuilder(
                Stores.persistentKeyValueStore(USER_NAMES_STORE), KEYS, KEYS));
        builder.addStateStore(Stores.keyValueStoreBuilder(
                Stores.persistentKeyValueStore(GROUPS_STORE), KEYS, Serdes.groups()));
        for (String index : List.of(GROUP_NAMES_STORE, GROUP_MEMBERS_STORE, USER_GROUPS_STORE)) {
            builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(index), KEYS, KEYS));
        }

        KStream<String, Decision> decisions = builder
                .stream(Topics.COMMANDS, Consumed.with(KEYS, Serdes.commands()))
                .processValues(() -> new CommandProcessor(tracing, writePath), STORES);

        decisions.to(Topics.DECISIONS, Produced.with(KEYS, Serdes.decisions()));

        decisions
                .flatMap((tenant, decision) -> decision.outcome() instanceof Outcome.Applied applied
                        ? List.of(KeyValue.pair(Topics.userKey(tenant, applied.event().userId()), applied.event()))
                        : List.<KeyValue<String, UserChangeEvent>>of())
                .to(Topics.USER_CHANGES, Produced.with(KEYS, Serdes.userChanges()));

        // a group's changes, and those a user's deletion caused, each with the headers (the trace) of its decision
        decisions
                .flatMap((tenant, decision) -> groupChanges(decision.outcome()).stream()
                        .map(change -> KeyValue.pair(Topics.groupKey(tenant, change.groupId()), change))
                        .toList())
                .to(Topics.GROUP_CHANGES, Produced.with(KEYS, Serdes.groupChanges()));

        return builder.build();
    }

    private static List<GroupChangeEvent> groupChanges(Outcome outcome) {
        return switch (outcome) {
            case Outcome.GroupApplied applied -> applied.events();
            case Outcome.Applied applied -> applied.memberships();
            case Outcome.Unchanged unchanged -> List.of();
            case Outcome.Rejected rejected -> List.of();
        };
    }

    private ProvisioningTopology() {
    }
}
