package app.thestorage.provisioning.scim;

import java.time.Duration;

/**
 * A request that ends in a SCIM Error response (RFC 7644 §3.12). Its detail is shown to the identity
 * provider's administrator, so it says what to fix, and never carries a token or a secret.
 */
public class ScimException extends RuntimeException {

    private final int status;
    private final String scimType;
    private final Duration retryAfter;

    public ScimException(int status, String scimType, String detail) {
        this(status, scimType, detail, null);
    }

    private ScimException(int status, String scimType, String detail, Duration retryAfter) {
        super(detail, null, false, false);
        this.status = status;
        this.scimType = scimType;
        this.retryAfter = retryAfter;
    }

    public static ScimException invalidSyntax(String detail) {
        return new ScimException(400, "invalidSyntax", detail);
    }

    public static ScimException invalidValue(String detail) {
        return new ScimException(400, "invalidValue", detail);
    }

    public static ScimException invalidFilter(String detail) {
        return new ScimException(400, "invalidFilter", detail);
    }

    public static ScimException unauthorized() {
        return new ScimException(401, null,
                "Missing or invalid bearer token for this tenant. Use the SCIM token shown when provisioning was "
                        + "enabled, or regenerate it in Settings > User Provisioning.");
    }

    public static ScimException notFound(String detail) {
        return new ScimException(404, null, detail);
    }

    public static ScimException tooManyRequests(String detail, Duration retryAfter) {
        return new ScimException(429, null, detail, retryAfter);
    }

    public static ScimException unavailable(String detail, Duration retryAfter) {
        return new ScimException(503, null, detail, retryAfter);
    }

    public int status() {
        return status;
    }

    public String scimType() {
        return scimType;
    }

    public String detail() {
        return getMessage();
    }

    /** When the client should try again (whole seconds on the wire, as Okta and Entra expect), if at all. */
    public Duration retryAfter() {
        return retryAfter;
    }
}
