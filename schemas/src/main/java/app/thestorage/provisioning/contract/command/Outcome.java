package app.thestorage.provisioning.contract.command;

import app.thestorage.provisioning.contract.event.UserChangeEvent;
import app.thestorage.provisioning.contract.user.User;
import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;

/** What a command did. */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "outcome")
@JsonSubTypes({
        @JsonSubTypes.Type(value = Outcome.Applied.class, name = "Applied"),
        @JsonSubTypes.Type(value = Outcome.Unchanged.class, name = "Unchanged"),
        @JsonSubTypes.Type(value = Outcome.Rejected.class, name = "Rejected")
})
public sealed interface Outcome {

    /** The command changed a user; {@code event} is what was published on the user-change topic. */
    record Applied(UserChangeEvent event) implements Outcome {
    }

    /** The command was already satisfied (e.g. a retried create of the same user). */
    record Unchanged(User user) implements Outcome {
    }

    /** The command was refused, with the SCIM error the client gets. */
    record Rejected(int status, String scimType, String detail) implements Outcome {
    }
}
