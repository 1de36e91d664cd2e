package app.thestorage.provisioning.contract.command;

import app.thestorage.provisioning.contract.event.UserChangeEvent;
import app.thestorage.provisioning.contract.group.Group;
import app.thestorage.provisioning.contract.group.GroupChangeEvent;
import app.thestorage.provisioning.contract.user.User;
import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import java.util.List;

/** What a command did. */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "outcome")
@JsonSubTypes({
        @JsonSubTypes.Type(value = Outcome.Applied.class, name = "Applied"),
        @JsonSubTypes.Type(value = Outcome.Unchanged.class, name = "Unchanged"),
        @JsonSubTypes.Type(value = Outcome.Rejected.class, name = "Rejected"),
        @JsonSubTypes.Type(value = Outcome.GroupApplied.class, name = "GroupApplied"),
        @JsonSubTypes.Type(value = Outcome.TenantErased.class, name = "TenantErased")
})
public sealed interface Outcome {

    /**
     * The command changed a user; {@code event} is what was published on the user-change topic, and
     * {@code memberships} the group changes it caused (a deleted user leaves every group it was in).
     */
    record Applied(UserChangeEvent event, List<GroupChangeEvent> memberships) implements Outcome {

        public Applied {
            memberships = memberships == null ? List.of() : List.copyOf(memberships);
        }

        public Applied(UserChangeEvent event) {
            this(event, List.of());
        }
    }

    /**
     * The command changed a group: {@code group} as it is now (for a deletion, its last state), {@code events} what
     * was published on the group-change topic, in order.
     */
    record GroupApplied(Group group, List<GroupChangeEvent> events) implements Outcome {

        public GroupApplied {
            events = List.copyOf(events);
        }
    }

    /**
     * One step of a tenant's offboarding ({@link EraseTenant}): {@code users} the deletions of users published on the
     * user-change topic, {@code groups} those of groups on the group-change topic; {@code complete} when the tenant
     * has no user and no group left.
     */
    record TenantErased(List<UserChangeEvent> users, List<GroupChangeEvent> groups, boolean complete)
            implements Outcome {

        public TenantErased {
            users = users == null ? List.of() : List.copyOf(users);
            groups = groups == null ? List.of() : List.copyOf(groups);
        }
    }

    /**
     * The command was already satisfied, for a user and a group alike: a retried create, a change that leaves it as it
     * was. {@code user} or {@code group} is what it is about, as it is; both null for a command about neither (a
     * republish of a tenant's state).
     */
    record Unchanged(User user, Group group) implements Outcome {

        public Unchanged(User user) {
            this(user, null);
        }

        public static Unchanged group(Group group) {
            return new Unchanged(null, group);
        }

        public static Unchanged nothing() {
            return new Unchanged(null, null);
        }
    }

    /** The command was refused, for a {@link Rejection reason} and with a sentence for the identity provider's admin. */
    record Rejected(Rejection reason, String detail) implements Outcome {
    }
}
