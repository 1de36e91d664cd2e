package app.thestorage.provisioning.projector.decide;

import app.thestorage.provisioning.contract.command.ChangeGroup;
import app.thestorage.provisioning.contract.command.CreateGroup;
import app.thestorage.provisioning.contract.command.DeleteGroup;
import app.thestorage.provisioning.contract.command.Outcome;
import app.thestorage.provisioning.contract.command.Rejection;
import app.thestorage.provisioning.contract.group.Group;
import app.thestorage.provisioning.contract.group.GroupChangeEvent;
import app.thestorage.provisioning.contract.group.GroupChangeType;
import app.thestorage.provisioning.contract.user.User;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * Decides the group commands of a tenant, in the order the tenant sent them (between its user commands: one order for
 * both), like {@link UserDecisions}: pure apart from the ledgers it updates, so a replay reaches the same decisions.
 *
 * <p>A command is applied whole or not at all, and what it publishes is its net effect on the group as it was before:
 * a displayName or externalId change ({@code GROUP_UPDATED}), the members that left ({@code MEMBERS_REMOVED}), the
 * members that joined ({@code MEMBERS_ADDED}), in that order, each event one version of the group. A change that
 * leaves the group as it was publishes nothing and is {@link Outcome.Unchanged}. Members are users of the same tenant: a command naming any other id
 * as a member is refused.
 */
public final class GroupDecisions {

    /**
     * How many bytes of member ids (as JSON) one decision may carry: about 20,000 UUIDs. The decision, and the change
     * event that lists the members, each travel as one Kafka record, at most 1 MiB unless the cluster says otherwise;
     * a record Kafka refuses sets its command aside after the ledger changed, which would leave the projector, the
     * topic and the directory apart for good. A change whose delta would not fit is refused instead (replacing the
     * members of a very large group all at once): the identity provider can make it in smaller steps.
     */
    static final int MAX_MEMBER_BYTES = 768 * 1024;

    private final UserLedger users;
    private final GroupLedger groups;

    public GroupDecisions(UserLedger users, GroupLedger groups) {
        this.users = users;
        this.groups = groups;
    }

    Outcome create(CreateGroup command) {
        String tenant = command.tenant();
        if (command.groupId().indexOf('/') >= 0) {
            // the ledger's keys are tenant/group/user: ingest-api's ids never hold a '/'
            return new Outcome.Rejected(Rejection.INVALID_VALUE, "A group id cannot contain '/'.");
        }
        if (command.source() == null) {
            return new Outcome.Rejected(Rejection.INVALID_VALUE, "A group needs the identity provider it comes from.");
        }
        Optional<Group> sameId = groups.byId(tenant, command.groupId());
        if (sameId.isPresent()) {
            // the very same command delivered twice: the first delivery created the group
            return Outcome.Unchanged.group(sameId.get());
        }
        Optional<Group> holder = groups.idByDisplayName(tenant, command.displayName())
                .flatMap(id -> groups.byId(tenant, id));
        if (holder.isPresent()) {
            return new Outcome.Rejected(Rejection.NAME_TAKEN,
                    "A group with displayName '" + holder.get().displayName() + "' already exists in this tenant.");
        }
        List<String> members = List.copyOf(new LinkedHashSet<>(command.members()));
        Optional<Outcome> refused = unknownMember(tenant, members).or(() -> tooMany(members));
        if (refused.isPresent()) {
            return refused.get();
        }
        Instant at = command.issuedAt();
        Group group = new Group(tenant, command.groupId(), command.displayName(), command.externalId(),
                command.source(), at, at, 1);
        List<GroupChangeEvent> events = new ArrayList<>();
        events.add(GroupChangeEvent.of(GroupChangeType.GROUP_CREATED, group, List.of(), at));
        if (!members.isEmpty()) {
            group = group.touched(at);
            events.add(GroupChangeEvent.of(GroupChangeType.MEMBERS_ADDED, group, members, at));
            for (String member : members) {
                groups.addMember(tenant, group.id(), member);
            }
        }
        groups.put(group);
        return new Outcome.GroupApplied(group, events);
    }

    Outcome change(ChangeGroup command) {
        return withGroup(command.tenant(), command.groupId(), command.expectedVersion(),
                current -> change(command, current));
    }

