package app.thestorage.provisioning.ingest.scim;

import app.thestorage.provisioning.contract.DirectoryLimits;
import app.thestorage.provisioning.scim.ScimException;
import app.thestorage.provisioning.scim.ScimSchemas;
import app.thestorage.provisioning.scim.schema.AttributeNames;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;
import reactor.core.publisher.Mono;
import tools.jackson.core.JacksonException;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.core.exc.StreamReadException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectReader;
import tools.jackson.databind.json.JsonMapper;

/** What every SCIM resource endpoint reads the same way: bodies, paging numbers, filters, ids it makes up. */
final class ScimRequests {

    static final int DEFAULT_PAGE = 100;
    static final int MAX_PAGE = 1000;

    private final ObjectReader strictJson;

    ScimRequests(JsonMapper json) {
        this.strictJson = json.reader().with(StreamReadFeature.STRICT_DUPLICATE_DETECTION);
    }

    /** The body as JSON; an attribute named twice is refused, as no reading of it would be the client's intent. */
    JsonNode parse(byte[] body) {
        try {
            return strictJson.readTree(body);
        } catch (JacksonException e) {
            // the parser's own message may quote the body (a password, say): only say where it broke
            var location = e.getLocation();
            String where = location == null ? "" : " (line " + location.getLineNr() + ", column " + location.getColumnNr() + ")";
            if (e instanceof StreamReadException && e.getOriginalMessage().startsWith("Duplicate")) {
                throw ScimException.invalidSyntax("The request body names the same attribute twice in one object" + where
                        + "; send each attribute once.");
            }
            throw ScimException.invalidSyntax("The request body is not valid JSON" + where + ".");
        }
    }

    /**
     * The body of a PATCH: a PatchOp (RFC 7644 §3.5.2), which says so in its {@code schemas}, as Entra ID and Okta both
     * send it. A body that does not is refused before its operations are read: it may be a resource sent to the wrong
     * method, and reading it as operations would guess.
     */
    JsonNode patchOp(byte[] body) {
        JsonNode request = parse(body);
        JsonNode schemas = request.isObject() ? AttributeNames.valueOf(request, "schemas") : null;
        boolean patchOp = schemas != null && schemas.isArray() && schemas.valueStream()
                .anyMatch(schema -> schema.isString() && schema.stringValue().equalsIgnoreCase(ScimSchemas.PATCH_OP));
        if (!patchOp) {
            throw ScimException.invalidSyntax("A PATCH body is a PatchOp: send \"schemas\":[\"" + ScimSchemas.PATCH_OP
                    + "\"] with its \"Operations\".");
        }
        return request;
    }

    static Mono<byte[]> required(Mono<byte[]> body) {
        return body.switchIfEmpty(Mono.error(() -> ScimException.invalidSyntax("A request body is required.")));
    }

    /** A filter holds values to compare with stored ones: what cannot be stored cannot be compared either. */
    static String filter(String filter) {
        String problem = DirectoryLimits.text("filter", filter);
        if (problem != null) {
            throw ScimException.invalidFilter(problem);
        }
        return filter;
    }

    /** A 1-based startIndex (below 1 is 1). */
    static long startIndex(String value) {
        return Math.max(1, number("startIndex", value, 1));
    }

    /** A page size: the default when absent, at most {@value #MAX_PAGE}. */
    static int count(String value) {
        return (int) Math.min(MAX_PAGE, Math.max(0, number("count", value, DEFAULT_PAGE)));
    }

    private static long number(String parameter, String value, long absent) {
        if (value == null || value.isBlank()) {
            return absent;
        }
        try {
            return Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            throw ScimException.invalidValue(parameter + " must be an integer.");
        }
    }

    /** An id from a path: one that no resource can have (too long, a control character) is simply not found. */
    static String pathId(String id, String resource) {
        if (DirectoryLimits.identifier("id", id) != null) {
            throw ScimException.notFound("No " + resource + " has the id given in the path.");
        }
        return id;
    }

    static String newId() {
        return UUID.randomUUID().toString();
    }

    /** When a request was accepted, as commands carry it. */
    static Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.MILLIS);
    }
}
