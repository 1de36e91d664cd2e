package app.thestorage.provisioning.ingest.scim;

import app.thestorage.provisioning.contract.command.ChangeGroup;
import app.thestorage.provisioning.contract.command.CreateGroup;
import app.thestorage.provisioning.contract.command.CreateUser;
import app.thestorage.provisioning.contract.command.DeleteGroup;
import app.thestorage.provisioning.contract.command.DeleteUser;
import app.thestorage.provisioning.contract.command.GroupEdit;
import app.thestorage.provisioning.contract.command.Outcome;
import app.thestorage.provisioning.contract.command.PatchUser;
import app.thestorage.provisioning.contract.command.ProvisioningCommand;
import app.thestorage.provisioning.contract.command.Rejection;
import app.thestorage.provisioning.contract.command.ReplaceUser;
import app.thestorage.provisioning.contract.event.UserChangeEvent;
import app.thestorage.provisioning.contract.event.UserChangeType;
import app.thestorage.provisioning.contract.group.Group;
import app.thestorage.provisioning.contract.user.User;
import app.thestorage.provisioning.contract.user.UserAttributes;
import app.thestorage.provisioning.ingest.command.CommandGateway;
import app.thestorage.provisioning.ingest.directory.DirectoryQuery;
import app.thestorage.provisioning.ingest.directory.DirectoryReader;
import app.thestorage.provisioning.ingest.directory.GroupDirectory;
import app.thestorage.provisioning.ingest.directory.GroupQuery;
import app.thestorage.provisioning.scim.ScimException;
import app.thestorage.provisioning.scim.document.ScimUserDocument;
import app.thestorage.provisioning.scim.group.GroupMember;
import app.thestorage.provisioning.scim.patch.UserPatch;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import org.mockito.ArgumentMatchers;
import org.mockito.Mockito;
import reactor.core.publisher.Mono;

/**
 * What ingest-api talks to over Kafka and PostgreSQL, in memory, for slice tests of the SCIM surface: a projector
 * that decides the commands it is sent (uniqueness by the caseless userName and displayName keys, versions, the PATCH
 * engine of the scim module, members that must be users) and a directory that reads what it decided. It is not the
 * projector: it decides only as far as a response of the edge depends on it. Every command it was sent is kept.
 */
final class InMemoryProvisioning {

    private final Map<String, User> users = new LinkedHashMap<>();
    private final Map<String, Group> groups = new LinkedHashMap<>();
    private final Map<String, Set<String>> members = new LinkedHashMap<>();
    private final List<ProvisioningCommand> received = new CopyOnWriteArrayList<>();
    private volatile Throwable outage;
    private volatile int memberReads;

    /** The command gateway: every command decided here, at once. */
    CommandGateway gateway() {
        CommandGateway gateway = Mockito.mock(CommandGateway.class);
        Mockito.when(gateway.submit(ArgumentMatchers.any()))
                .thenAnswer(call -> Mono.fromCallable(() -> decide(call.getArgument(0))));
        return gateway;
    }

    /** The directory of users. */
    DirectoryReader userDirectory() {
        DirectoryReader directory = Mockito.mock(DirectoryReader.class);
        Mockito.when(directory.find(ArgumentMatchers.anyString(), ArgumentMatchers.anyString()))
                .thenAnswer(call -> read(() -> findUser(call.getArgument(0), call.getArgument(1))));
        Mockito.when(directory.search(ArgumentMatchers.anyString(), ArgumentMatchers.any(), ArgumentMatchers.anyLong(),
                        ArgumentMatchers.anyInt()))
                .thenAnswer(call -> read(() -> searchUsers(call.getArgument(0), call.getArgument(1),
                        call.getArgument(2), call.getArgument(3))));
        return directory;
    }

