package app.thestorage.provisioning.projector.decide;

import app.thestorage.provisioning.contract.command.CreateUser;
import app.thestorage.provisioning.contract.command.DeleteUser;
import app.thestorage.provisioning.contract.command.Outcome;
import app.thestorage.provisioning.contract.command.PatchUser;
import app.thestorage.provisioning.contract.command.ProvisioningCommand;
import app.thestorage.provisioning.contract.command.Rejection;
import app.thestorage.provisioning.contract.command.ReplaceUser;
import app.thestorage.provisioning.contract.command.SetProfilePhoto;
import app.thestorage.provisioning.contract.command.SyncDirectoryProfile;
import app.thestorage.provisioning.contract.event.UserChangeEvent;
import app.thestorage.provisioning.contract.event.UserChangeType;
import app.thestorage.provisioning.contract.user.IdentityProvider;
import app.thestorage.provisioning.contract.user.ProfilePhoto;
import app.thestorage.provisioning.contract.user.User;
import app.thestorage.provisioning.contract.user.UserAttributes;
import app.thestorage.provisioning.scim.ScimException;
import app.thestorage.provisioning.scim.document.ScimUserDocument;
import app.thestorage.provisioning.scim.patch.UserPatch;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * Decides the user commands of a tenant, in the order the tenant sent them. Pure apart from the ledger it
 * updates: the same commands on the same ledger always give the same decisions, which is what makes a
 * replay after a crash harmless. {@link ProvisioningDecisions} checks each command and hands it here.
 */
public final class UserDecisions {

    private final UserLedger ledger;

    public UserDecisions(UserLedger ledger) {
        this.ledger = ledger;
    }

    Outcome create(CreateUser command) {
        Optional<User> sameId = ledger.byId(command.tenant(), command.userId());
        if (sameId.isPresent()) {
            // the very same command delivered twice: the first delivery created the user
            return new Outcome.Unchanged(sameId.get());
        }
        String userName = command.attributes().userName();
        Optional<User> holder = ledger.idByUserName(command.tenant(), userName)
                .flatMap(id -> ledger.byId(command.tenant(), id));
        if (holder.isPresent()) {
            User existing = holder.get();
            if (isRetryOf(command, existing)) {
                return new Outcome.Unchanged(existing);
            }
            return new Outcome.Rejected(Rejection.NAME_TAKEN,
                    "A user with userName '" + existing.userName() + "' already exists in this tenant.");
        }
        User created = new User(command.tenant(), command.userId(), command.attributes(), command.source(),
                command.issuedAt(), command.issuedAt(), 1);
        ledger.put(created);
        return new Outcome.Applied(UserChangeEvent.of(UserChangeType.USER_CREATED, created, command.issuedAt()));
    }

    Outcome replace(ReplaceUser command) {
        return withUser(command.tenant(), command.userId(), command.expectedVersion(), current -> replace(command, current));
    }

    private Outcome replace(ReplaceUser command, User current) {
        return replaced(current, command.attributes(), command);
    }

    /**
     * The PATCH applied to the user as it is now: concurrent PATCHes of one user apply one after the other, each to
     * the result of the one before. What the PATCH engine refuses for this user (a filter that matches none of its
     * values and does not say what to add, say), and a result the directory cannot hold, are refused as SCIM errors.
     */
    Outcome patch(PatchUser command) {
        return withUser(command.tenant(), command.userId(), command.expectedVersion(), current -> {
            UserAttributes next;
            try {
                next = ScimUserDocument.attributesOf(
                        UserPatch.apply(ScimUserDocument.resourceOf(current, ""), command.patch()),
                        ScimUserDocument.Intent.REPLACE);
            } catch (ScimException refused) { // the directory's limits included (DirectoryLimits)
                return new Outcome.Rejected(reasonOf(refused), refused.detail());
            }
            return replaced(current, next, command);
        });
    }

    /** The user with all its attributes replaced by {@code next}, unless another user holds the new userName. */
    private Outcome replaced(User current, UserAttributes next, ProvisioningCommand command) {
        if (next.equals(current.attributes())) {
            return new Outcome.Unchanged(current);
        }
        Optional<String> holder = ledger.idByUserName(current.tenant(), next.userName());
        if (holder.isPresent() && !holder.get().equals(current.id())) {
            return new Outcome.Rejected(Rejection.NAME_TAKEN,
                    "Another user already has the userName '" + next.userName() + "' in this tenant.");
        }
        User replaced = new User(current.tenant(), current.id(), next, current.source(), current.created(),
                command.issuedAt(), current.version() + 1, current.photo());
        ledger.put(replaced);
        UserChangeType type = current.attributes().active() == next.active() ? UserChangeType.USER_UPDATED
                : next.active() ? UserChangeType.USER_REACTIVATED : UserChangeType.USER_DEACTIVATED;
        return new Outcome.Applied(UserChangeEvent.of(type, replaced, command.issuedAt()));
    }

