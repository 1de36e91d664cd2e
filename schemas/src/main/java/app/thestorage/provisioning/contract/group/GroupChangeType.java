package app.thestorage.provisioning.contract.group;

/** What a {@link GroupChangeEvent} says happened. */
public enum GroupChangeType {
    /** A new group, without members yet (the members it was created with follow in a MEMBERS_ADDED). */
    GROUP_CREATED,
    /** displayName or externalId changed. */
    GROUP_UPDATED,
    /** The group is gone, with all its memberships (no MEMBERS_REMOVED is published for them). */
    GROUP_DELETED,
    /** Users became members: the event's {@code members} lists them, and only them. */
    MEMBERS_ADDED,
    /** Users stopped being members (removed, or deleted themselves): the event's {@code members} lists them. */
    MEMBERS_REMOVED
}
