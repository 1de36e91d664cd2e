package app.thestorage.provisioning.photos.download;

/**
 * Why a photo address a tenant gave was not fetched, or what it served was not kept. Each is counted
 * ({@code photos.scim.refused}, tag {@code reason}) and shown in the tenant's photo refusals.
 */
public enum Refusal {
    /** Not an absolute https URI, or one carrying a user name or password. */
    NOT_HTTPS,
    /** The host has no address. */
    UNKNOWN_HOST,
    /** One of the host's addresses is loopback, private, link-local, metadata or otherwise not public. */
    PRIVATE_ADDRESS,
    /** More redirects than allowed, or a redirect without a usable Location. */
    TOO_MANY_REDIRECTS,
    /** Larger than the size limit (announced or counted while receiving). */
    TOO_LARGE,
    /** Not received within the time limit: the transfer was closed. */
    TIMED_OUT,
    /** The bytes are not a PNG, JPEG, GIF or WebP image, whatever the Content-Type said. */
    NOT_AN_IMAGE,
    /** An image wider or taller than allowed, or one whose header cannot be read. */
    TOO_MANY_PIXELS,
    /** The server answered a status other than 200, 304 or a redirect (after retries for the transient ones). */
    HTTP_ERROR,
    /** No connection or TLS handshake (after retries). */
    UNREACHABLE,
    /** The host failed repeatedly: calls to it are paused for a while. */
    HOST_PAUSED,
    /** The tenant's photo downloads were all busy for too long. */
    TENANT_BUSY
}