    /** The directory of groups. */
    GroupDirectory groupDirectory() {
        GroupDirectory directory = Mockito.mock(GroupDirectory.class);
        Mockito.when(directory.find(ArgumentMatchers.anyString(), ArgumentMatchers.anyString()))
                .thenAnswer(call -> read(() -> groups.get(key(call.getArgument(0), call.getArgument(1)))));
        Mockito.when(directory.search(ArgumentMatchers.anyString(), ArgumentMatchers.any(), ArgumentMatchers.anyLong(),
                        ArgumentMatchers.anyInt()))
                .thenAnswer(call -> read(() -> searchGroups(call.getArgument(0), call.getArgument(1),
                        call.getArgument(2), call.getArgument(3))));
        Mockito.when(directory.membersOf(ArgumentMatchers.anyString(), ArgumentMatchers.any()))
                .thenAnswer(call -> read(() -> {
                    memberReads++;
                    return membersOf(call.getArgument(0), call.getArgument(1));
                }));
        Mockito.when(directory.membersAmong(ArgumentMatchers.anyString(), ArgumentMatchers.anyString(),
                        ArgumentMatchers.any()))
                .thenAnswer(call -> read(() -> membersOf(call.getArgument(0), List.of(call.<String>getArgument(1)))
                        .get(call.<String>getArgument(1)).stream()
                        .filter(member -> call.<Collection<String>>getArgument(2).contains(member.id()))
                        .toList()));
        Mockito.when(directory.groupsOf(ArgumentMatchers.anyString(), ArgumentMatchers.any()))
                .thenAnswer(call -> read(() -> groupsOf(call.getArgument(0), call.getArgument(1))));
        return directory;
    }

    /** Every read fails with {@code failure} from now on (null: reads work again), as PostgreSQL down would. */
    void failReadsWith(Throwable failure) {
        this.outage = failure;
    }

    /** How many times every member of groups was read. */
    int memberReads() {
        return memberReads;
    }

    List<ProvisioningCommand> received() {
        return List.copyOf(received);
    }

    <T extends ProvisioningCommand> T last(Class<T> type) {
        return received.reversed().stream().filter(type::isInstance).map(type::cast).findFirst()
                .orElseThrow(() -> new AssertionError("no " + type.getSimpleName() + " was sent"));
    }

    synchronized Optional<User> user(String tenant, String id) {
        return Optional.ofNullable(users.get(key(tenant, id)));
    }

    synchronized Outcome decide(ProvisioningCommand command) {
        received.add(command);
        return switch (command) {
            case CreateUser create -> createUser(create);
            case ReplaceUser replace -> withUser(replace.tenant(), replace.userId(), replace.expectedVersion(),
                    current -> replaced(current, replace.attributes(), replace.issuedAt()));
            case PatchUser patch -> withUser(patch.tenant(), patch.userId(), patch.expectedVersion(), current -> {
                try {
                    return replaced(current, ScimUserDocument.attributesOf(UserPatch.apply(
                                    ScimUserDocument.resourceOf(current, ""), patch.patch()), ScimUserDocument.Intent.REPLACE),
                            patch.issuedAt());
                } catch (ScimException refused) {
                    return new Outcome.Rejected(Rejection.INVALID_VALUE, refused.detail());
                }
            });
            case DeleteUser delete -> withUser(delete.tenant(), delete.userId(), delete.expectedVersion(), current -> {
                users.remove(key(current.tenant(), current.id()));
                members.values().forEach(ids -> ids.remove(current.id()));
                return new Outcome.Applied(UserChangeEvent.of(UserChangeType.USER_DELETED, current, delete.issuedAt()));
            });
            case CreateGroup create -> createGroup(create);
            case ChangeGroup change -> changeGroup(change);
            case DeleteGroup delete -> {
                Group current = groups.get(key(delete.tenant(), delete.groupId()));
                if (current == null) {
                    yield new Outcome.Rejected(Rejection.NOT_FOUND, "Group " + delete.groupId() + " not found.");
                }
                groups.remove(key(delete.tenant(), delete.groupId()));
                members.remove(key(delete.tenant(), delete.groupId()));
                yield new Outcome.GroupApplied(current, List.of());
            }
            default -> throw new IllegalArgumentException("not a SCIM command: " + command);
        };
    }

