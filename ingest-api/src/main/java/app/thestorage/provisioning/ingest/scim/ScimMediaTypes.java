package app.thestorage.provisioning.ingest.scim;

import org.springframework.http.MediaType;

/** The SCIM media type and schema URNs (RFC 7643, RFC 7644). */
public final class ScimMediaTypes {

    public static final MediaType SCIM_JSON = MediaType.parseMediaType("application/scim+json;charset=UTF-8");

    public static final String USER_SCHEMA = "urn:ietf:params:scim:schemas:core:2.0:User";
    public static final String ENTERPRISE_USER_SCHEMA = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";
    public static final String LIST_RESPONSE_SCHEMA = "urn:ietf:params:scim:api:messages:2.0:ListResponse";
    public static final String ERROR_SCHEMA = "urn:ietf:params:scim:api:messages:2.0:Error";

    private ScimMediaTypes() {
    }
}
