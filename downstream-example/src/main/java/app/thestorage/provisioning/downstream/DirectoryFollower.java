package app.thestorage.provisioning.downstream;

import app.thestorage.provisioning.contract.Topics;
import app.thestorage.provisioning.contract.serde.Serdes;
import app.thestorage.provisioning.contract.state.GroupMemberState;
import app.thestorage.provisioning.contract.state.GroupState;
import app.thestorage.provisioning.contract.state.UserState;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Keeps a {@link DirectoryCopy} equal to the directory, from the three public state topics alone.
 *
 * <ul>
 * <li><b>Only the state topics.</b> Every change the pipeline decides writes the new state (or a tombstone) to
 * {@code users.state.v1}, {@code groups.state.v1} or {@code groups.members.state.v1} in the same transaction as its
 * change event; so the state topics both rebuild the copy (they are compacted: the latest record of every key) and keep
 * it current. The change topics are for reacting to what happened; a copy needs none of them.</li>
 * <li><b>Bootstrap.</b> Each partition is read from the copy's own offset, or from the start when the copy has none
 * (an empty copy). {@link #bootstrapped()} turns true once every partition has reached the end offset it had when the
 * follower started: the copy then holds at least everything decided before the start. Reading simply goes on.</li>
 * <li><b>read_committed, no consumer group.</b> Only committed transactions are read. Every instance reads every
 * partition ({@code assign}, not {@code subscribe}) and keeps its offsets in the copy, not in Kafka: a database copy
 * commits them with the data, so nothing is applied twice or skipped.</li>
 * <li><b>Version rule.</b> A record is applied unless the copy holds the key at a higher version (a replayed or
 * republished record changes nothing); a tombstone removes the key.</li>
 * </ul>
 *
 * {@link #run()} returns once {@link #close()} is called, and throws on anything else: a record it cannot read stops it
 * rather than leave a copy that silently misses a change.
 */
public final class DirectoryFollower implements Runnable, AutoCloseable {

    private static final Deserializer<UserState> USERS = Serdes.userStates().deserializer();
    private static final Deserializer<GroupState> GROUPS = Serdes.groupStates().deserializer();
    private static final Deserializer<GroupMemberState> MEMBERS = Serdes.groupMemberStates().deserializer();

    private final Map<String, Object> clientConfig;
    private final DirectoryCopy copy;
    private volatile KafkaConsumer<String, byte[]> consumer;
    private volatile boolean closing;
    private volatile boolean bootstrapped;

    /**
     * @param clientConfig the Kafka client settings of your service: at least {@code bootstrap.servers}, and its
     *                     security settings
     */
    public DirectoryFollower(Map<String, Object> clientConfig, DirectoryCopy copy) {
        this.clientConfig = Map.copyOf(clientConfig);
        this.copy = copy;
    }

    @Override
    public void run() {
        Map<String, Object> config = new HashMap<>(clientConfig);
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        // a missing state topic is an error, never one the broker creates on demand without compaction
        config.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, false);
        try (KafkaConsumer<String, byte[]> reader =
                     new KafkaConsumer<>(config, new StringDeserializer(), new ByteArrayDeserializer())) {
            consumer = reader;
            if (closing) {
                return;
            }
            List<TopicPartition> partitions = Topics.stateTopics().stream()
                    .flatMap(topic -> reader.partitionsFor(topic).stream())
                    .map(info -> new TopicPartition(info.topic(), info.partition()))
                    .toList();
            if (partitions.stream().map(TopicPartition::topic).distinct().count() < Topics.stateTopics().size()) {
                throw new IllegalStateException("Not every state topic exists: " + Topics.stateTopics());
            }
            reader.assign(partitions);
            for (TopicPartition partition : partitions) {
                OptionalLong next = copy.nextOffset(partition);
                if (next.isPresent()) {
                    reader.seek(partition, next.getAsLong());
                } else {
                    reader.seekToBeginning(List.of(partition));
                }
            }
            Map<TopicPartition, Long> endAtStart = reader.endOffsets(partitions);
            while (!closing) {
                Map<TopicPartition, Long> nextOffsets = new HashMap<>();
                for (ConsumerRecord<String, byte[]> record : reader.poll(Duration.ofMillis(500))) {
                    apply(record, copy);
                    nextOffsets.put(new TopicPartition(record.topic(), record.partition()), record.offset() + 1);
                }
                if (!nextOffsets.isEmpty()) {
                    copy.applied(nextOffsets);
                }
                if (!bootstrapped) {
                    bootstrapped = endAtStart.entrySet().stream()
                            .allMatch(end -> reader.position(end.getKey()) >= end.getValue());
                }
            }
        } catch (WakeupException e) {
            if (!closing) {
                throw e;
            }
        }
    }

    /** Whether the copy holds everything the state topics held when the follower started (and what came since). */
    public boolean bootstrapped() {
        return bootstrapped;
    }

    /** Makes {@link #run()} return; from any thread. */
    @Override
    public void close() {
        closing = true;
        KafkaConsumer<String, byte[]> reader = consumer;
        if (reader != null) {
            reader.wakeup();
        }
    }

    /** Applies one record of a state topic to the copy: the version rule and tombstones, in one place. */
    static void apply(ConsumerRecord<String, byte[]> record, DirectoryCopy copy) {
        String[] key = record.key().split("/", 3); // tenant/userId, tenant/groupId, tenant/groupId/userId
        switch (record.topic()) {
            case Topics.USER_STATE -> {
                UserState user = USERS.deserialize(record.topic(), record.value());
                if (user == null) {
                    copy.removeUser(key[0], key[1]);
                } else if (notOlder(user.version(), copy.userVersion(key[0], key[1]))) {
                    copy.putUser(user);
                }
            }
            case Topics.GROUP_STATE -> {
                GroupState group = GROUPS.deserialize(record.topic(), record.value());
                if (group == null) {
                    copy.removeGroup(key[0], key[1]);
                } else if (notOlder(group.version(), copy.groupVersion(key[0], key[1]))) {
                    copy.putGroup(group);
                }
            }
            case Topics.GROUP_MEMBER_STATE -> {
                GroupMemberState member = MEMBERS.deserialize(record.topic(), record.value());
                if (member == null) {
                    copy.removeMember(key[0], key[1], key[2]);
                } else if (notOlder(member.version(), copy.memberVersion(key[0], key[1], key[2]))) {
                    copy.putMember(member);
                }
            }
            default -> throw new IllegalArgumentException("Not a state topic: " + record.topic());
        }
    }

    private static boolean notOlder(long version, OptionalLong held) {
        return held.isEmpty() || version >= held.getAsLong();
    }
}