    Outcome delete(DeleteUser command) {
        return withUser(command.tenant(), command.userId(), command.expectedVersion(), current -> delete(command, current));
    }

    private Outcome delete(DeleteUser command, User current) {
        ledger.remove(current);
        User deleted = new User(current.tenant(), current.id(), current.attributes(), current.source(),
                current.created(), command.issuedAt(), current.version() + 1, current.photo());
        return new Outcome.Applied(UserChangeEvent.of(UserChangeType.USER_DELETED, deleted, command.issuedAt()));
    }

    /**
     * The directory sync's display name and job title, for the Entra user it matched by object id. If the
     * user's externalId changed since (or it never came from Entra), the sync's view is stale: refused.
     */
    Outcome syncProfile(SyncDirectoryProfile command) {
        return withUser(command.tenant(), command.userId(), null, current -> {
            if (current.source() != IdentityProvider.MICROSOFT_ENTRA_ID
                    || !Objects.equals(command.externalId(), current.attributes().externalId())) {
                return new Outcome.Rejected(Rejection.SUPERSEDED, "User " + current.id()
                        + " is not the Entra object " + command.externalId() + " any more.");
            }
            UserAttributes now = current.attributes();
            UserAttributes next = now.withDirectoryProfile(
                    command.displayName() != null ? command.displayName() : now.displayName(),
                    command.title() != null ? command.title() : now.title());
            if (next.equals(current.attributes())) {
                return new Outcome.Unchanged(current);
            }
            return updated(current, next, current.photo(), command);
        });
    }

    Outcome setPhoto(SetProfilePhoto command) {
        return withUser(command.tenant(), command.userId(), null, current -> Objects.equals(command.photo(), current.photo())
                ? new Outcome.Unchanged(current)
                : updated(current, current.attributes(), command.photo(), command));
    }

    private Outcome updated(User current, UserAttributes attributes, ProfilePhoto photo, ProvisioningCommand command) {
        User next = new User(current.tenant(), current.id(), attributes, current.source(), current.created(),
                command.issuedAt(), current.version() + 1, photo);
        ledger.put(next);
        return new Outcome.Applied(UserChangeEvent.of(UserChangeType.USER_UPDATED, next, command.issuedAt()));
    }

    /** Applies a change to an existing user, at the version the request expects, if it names one. */
    private Outcome withUser(String tenant, String userId, Long expectedVersion, Function<User, Outcome> change) {
        Optional<User> found = ledger.byId(tenant, userId);
        if (found.isEmpty()) {
            return notFound(userId);
        }
        User current = found.get();
        if (expectedVersion != null && expectedVersion != current.version()) {
            return versionMismatch(current);
        }
        return change.apply(current);
    }

    /** Why the PATCH engine refused a PATCH for this user, in the decision's words. */
    private static Rejection reasonOf(ScimException refused) {
        return switch (String.valueOf(refused.scimType())) {
            case "invalidPath" -> Rejection.INVALID_PATH;
            case "noTarget" -> Rejection.NO_TARGET;
            case "mutability" -> Rejection.READ_ONLY;
            case "invalidSyntax" -> Rejection.INVALID_SYNTAX;
            case "tooMany" -> Rejection.TOO_MANY;
            default -> Rejection.INVALID_VALUE;
        };
    }

    private static Outcome notFound(String userId) {
        return new Outcome.Rejected(Rejection.NOT_FOUND, "User " + userId + " not found.");
    }

    private static Outcome versionMismatch(User current) {
        return new Outcome.Rejected(Rejection.STALE_VERSION, "The user is now at version " + current.version()
                + ", not the one the request was based on; read it again and retry.");
    }

    /**
     * An identity provider that lost our 201 sends the same create again (Entra does): the same body, so the answer
     * is the user that already exists. A create of the same userName and externalId with other attributes is not a
     * replay, and applying nothing while answering 201 would hide the difference: it is a 409, after which the
     * identity provider looks the user up and updates it (RFC 7644 §3.3).
     */
    private static boolean isRetryOf(CreateUser command, User existing) {
        String externalId = command.attributes().externalId();
        return externalId != null && command.attributes().equals(existing.attributes());
    }
}
