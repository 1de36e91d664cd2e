package app.thestorage.provisioning.downstream;

import app.thestorage.provisioning.contract.Topics;
import app.thestorage.provisioning.contract.state.GroupMemberState;
import app.thestorage.provisioning.contract.state.GroupState;
import app.thestorage.provisioning.contract.state.UserState;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.ToLongFunction;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.kafka.common.TopicPartition;

/**
 * The directory copy in memory, keyed as the topics are ({@code tenant/userId}, {@code tenant/groupId},
 * {@code tenant/groupId/userId}). It starts empty and keeps no offsets past its own life: each start rebuilds it from
 * the state topics. Written by the follower's thread, read by any other.
 */
public final class InMemoryDirectoryCopy implements DirectoryCopy {

    private final Map<String, UserState> users = new ConcurrentHashMap<>();
    private final Map<String, GroupState> groups = new ConcurrentHashMap<>();
    private final Map<String, GroupMemberState> members = new ConcurrentHashMap<>();
    private final Map<TopicPartition, Long> offsets = new ConcurrentHashMap<>();

    @Override
    public OptionalLong userVersion(String tenant, String userId) {
        return version(users.get(Topics.userKey(tenant, userId)), UserState::version);
    }

    @Override
    public void putUser(UserState user) {
        users.put(Topics.userKey(user.tenant(), user.userId()), user);
    }

    @Override
    public void removeUser(String tenant, String userId) {
        users.remove(Topics.userKey(tenant, userId));
    }

    @Override
    public OptionalLong groupVersion(String tenant, String groupId) {
        return version(groups.get(Topics.groupKey(tenant, groupId)), GroupState::version);
    }

    @Override
    public void putGroup(GroupState group) {
        groups.put(Topics.groupKey(group.tenant(), group.groupId()), group);
    }

    @Override
    public void removeGroup(String tenant, String groupId) {
        groups.remove(Topics.groupKey(tenant, groupId));
    }

    @Override
    public OptionalLong memberVersion(String tenant, String groupId, String userId) {
        return version(members.get(Topics.groupMemberKey(tenant, groupId, userId)), GroupMemberState::version);
    }

    @Override
    public void putMember(GroupMemberState member) {
        members.put(Topics.groupMemberKey(member.tenant(), member.groupId(), member.userId()), member);
    }

    @Override
    public void removeMember(String tenant, String groupId, String userId) {
        members.remove(Topics.groupMemberKey(tenant, groupId, userId));
    }

    @Override
    public OptionalLong nextOffset(TopicPartition partition) {
        Long offset = offsets.get(partition);
        return offset == null ? OptionalLong.empty() : OptionalLong.of(offset);
    }

    @Override
    public void applied(Map<TopicPartition, Long> nextOffsets) {
        offsets.putAll(nextOffsets);
    }

    /** The tenants that have at least one user or group. */
    public Set<String> tenants() {
        return Stream.concat(users.values().stream().map(UserState::tenant),
                groups.values().stream().map(GroupState::tenant)).collect(Collectors.toSet());
    }

    /** A tenant's users by id, active or not. */
    public Map<String, UserState> users(String tenant) {
        return users.values().stream().filter(user -> user.tenant().equals(tenant))
                .collect(Collectors.toMap(UserState::userId, user -> user));
    }

    public Optional<UserState> user(String tenant, String userId) {
        return Optional.ofNullable(users.get(Topics.userKey(tenant, userId)));
    }

    /** A tenant's groups by id, without their members. */
    public Map<String, GroupState> groups(String tenant) {
        return groups.values().stream().filter(group -> group.tenant().equals(tenant))
                .collect(Collectors.toMap(GroupState::groupId, group -> group));
    }

    /** A tenant's memberships: the ids of each group's members, by group id (groups without members left out). */
    public Map<String, Set<String>> members(String tenant) {
        return members.values().stream().filter(member -> member.tenant().equals(tenant))
                .collect(Collectors.groupingBy(GroupMemberState::groupId,
                        Collectors.mapping(GroupMemberState::userId, Collectors.toSet())));
    }

    private static <T> OptionalLong version(T held, ToLongFunction<T> version) {
        return held == null ? OptionalLong.empty() : OptionalLong.of(version.applyAsLong(held));
    }
}
