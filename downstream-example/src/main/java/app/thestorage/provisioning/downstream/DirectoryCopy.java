package app.thestorage.provisioning.downstream;

import app.thestorage.provisioning.contract.state.GroupMemberState;
import app.thestorage.provisioning.contract.state.GroupState;
import app.thestorage.provisioning.contract.state.UserState;
import java.util.Map;
import java.util.OptionalLong;
import org.apache.kafka.common.TopicPartition;

/**
 * A downstream service's own copy of the directory: users, groups and memberships, and how far it has read each
 * partition of the state topics. {@link InMemoryDirectoryCopy} keeps it in memory; a team swaps in its database by
 * implementing this interface.
 *
 * <p>{@link DirectoryFollower} calls these methods from one thread, in the order of the records. It decides what to
 * apply (the version rule); an implementation only stores and forgets. A database implementation begins a
 * transaction with the first change after {@link #applied} and commits the changes together with the offsets in
 * {@link #applied}: then the copy and its position never disagree, and a restart goes on where the last commit left
 * off.
 */
public interface DirectoryCopy {

    /** The version of the user held, or empty when none is. */
    OptionalLong userVersion(String tenant, String userId);

    void putUser(UserState user);

    void removeUser(String tenant, String userId);

    /** The version of the group held, or empty when none is. */
    OptionalLong groupVersion(String tenant, String groupId);

    void putGroup(GroupState group);

    void removeGroup(String tenant, String groupId);

    /** The version of the membership held (the group's version when it was written), or empty when none is. */
    OptionalLong memberVersion(String tenant, String groupId, String userId);

    void putMember(GroupMemberState member);

    void removeMember(String tenant, String groupId, String userId);

    /** Where to go on reading a partition: the offset after the last record applied; empty to read it from the start. */
    OptionalLong nextOffset(TopicPartition partition);

    /** The records of one poll are applied: from now on, read these partitions from these offsets. */
    void applied(Map<TopicPartition, Long> nextOffsets);
}
