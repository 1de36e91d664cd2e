package app.thestorage.provisioning.contract.command;

/**
 * Why the projector refused a command, in the domain's words. The projector decides the reason; ingest-api alone
 * says it in HTTP (status, scimType), so no rule of the web layer lives in a decision.
 */
public enum Rejection {
    /** The user or group the command is about does not exist (any more). */
    NOT_FOUND,
    /** Another user holds the userName, or another group the displayName, without regard to case. */
    NAME_TAKEN,
    /** The command was based on an older version than the current one (a request's If-Match). */
    STALE_VERSION,
    /** A value the directory cannot hold, or a member that is no user of the tenant. */
    INVALID_VALUE,
    /** More member ids at once than one decision can carry. */
    TOO_MANY,
    /** A PATCH names an attribute that does not exist. */
    INVALID_PATH,
    /** A PATCH's filter matches none of the values and does not say which one to add. */
    NO_TARGET,
    /** A PATCH changes an attribute that cannot be written (id, meta, groups, password). */
    READ_ONLY,
    /** A PATCH that is not a valid PatchOp. */
    INVALID_SYNTAX,
    /** A directory sync's view of a user that is out of date (the user's externalId changed since). */
    SUPERSEDED,
    /** The directory could not store the change, which was set aside for the operators. */
    NOT_STORED
}
