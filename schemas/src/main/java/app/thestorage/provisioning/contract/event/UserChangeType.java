package app.thestorage.provisioning.contract.event;

/** What happened to a user. */
public enum UserChangeType {
    USER_CREATED,
    USER_UPDATED,
    USER_DEACTIVATED,
    USER_REACTIVATED,
    USER_DELETED
}