    private Outcome change(ChangeGroup command, Group current) {
        String tenant = current.tenant();
        EditedGroup edited = EditedGroup.of(current, command.edits());
        Optional<String> holder = groups.idByDisplayName(tenant, edited.displayName());
        if (holder.isPresent() && !holder.get().equals(current.id())) {
            return new Outcome.Rejected(Rejection.NAME_TAKEN,
                    "Another group already has the displayName '" + edited.displayName() + "' in this tenant.");
        }
        Optional<Outcome> unknown = unknownMember(tenant, edited.joining());
        if (unknown.isPresent()) {
            return unknown.get();
        }
        List<String> removed = new ArrayList<>();
        List<String> added = new ArrayList<>();
        delta(current, edited, removed, added);
        Optional<Outcome> tooMany = tooMany(removed, added);
        if (tooMany.isPresent()) {
            return tooMany.get();
        }

        Instant at = command.issuedAt();
        Group group = current;
        List<GroupChangeEvent> events = new ArrayList<>();
        if (!Objects.equals(edited.displayName(), current.displayName())
                || !Objects.equals(edited.externalId(), current.externalId())) {
            group = group.changed(edited.displayName(), edited.externalId(), at);
            events.add(GroupChangeEvent.of(GroupChangeType.GROUP_UPDATED, group, List.of(), at));
        }
        if (!removed.isEmpty()) {
            group = group.touched(at);
            events.add(GroupChangeEvent.of(GroupChangeType.MEMBERS_REMOVED, group, removed, at));
            removed.forEach(member -> groups.removeMember(tenant, current.id(), member));
        }
        if (!added.isEmpty()) {
            group = group.touched(at);
            events.add(GroupChangeEvent.of(GroupChangeType.MEMBERS_ADDED, group, added, at));
            added.forEach(member -> groups.addMember(tenant, current.id(), member));
        }
        if (events.isEmpty()) {
            return Outcome.Unchanged.group(current);
        }
        groups.put(group);
        return new Outcome.GroupApplied(group, events);
    }

    /**
     * The members that leave and those that join, against the members before. Without a ReplaceMembers, only the users
     * the edits named are looked up; with one, the group's members are read once, in a single pass.
     */
    private void delta(Group current, EditedGroup edited, List<String> removed, List<String> added) {
        Map<String, Boolean> after = edited.memberAfter();
        if (edited.replaced()) {
            List<String> before = groups.members(current.tenant(), current.id());
            for (String member : before) {
                if (!Boolean.TRUE.equals(after.get(member))) {
                    removed.add(member);
                }
            }
            Set<String> wereMembers = new HashSet<>(before);
            after.forEach((userId, member) -> {
                if (member && !wereMembers.contains(userId)) {
                    added.add(userId);
                }
            });
        } else {
            after.forEach((userId, member) -> {
                boolean wasMember = groups.isMember(current.tenant(), current.id(), userId);
                if (member && !wasMember) {
                    added.add(userId);
                } else if (!member && wasMember) {
                    removed.add(userId);
                }
            });
        }
    }

    Outcome delete(DeleteGroup command) {
        return withGroup(command.tenant(), command.groupId(), command.expectedVersion(), current -> {
            groups.remove(current);
            Group deleted = current.touched(command.issuedAt());
            return new Outcome.GroupApplied(deleted, List.of(
                    GroupChangeEvent.of(GroupChangeType.GROUP_DELETED, deleted, List.of(), command.issuedAt())));
        });
    }

    /**
     * A deleted user leaves every group it was in: one {@code MEMBERS_REMOVED} per group (its own version), in the
     * order of the groups' ids. Deactivating a user ends no membership.
     */
    List<GroupChangeEvent> userDeleted(User user, Instant at) {
        List<GroupChangeEvent> events = new ArrayList<>();
        for (String groupId : groups.groupsOf(user.tenant(), user.id())) {
            groups.removeMember(user.tenant(), groupId, user.id());
            Optional<Group> group = groups.byId(user.tenant(), groupId);
            if (group.isPresent()) {
                Group left = group.get().touched(at);
                groups.put(left);
                events.add(GroupChangeEvent.of(GroupChangeType.MEMBERS_REMOVED, left, List.of(user.id()), at));
            }
        }
        return events;
    }

    /** Applies a change to an existing group, at the version the request expects, if it names one. */
    private Outcome withGroup(String tenant, String groupId, Long expectedVersion, Function<Group, Outcome> change) {
        Optional<Group> found = groups.byId(tenant, groupId);
        if (found.isEmpty()) {
            return new Outcome.Rejected(Rejection.NOT_FOUND, "Group " + groupId + " not found.");
        }
        Group current = found.get();
        if (expectedVersion != null && expectedVersion != current.version()) {
            return new Outcome.Rejected(Rejection.STALE_VERSION, "The group is now at version " + current.version()
                    + ", not the one the request was based on; read it again and retry.");
        }
        return change.apply(current);
    }

    /** The refusal naming the first of these ids that is not a user of the tenant, if one is not. */
    private Optional<Outcome> unknownMember(String tenant, Collection<String> userIds) {
        for (String userId : userIds) {
            // a '/' would reach into another key of the ledger; no user id holds one
            if (userId.indexOf('/') >= 0 || users.byId(tenant, userId).isEmpty()) {
                return Optional.of(new Outcome.Rejected(Rejection.INVALID_VALUE,
                        "members: there is no user with id '" + userId + "' in this tenant."));
            }
        }
        return Optional.empty();
    }

    /** The refusal of a change whose member ids would not fit in one decision, if they would not. */
    @SafeVarargs
    private static Optional<Outcome> tooMany(List<String>... deltas) {
        long bytes = 0;
        int count = 0;
        for (List<String> delta : deltas) {
            count += delta.size();
            for (String userId : delta) {
                bytes += userId.getBytes(StandardCharsets.UTF_8).length + 3L; // quoted, and a comma
            }
        }
        return bytes <= MAX_MEMBER_BYTES ? Optional.empty() : Optional.of(new Outcome.Rejected(Rejection.TOO_MANY,
                "This change would add or remove " + count + " members at once, more than one change can carry; "
                        + "add or remove them in smaller batches."));
    }
}
