package app.thestorage.provisioning.ingest.provisioninglog;

import app.thestorage.provisioning.ingest.scim.ScimPaths;
import org.springframework.http.HttpMethod;

/** What a SCIM request asked for, in the words of the identity providers' own provisioning logs. */
public enum ScimOperation {
    CREATE_USER, GET_USER, LIST_USERS, REPLACE_USER, UPDATE_USER, DELETE_USER,
    CREATE_GROUP, GET_GROUP, LIST_GROUPS, REPLACE_GROUP, UPDATE_GROUP, DELETE_GROUP,
    DISCOVERY, OTHER;

    /** {@code resourcePath} is the path below the tenant's SCIM base URL, such as {@code /Users/42}. */
    static ScimOperation of(HttpMethod method, String resourcePath) {
        String[] segments = ScimPaths.segmentsOf(resourcePath);
        String collection = segments[0];
        if (segments.length <= 2 && collection.equals("Users")) {
            return of(method, segments.length == 2,
                    CREATE_USER, GET_USER, LIST_USERS, REPLACE_USER, UPDATE_USER, DELETE_USER);
        }
        if (segments.length <= 2 && collection.equals("Groups")) {
            return of(method, segments.length == 2,
                    CREATE_GROUP, GET_GROUP, LIST_GROUPS, REPLACE_GROUP, UPDATE_GROUP, DELETE_GROUP);
        }
        return switch (collection) {
            case "ServiceProviderConfig", "ResourceTypes", "Schemas" -> DISCOVERY;
            default -> OTHER;
        };
    }

    /** The operation on a collection ({@code one}: on one of its resources) that the method asks for. */
    private static ScimOperation of(HttpMethod method, boolean one, ScimOperation create, ScimOperation get,
                                    ScimOperation list, ScimOperation replace, ScimOperation update,
                                    ScimOperation delete) {
        if (method.equals(HttpMethod.POST) && !one) {
            return create;
        }
        if (method.equals(HttpMethod.GET)) {
            return one ? get : list;
        }
        if (one && method.equals(HttpMethod.PUT)) {
            return replace;
        }
        if (one && method.equals(HttpMethod.PATCH)) {
            return update;
        }
        if (one && method.equals(HttpMethod.DELETE)) {
            return delete;
        }
        return OTHER;
    }
}
