package app.thestorage.provisioning.projector.decide;

import app.thestorage.provisioning.contract.DirectoryLimits;
import app.thestorage.provisioning.contract.command.ChangeGroup;
import app.thestorage.provisioning.contract.command.CreateGroup;
import app.thestorage.provisioning.contract.command.CreateUser;
import app.thestorage.provisioning.contract.command.Decision;
import app.thestorage.provisioning.contract.command.DeleteGroup;
import app.thestorage.provisioning.contract.command.DeleteUser;
import app.thestorage.provisioning.contract.command.EraseTenant;
import app.thestorage.provisioning.contract.command.Outcome;
import app.thestorage.provisioning.contract.command.PatchUser;
import app.thestorage.provisioning.contract.command.ProvisioningCommand;
import app.thestorage.provisioning.contract.command.PublishTenantState;
import app.thestorage.provisioning.contract.command.Rejection;
import app.thestorage.provisioning.contract.command.ReplaceUser;
import app.thestorage.provisioning.contract.command.SetProfilePhoto;
import app.thestorage.provisioning.contract.command.SyncDirectoryProfile;
import app.thestorage.provisioning.contract.event.UserChangeEvent;
import app.thestorage.provisioning.contract.event.UserChangeType;
import app.thestorage.provisioning.contract.group.Group;
import app.thestorage.provisioning.contract.group.GroupChangeEvent;
import app.thestorage.provisioning.contract.user.User;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Decides every command of a tenant, user and group commands alike, in the one order the tenant sent them: a group
 * command sees exactly the users the commands before it left. Checks each command against {@link DirectoryLimits},
 * then leaves the user rules to {@link UserDecisions} and the group rules to {@link GroupDecisions}; the one place
 * they meet is a user's deletion, which ends the user's memberships in the same decision.
 */
public final class ProvisioningDecisions {

    private final UserLedger userLedger;
    private final GroupLedger groupLedger;
    private final UserDecisions users;
    private final GroupDecisions groups;

    public ProvisioningDecisions(UserLedger users, GroupLedger groups) {
        this.userLedger = users;
        this.groupLedger = groups;
        this.users = new UserDecisions(users);
        this.groups = new GroupDecisions(users, groups);
    }

    public Decision decide(ProvisioningCommand command) {
        Optional<String> unstorable = DirectoryLimits.violation(command);
        if (unstorable.isPresent()) {
            // ingest-api refuses these; a command from any other producer must not reach the topics either
            return new Decision(command.requestId(), command.tenant(),
                    new Outcome.Rejected(Rejection.INVALID_VALUE, unstorable.get()));
        }
        Outcome outcome = switch (command) {
            case CreateUser create -> users.create(create);
            case ReplaceUser replace -> users.replace(replace);
            case PatchUser patch -> users.patch(patch);
            case DeleteUser delete -> endMemberships(users.delete(delete));
            case SyncDirectoryProfile sync -> users.syncProfile(sync);
            case SetProfilePhoto photo -> users.setPhoto(photo);
            case CreateGroup create -> groups.create(create);
            case ChangeGroup change -> groups.change(change);
            case DeleteGroup delete -> groups.delete(delete);
            case EraseTenant erase -> erase(erase);
            case PublishTenantState publish -> Outcome.Unchanged.nothing();
        };
        return new Decision(command.requestId(), command.tenant(), outcome);
    }

    /**
     * One step of a tenant's erasure: its groups first (so that no user deletion has memberships to end), each deleted
     * as a DELETE /Groups would, then, once none is left, its users, each as a DELETE /Users would.
     */
    private Outcome erase(EraseTenant command) {
        String tenant = command.tenant();
        List<GroupChangeEvent> groupsGone = new ArrayList<>();
        for (Group group : groupLedger.some(tenant, command.limit())) {
            Outcome deleted = groups.delete(new DeleteGroup(command.requestId(), tenant, group.source(),
                    command.issuedAt(), group.id(), null));
            if (deleted instanceof Outcome.GroupApplied applied) {
                groupsGone.addAll(applied.events());
            }
        }
        List<UserChangeEvent> usersGone = new ArrayList<>();
        if (groupsGone.isEmpty()) {
            for (User user : userLedger.some(tenant, command.limit())) {
                Outcome deleted = users.delete(new DeleteUser(command.requestId(), tenant, user.source(),
                        command.issuedAt(), user.id(), null));
                if (deleted instanceof Outcome.Applied applied) {
                    usersGone.add(applied.event());
                }
            }
        }
        boolean complete = groupLedger.some(tenant, 1).isEmpty() && userLedger.some(tenant, 1).isEmpty();
        return new Outcome.TenantErased(usersGone, groupsGone, complete);
    }

    /** A deleted user's outcome, with the group changes of its leaving every group it was in. */
    private Outcome endMemberships(Outcome outcome) {
        if (outcome instanceof Outcome.Applied applied && applied.event().type() == UserChangeType.USER_DELETED) {
            return new Outcome.Applied(applied.event(),
                    groups.userDeleted(applied.event().user(), applied.event().occurredAt()));
        }
        return outcome;
    }
}
