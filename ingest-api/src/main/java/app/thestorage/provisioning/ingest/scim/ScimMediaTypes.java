package app.thestorage.provisioning.ingest.scim;

import org.springframework.http.MediaType;

/** The SCIM media type (RFC 7644 §3.1); the schema URNs are {@link app.thestorage.provisioning.scim.ScimSchemas}. */
public final class ScimMediaTypes {

    public static final MediaType SCIM_JSON = MediaType.parseMediaType("application/scim+json;charset=UTF-8");

    private ScimMediaTypes() {
    }
}
