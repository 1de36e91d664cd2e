package app.thestorage.provisioning.ingest.provisioninglog;

/**
 * How the provisioning log keeps a SCIM request (docs/provisioning-health.md, "What the log keeps").
 * <ul>
 *   <li>{@link #ENTRY}, an entry of its own: every write, every failure (any status but 2xx and 304, refusals by
 *       authentication and the rate limit included), and Test Connection's lookups: a lookup (a list with a filter)
 *       that found nothing, such as Entra's and Okta's random {@code userName eq "..."}, and a list of one resource
 *       without a filter ({@code GET /Users?count=1}, Okta's Test API Credentials);</li>
 *   <li>{@link #COUNTED}: every other successful read (a user or a group by id, a lookup that found something, a list,
 *       discovery), counted per tenant, minute, operation and identity provider.</li>
 * </ul>
 */
public enum LogKeeping {
    ENTRY, COUNTED;

    /**
     * @param filter the request's {@code filter} parameter, if any
     * @param count  the request's {@code count} parameter, if any (as sent)
     * @param found  how many resources a list found (its totalResults), null if it did not answer with a list
     */
    static LogKeeping of(ScimOperation operation, int status, String filter, String count, Long found) {
        boolean succeeded = status >= 200 && status < 300 || status == 304;
        if (!succeeded) {
            return ENTRY;
        }
        return switch (operation) {
            case GET_USER, GET_GROUP, DISCOVERY -> COUNTED;
            case LIST_USERS, LIST_GROUPS -> testConnection(filter, count, found) ? ENTRY : COUNTED;
            case CREATE_USER, REPLACE_USER, UPDATE_USER, DELETE_USER, CREATE_GROUP, REPLACE_GROUP, UPDATE_GROUP,
                 DELETE_GROUP, OTHER -> ENTRY;
        };
    }

    /** A list as Test Connection sends it: a lookup that found nothing, or one resource without a filter. */
    private static boolean testConnection(String filter, String count, Long found) {
        if (filter != null) {
            return found != null && found == 0;
        }
        return atMostOne(count);
    }

    private static boolean atMostOne(String count) {
        if (count == null) {
            return false;
        }
        try {
            return Integer.parseInt(count.strip()) <= 1;
        } catch (NumberFormatException notANumber) {
            return false;
        }
    }
}
