package app.thestorage.provisioning.ingest.health;

/**
 * Something about a tenant's provisioning its administrator should act on before the identity provider gives up.
 *
 * @param code    what kind of trouble, for programs
 * @param message what is happening, in a sentence for the administrator
 * @param fix     what to change so it stops
 */
public record HealthWarning(Code code, String message, String fix) {

    public enum Code {
        /** Too large a share of the last hour's requests failed. */
        FAILURE_RATE,
        /** Too many of the last hour's requests failed, whatever their share. */
        FAILURE_VOLUME,
        /** SCIM is on but the identity provider has not called for longer than its rhythm allows. */
        SILENT,
        /** Requests are refused (401) since the token was issued and none was accepted: an earlier token is in use. */
        STALE_TOKEN
    }
}
