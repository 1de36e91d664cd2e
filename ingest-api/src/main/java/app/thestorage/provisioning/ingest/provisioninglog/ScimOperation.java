package app.thestorage.provisioning.ingest.provisioninglog;

import app.thestorage.provisioning.ingest.scim.ScimPaths;
import org.springframework.http.HttpMethod;

/** What a SCIM request asked for, in the words of the identity providers' own provisioning logs. */
public enum ScimOperation {
    CREATE_USER, GET_USER, LIST_USERS, REPLACE_USER, UPDATE_USER, DELETE_USER, GROUPS, DISCOVERY, OTHER;

    /** {@code resourcePath} is the path below the tenant's SCIM base URL, such as {@code /Users/42}. */
    static ScimOperation of(HttpMethod method, String resourcePath) {
        String[] segments = ScimPaths.segmentsOf(resourcePath);
        String collection = segments[0];
        boolean one = segments.length == 2;
        if (collection.equals("Users") && segments.length <= 2) {
            if (method.equals(HttpMethod.POST) && !one) {
                return CREATE_USER;
            }
            if (method.equals(HttpMethod.GET)) {
                return one ? GET_USER : LIST_USERS;
            }
            if (one && method.equals(HttpMethod.PUT)) {
                return REPLACE_USER;
            }
            if (one && method.equals(HttpMethod.PATCH)) {
                return UPDATE_USER;
            }
            if (one && method.equals(HttpMethod.DELETE)) {
                return DELETE_USER;
            }
            return OTHER;
        }
        return switch (collection) {
            case "Groups" -> GROUPS;
            case "ServiceProviderConfig", "ResourceTypes", "Schemas" -> DISCOVERY;
            default -> OTHER;
        };
    }
}
