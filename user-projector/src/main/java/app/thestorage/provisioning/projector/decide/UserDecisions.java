package app.thestorage.provisioning.projector.decide;

import app.thestorage.provisioning.contract.command.CreateUser;
import app.thestorage.provisioning.contract.command.Decision;
import app.thestorage.provisioning.contract.command.Outcome;
import app.thestorage.provisioning.contract.command.ProvisioningCommand;
import app.thestorage.provisioning.contract.event.UserChangeEvent;
import app.thestorage.provisioning.contract.event.UserChangeType;
import app.thestorage.provisioning.contract.user.User;
import java.util.Objects;
import java.util.Optional;

/**
 * Decides every command of a tenant, in the order the tenant sent them. Pure apart from the ledger it
 * updates: the same commands on the same ledger always give the same decisions, which is what makes a
 * replay after a crash harmless.
 */
public final class UserDecisions {

    private final UserLedger ledger;

    public UserDecisions(UserLedger ledger) {
        this.ledger = ledger;
    }

    public Decision decide(ProvisioningCommand command) {
        Outcome outcome = switch (command) {
            case CreateUser create -> create(create);
        };
        return new Decision(command.requestId(), command.tenant(), outcome);
    }

    private Outcome create(CreateUser command) {
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
            return new Outcome.Rejected(409, "uniqueness",
                    "A user with userName '" + existing.userName() + "' already exists in this tenant.");
        }
        User created = new User(command.tenant(), command.userId(), command.attributes(), command.source(),
                command.issuedAt(), command.issuedAt(), 1);
        ledger.put(created);
        return new Outcome.Applied(UserChangeEvent.of(UserChangeType.USER_CREATED, created, command.issuedAt()));
    }

    /**
     * An identity provider that lost our 201 sends the same create again (Entra does): same userName and
     * same externalId means the same person, so the answer is the user that already exists.
     */
    private static boolean isRetryOf(CreateUser command, User existing) {
        String externalId = command.attributes().externalId();
        return externalId != null && Objects.equals(externalId, existing.attributes().externalId());
    }
}
