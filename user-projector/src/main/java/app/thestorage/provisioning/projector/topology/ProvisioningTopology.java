package app.thestorage.provisioning.projector.topology;

import app.thestorage.provisioning.contract.Topics;
import app.thestorage.provisioning.contract.command.Decision;
import app.thestorage.provisioning.contract.command.Outcome;
import app.thestorage.provisioning.contract.event.UserChangeEvent;
import app.thestorage.provisioning.contract.group.GroupChangeEvent;
import app.thestorage.provisioning.contract.serde.Serdes;
import app.thestorage.provisioning.contract.state.GroupMemberState;
import app.thestorage.provisioning.contract.state.GroupState;
import app.thestorage.provisioning.contract.state.UserState;
import app.thestorage.provisioning.projector.WritePath;
import app.thestorage.provisioning.projector.tracing.RecordTracing;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.config.TopicConfig;
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
 * on the public change topics, a user's keyed by user, a group's keyed by group, in the order decided; what the
 * ledgers now hold goes to the public state topics (a tombstone for what is gone). All these writes commit together
 * with the state stores (exactly_once_v2), so a state record and its change event never disagree.
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
    static final String[] STORES = {USERS_STORE, USER_NAMES_STORE, GROUPS_STORE, GROUP_NAMES_STORE,
            GROUP_MEMBERS_STORE, USER_GROUPS_STORE, StatePublications.STORE};

    private static final Serde<String> KEYS = org.apache.kafka.common.serialization.Serdes.String();

    public static Topology build() {
        return build(RecordTracing.NONE, WritePath.NONE, Topics.DEFAULT_ERASURE_BOUND);
    }

    /**
     * The topology, with each decision in a span that continues the trace its command carries, and timed. The stores'
     * changelogs (private, but holding the same personal data as the state topics) compact within the erasure bound as
     * the state topics do.
     */
    public static Topology build(RecordTracing tracing, WritePath writePath, Duration erasureBound) {
        StreamsBuilder builder = new StreamsBuilder();
        Map<String, String> changelog = changelogConfigs(erasureBound);
        builder.addStateStore(Stores.keyValueStoreBuilder(
                Stores.persistentKeyValueStore(USERS_STORE), KEYS, Serdes.users()).withLoggingEnabled(changelog));
        builder.addStateStore(Stores.keyValueStoreBuilder(
                Stores.persistentKeyValueStore(USER_NAMES_STORE), KEYS, KEYS).withLoggingEnabled(changelog));
        builder.addStateStore(Stores.keyValueStoreBuilder(
                Stores.persistentKeyValueStore(GROUPS_STORE), KEYS, Serdes.groups()).withLoggingEnabled(changelog));
        for (String index : List.of(GROUP_NAMES_STORE, GROUP_MEMBERS_STORE, USER_GROUPS_STORE,
                StatePublications.STORE)) {
            builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(index), KEYS, KEYS)
                    .withLoggingEnabled(changelog));
        }

        KStream<String, Projected> projected = builder
                .stream(Topics.COMMANDS, Consumed.with(KEYS, Serdes.commands()))
                .process(() -> new CommandProcessor(tracing, writePath), STORES);

        KStream<String, Decision> decisions = projected.flatMapValues(result -> result instanceof Projected.Decided d
                ? List.of(d.decision()) : List.<Decision>of());
        decisions.to(Topics.DECISIONS, Produced.with(KEYS, Serdes.decisions()));

        decisions
                .flatMap((tenant, decision) -> userChanges(decision.outcome()).stream()
                        .map(change -> KeyValue.pair(Topics.userKey(tenant, change.userId()), change))
                        .toList())
                .to(Topics.USER_CHANGES, Produced.with(KEYS, Serdes.userChanges()));

        // a group's changes, and those a user's deletion caused, each with the headers (the trace) of its decision
        decisions
                .flatMap((tenant, decision) -> groupChanges(decision.outcome()).stream()
                        .map(change -> KeyValue.pair(Topics.groupKey(tenant, change.groupId()), change))
                        .toList())
                .to(Topics.GROUP_CHANGES, Produced.with(KEYS, Serdes.groupChanges()));

        // the state topics, each record (or tombstone) keyed by what it describes
        stated(projected, Topics.USER_STATE).mapValues(state -> (UserState) state)
                .to(Topics.USER_STATE, Produced.with(KEYS, Serdes.userStates()));
        stated(projected, Topics.GROUP_STATE).mapValues(state -> (GroupState) state)
                .to(Topics.GROUP_STATE, Produced.with(KEYS, Serdes.groupStates()));
        stated(projected, Topics.GROUP_MEMBER_STATE).mapValues(state -> (GroupMemberState) state)
                .to(Topics.GROUP_MEMBER_STATE, Produced.with(KEYS, Serdes.groupMemberStates()));

        return builder.build();
    }

    /**
     * The compaction settings of a state topic (segment, compaction lag, tombstone retention) for the changelogs.
     * Kafka Streams applies them when it creates a changelog; an existing changelog keeps the settings it has (see
     * docs/state-topics.md for the command that brings it in line).
     */
    static Map<String, String> changelogConfigs(Duration erasureBound) {
        Map<String, String> compaction = new HashMap<>(Topics.configs(Topics.USER_STATE, (short) 1, erasureBound));
        compaction.keySet().retainAll(List.of(TopicConfig.SEGMENT_MS_CONFIG, TopicConfig.MIN_COMPACTION_LAG_MS_CONFIG,
                TopicConfig.MAX_COMPACTION_LAG_MS_CONFIG, TopicConfig.DELETE_RETENTION_MS_CONFIG));
        return Map.copyOf(compaction);
    }

    /** The records of one state topic: the state, null for a tombstone. */
    private static KStream<String, Object> stated(KStream<String, Projected> projected, String topic) {
        return projected
                .filter((key, result) -> result instanceof Projected.Stated stated && stated.topic().equals(topic))
                .mapValues(result -> ((Projected.Stated) result).state());
    }

    private static List<UserChangeEvent> userChanges(Outcome outcome) {
        return switch (outcome) {
            case Outcome.Applied applied -> List.of(applied.event());
            case Outcome.TenantErased erased -> erased.users();
            case Outcome.GroupApplied applied -> List.of();
            case Outcome.Unchanged unchanged -> List.of();
            case Outcome.Rejected rejected -> List.of();
        };
    }

    private static List<GroupChangeEvent> groupChanges(Outcome outcome) {
        return switch (outcome) {
            case Outcome.GroupApplied applied -> applied.events();
            case Outcome.Applied applied -> applied.memberships();
            case Outcome.TenantErased erased -> erased.groups();
            case Outcome.Unchanged unchanged -> List.of();
            case Outcome.Rejected rejected -> List.of();
        };
    }

    private ProvisioningTopology() {
    }
}