    private Outcome createUser(CreateUser create) {
        Optional<User> holder = users.values().stream().filter(user -> user.tenant().equals(create.tenant())
                && User.userNameKey(user.userName()).equals(User.userNameKey(create.attributes().userName()))).findFirst();
        if (holder.isPresent()) {
            return new Outcome.Rejected(Rejection.NAME_TAKEN,
                    "A user with userName '" + holder.get().userName() + "' already exists in this tenant.");
        }
        User created = new User(create.tenant(), create.userId(), create.attributes(), create.source(), create.issuedAt(),
                create.issuedAt(), 1);
        users.put(key(created.tenant(), created.id()), created);
        return new Outcome.Applied(UserChangeEvent.of(UserChangeType.USER_CREATED, created, create.issuedAt()));
    }

    private Outcome withUser(String tenant, String id, Long expected, Function<User, Outcome> change) {
        User current = users.get(key(tenant, id));
        if (current == null) {
            return new Outcome.Rejected(Rejection.NOT_FOUND, "User " + id + " not found.");
        }
        if (expected != null && expected != current.version()) {
            return new Outcome.Rejected(Rejection.STALE_VERSION, "The user is now at version " + current.version() + ".");
        }
        return change.apply(current);
    }

    private Outcome replaced(User current, UserAttributes next, Instant at) {
        if (next.equals(current.attributes())) {
            return new Outcome.Unchanged(current);
        }
        User replaced = new User(current.tenant(), current.id(), next, current.source(), current.created(), at,
                current.version() + 1, current.photo());
        users.put(key(replaced.tenant(), replaced.id()), replaced);
        UserChangeType type = current.attributes().active() == next.active() ? UserChangeType.USER_UPDATED
                : next.active() ? UserChangeType.USER_REACTIVATED : UserChangeType.USER_DEACTIVATED;
        return new Outcome.Applied(UserChangeEvent.of(type, replaced, at));
    }

    private Outcome createGroup(CreateGroup create) {
        Optional<Outcome> refused = nameTaken(create.tenant(), create.groupId(), create.displayName())
                .or(() -> notUsers(create.tenant(), create.members()));
        if (refused.isPresent()) {
            return refused.get();
        }
        Group group = new Group(create.tenant(), create.groupId(), create.displayName(), create.externalId(),
                create.source(), create.issuedAt(), create.issuedAt(), 1);
        groups.put(key(group.tenant(), group.id()), group);
        members.put(key(group.tenant(), group.id()), new LinkedHashSet<>(create.members()));
        return new Outcome.GroupApplied(group, List.of());
    }

    private Outcome changeGroup(ChangeGroup change) {
        Group current = groups.get(key(change.tenant(), change.groupId()));
        if (current == null) {
            return new Outcome.Rejected(Rejection.NOT_FOUND, "Group " + change.groupId() + " not found.");
        }
        if (change.expectedVersion() != null && change.expectedVersion() != current.version()) {
            return new Outcome.Rejected(Rejection.STALE_VERSION, "The group is now at version " + current.version() + ".");
        }
        String displayName = current.displayName();
        String externalId = current.externalId();
        Set<String> after = new LinkedHashSet<>(members.get(key(current.tenant(), current.id())));
        for (GroupEdit edit : change.edits()) {
            switch (edit) {
                case GroupEdit.Rename rename -> displayName = rename.displayName();
                case GroupEdit.SetExternalId set -> externalId = set.externalId();
                case GroupEdit.AddMembers add -> after.addAll(add.userIds());
                case GroupEdit.RemoveMembers remove -> after.removeAll(remove.userIds());
                case GroupEdit.ReplaceMembers replace -> {
                    after.clear();
                    after.addAll(replace.userIds());
                }
            }
        }
        Optional<Outcome> refused = nameTaken(current.tenant(), current.id(), displayName)
                .or(() -> notUsers(current.tenant(), after));
        if (refused.isPresent()) {
            return refused.get();
        }
        Group changed = current.changed(displayName, externalId, change.issuedAt());
        groups.put(key(changed.tenant(), changed.id()), changed);
        members.put(key(changed.tenant(), changed.id()), after);
        return new Outcome.GroupApplied(changed, List.of());
    }

