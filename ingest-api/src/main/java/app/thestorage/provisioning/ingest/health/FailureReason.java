package app.thestorage.provisioning.ingest.health;

import app.thestorage.provisioning.ingest.provisioninglog.ProvisioningLogEntry;
import app.thestorage.provisioning.ingest.provisioninglog.ScimOperation;
import app.thestorage.provisioning.scim.document.ScimUserDocument;

/**
 * Why SCIM requests failed, grouped as an administrator fixes them: each reason says what happened and what to change,
 * read from what the provisioning log records of a failure (its status, scimType, operation and detail).
 */
public enum FailureReason {
    PASSWORD_SENT,
    USER_NAME_TAKEN,
    GROUP_NAME_TAKEN,
    TOKEN_REFUSED,
    RATE_LIMITED,
    NOT_FOUND,
    VERSION_CONFLICT,
    INVALID_REQUEST,
    UNAVAILABLE;

    /** The detail the log records when a password is refused (a replace or an update carrying one). */
    private static final String PASSWORD_REFUSED = ScimUserDocument.passwordRefused().detail();

    /** The reason of a failed request (status 400 or more), as the provisioning log records it. */
    public static FailureReason of(ProvisioningLogEntry entry) {
        return of(entry.status(), entry.operation(), isPasswordRefusal(entry.detail()));
    }

    /**
     * The reason of a failed request of this status and operation; {@code passwordRefused} when its detail is the
     * password refusal (the one reason its status does not tell).
     */
    static FailureReason of(int status, ScimOperation operation, boolean passwordRefused) {
        if (passwordRefused) {
            return PASSWORD_SENT;
        }
        return switch (status) {
            case 401 -> TOKEN_REFUSED;
            case 404 -> NOT_FOUND;
            case 409 -> operation.name().contains("GROUP") ? GROUP_NAME_TAKEN : USER_NAME_TAKEN;
            case 412 -> VERSION_CONFLICT;
            case 429 -> RATE_LIMITED;
            default -> status >= 500 ? UNAVAILABLE : INVALID_REQUEST;
        };
    }

    static boolean isPasswordRefusal(String detail) {
        return PASSWORD_REFUSED.equals(detail);
    }

    /** The detail of the password refusal, as the log records it. */
    static String passwordRefusal() {
        return PASSWORD_REFUSED;
    }

    /** What happened, in a sentence. */
    public String summary() {
        return switch (this) {
            case PASSWORD_SENT -> "The identity provider sends passwords (Okta's \"Sync Password\"); TheStorage keeps "
                    + "none and refuses them (400 mutability).";
            case USER_NAME_TAKEN -> "A userName is already held by another user of this tenant (409 uniqueness).";
            case GROUP_NAME_TAKEN -> "A group's displayName is already held by another group of this tenant "
                    + "(409 uniqueness).";
            case TOKEN_REFUSED -> "Requests came with a missing or wrong bearer token (401).";
            case RATE_LIMITED -> "The identity provider sent more requests than the tenant's rate limit allows (429).";
            case NOT_FOUND -> "The identity provider named a user or group TheStorage does not have (404).";
            case VERSION_CONFLICT -> "A change was made to an older version of a user (412).";
            case INVALID_REQUEST -> "TheStorage refused requests as invalid (400 and other refusals).";
            case UNAVAILABLE -> "TheStorage could not take the requests (5xx).";
        };
    }

    /** What the administrator changes so it stops. */
    public String fix() {
        return switch (this) {
            case PASSWORD_SENT -> "In Okta, open the TheStorage app, Provisioning > To App, and turn off \"Sync "
                    + "Password\" (another identity provider: remove the password mapping). Okta then pushes again.";
            case USER_NAME_TAKEN -> "Find who holds the userName on the Users page. The same person: remove the old "
                    + "account or let the identity provider match it; someone else: give one of them another userName in "
                    + "the identity provider.";
            case GROUP_NAME_TAKEN -> "Rename one of the two groups in the identity provider, or stop pushing the "
                    + "duplicate group.";
            case TOKEN_REFUSED -> "Paste the current SCIM token into the identity provider (Microsoft Entra ID: "
                    + "Provisioning > Admin Credentials > Secret Token, then Test Connection; Okta: Provisioning > "
                    + "Integration > API Token, then Test API Credentials). Nobody has it? Regenerate it under User "
                    + "Provisioning and paste the new one.";
            case RATE_LIMITED -> "Lower the identity provider's request rate (Okta: the app's rate limit, under "
                    + "Applications > the app > Application rate limits; Microsoft Entra ID slows down by itself on the "
                    + "Retry-After it is given). If it lasts, ask TheStorage's operators about the tenant's limit.";
            case NOT_FOUND -> "A user or group was removed from TheStorage but the identity provider still has it: in "
                    + "Microsoft Entra ID restart provisioning; in Okta unassign and assign the user again.";
            case VERSION_CONFLICT -> "Nothing, if it is rare: the identity provider reads the user again and retries.";
            case INVALID_REQUEST -> "Read the detail of these failures in the provisioning log (failures only): it "
                    + "names the attribute or value at fault. Fix that attribute mapping in the identity provider.";
            case UNAVAILABLE -> "Nothing to change in the identity provider: it retries. If it lasts, TheStorage's "
                    + "operators are alerted.";
        };
    }
}
