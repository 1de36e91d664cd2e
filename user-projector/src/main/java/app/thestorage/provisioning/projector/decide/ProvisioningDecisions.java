package app.thestorage.provisioning.projector.decide;

import app.thestorage.provisioning.contract.DirectoryLimits;
import app.thestorage.provisioning.contract.command.ChangeGroup;
import app.thestorage.provisioning.contract.command.CreateGroup;
import app.thestorage.provisioning.contract.command.CreateUser;
import app.thestorage.provisioning.contract.command.Decision;
import app.thestorage.provisioning.contract.command.DeleteGroup;
import app.thestorage.provisioning.contract.command.DeleteUser;
import app.thestorage.provisioning.contract.command.Outcome;
import app.thestorage.provisioning.contract.command.ProvisioningCommand;
import app.thestorage.provisioning.contract.command.ReplaceUser;
import app.thestorage.provisioning.contract.command.SetProfilePhoto;
import app.thestorage.provisioning.contract.command.SyncDirectoryProfile;
import app.thestorage.provisioning.contract.event.UserChangeType;
import java.util.Optional;

/**
 * Decides every command of a tenant, user and group commands alike, in the one order the tenant sent them: a group
 * command sees exactly the users the commands before it left. Checks each command against {@link DirectoryLimits},
 * then leaves the user rules to {@link UserDecisions} and the group rules to {@link GroupDecisions}; the one place
 * they meet is a user's deletion, which ends the user's memberships in the same decision.
 */
public final class ProvisioningDecisions {

    private final UserDecisions users;
    private final GroupDecisions groups;

    public ProvisioningDecisions(UserLedger users, GroupLedger groups) {
        this.users = new UserDecisions(users);
        this.groups = new GroupDecisions(users, groups);
    }

    public Decision decide(ProvisioningCommand command) {
        Optional<String> unstorable = DirectoryLimits.violation(command);
        if (unstorable.isPresent()) {
            // ingest-api refuses these; a command from any other producer must not reach the topics either
            return new Decision(command.requestId(), command.tenant(),
                    new Outcome.Rejected(400, "invalidValue", unstorable.get()));
        }
        Outcome outcome = switch (command) {
            case CreateUser create -> users.create(create);
            case ReplaceUser replace -> users.replace(replace);
            case DeleteUser delete -> endMemberships(users.delete(delete));
            case SyncDirectoryProfile sync -> users.syncProfile(sync);
            case SetProfilePhoto photo -> users.setPhoto(photo);
            case CreateGroup create -> groups.create(create);
            case ChangeGroup change -> groups.change(change);
            case DeleteGroup delete -> groups.delete(delete);
        };
        return new Decision(command.requestId(), command.tenant(), outcome);
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