    private Optional<Outcome> nameTaken(String tenant, String groupId, String displayName) {
        return groups.values().stream()
                .filter(group -> group.tenant().equals(tenant) && !group.id().equals(groupId)
                        && Group.displayNameKey(group.displayName()).equals(Group.displayNameKey(displayName)))
                .findFirst()
                .map(holder -> new Outcome.Rejected(Rejection.NAME_TAKEN,
                        "A group with displayName '" + holder.displayName() + "' already exists in this tenant."));
    }

    private Optional<Outcome> notUsers(String tenant, Collection<String> ids) {
        return ids.stream().filter(id -> !users.containsKey(key(tenant, id))).findFirst()
                .map(id -> new Outcome.Rejected(Rejection.INVALID_VALUE, "No user " + id + " in this tenant."));
    }

    private <T> Mono<T> read(java.util.concurrent.Callable<T> read) {
        Throwable failure = outage;
        if (failure != null) {
            return Mono.error(failure);
        }
        return Mono.defer(() -> {
            synchronized (this) {
                try {
                    return Mono.justOrEmpty(read.call());
                } catch (Exception e) {
                    return Mono.error(e);
                }
            }
        });
    }

    private DirectoryReader.Found findUser(String tenant, String id) {
        User user = users.get(key(tenant, id));
        return user == null ? null : new DirectoryReader.Found(user, groupsOf(tenant, List.of(id)).get(id));
    }

    /** All users, or those a userName lookup finds: other filters are SQL, tested against PostgreSQL. */
    private DirectoryReader.Page searchUsers(String tenant, DirectoryQuery query, long offset, int limit) {
        if (query != null && query.userName() == null) {
            throw new UnsupportedOperationException("the in-memory directory evaluates userName lookups only");
        }
        List<DirectoryReader.Found> found = users.values().stream()
                .filter(user -> user.tenant().equals(tenant))
                .filter(user -> query == null
                        || User.userNameKey(user.userName()).equals(User.userNameKey(query.userName())))
                .map(user -> findUser(tenant, user.id()))
                .toList();
        return new DirectoryReader.Page(found.size(), page(found, offset, limit));
    }

    private GroupDirectory.Page searchGroups(String tenant, GroupQuery query, long offset, int limit) {
        if (query != null && query.displayName() == null) {
            throw new UnsupportedOperationException("the in-memory directory evaluates displayName lookups only");
        }
        List<Group> found = groups.values().stream()
                .filter(group -> group.tenant().equals(tenant))
                .filter(group -> query == null
                        || Group.displayNameKey(group.displayName()).equals(Group.displayNameKey(query.displayName())))
                .toList();
        return new GroupDirectory.Page(found.size(), page(found, offset, limit));
    }

    private static <T> List<T> page(List<T> all, long offset, int limit) {
        return all.stream().skip(offset).limit(limit).toList();
    }

    private Map<String, List<GroupMember>> membersOf(String tenant, Collection<String> groupIds) {
        Map<String, List<GroupMember>> found = new LinkedHashMap<>();
        for (String groupId : groupIds) {
            List<GroupMember> list = new ArrayList<>();
            for (String userId : new TreeSet<>(members.getOrDefault(key(tenant, groupId), Set.of()))) {
                list.add(memberOf(tenant, userId));
            }
            found.put(groupId, list);
        }
        return found;
    }

    GroupMember memberOf(String tenant, String userId) {
        User user = users.get(key(tenant, userId));
        return new GroupMember(userId, user == null ? null
                : user.attributes().displayName() != null ? user.attributes().displayName() : user.userName());
    }

    private Map<String, List<GroupDirectory.Reference>> groupsOf(String tenant, Collection<String> userIds) {
        Map<String, List<GroupDirectory.Reference>> found = new LinkedHashMap<>();
        for (String userId : userIds) {
            found.put(userId, groups.values().stream()
                    .filter(group -> group.tenant().equals(tenant)
                            && members.getOrDefault(key(tenant, group.id()), Set.of()).contains(userId))
                    .sorted(Comparator.comparing(group -> Group.displayNameKey(group.displayName())))
                    .map(group -> new GroupDirectory.Reference(group.id(), group.displayName()))
                    .toList());
        }
        return found;
    }

    private static String key(String tenant, String id) {
        return tenant + "/" + id;
    }
}
