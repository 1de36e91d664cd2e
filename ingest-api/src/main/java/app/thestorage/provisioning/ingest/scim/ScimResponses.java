package app.thestorage.provisioning.ingest.scim;

import app.thestorage.provisioning.scim.ScimSchemas;
import java.net.URI;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/** What every SCIM resource endpoint answers the same way: one resource, or a page of them as a ListResponse. */
final class ScimResponses {

    /** A page of resources, each as the request selected it, as a ListResponse. */
    static ResponseEntity<ObjectNode> list(ScimCall call, ScimCall.Page page, long totalResults,
                                           List<ObjectNode> resources) {
        call.noteFound(totalResults);
        ObjectNode response = JsonNodeFactory.instance.objectNode();
        response.putArray("schemas").add(ScimSchemas.LIST_RESPONSE);
        response.put("totalResults", totalResults);
        response.put("startIndex", page.startIndex());
        response.put("itemsPerPage", resources.size());
        response.putArray("Resources").addAll(resources);
        return ResponseEntity.ok().contentType(ScimMediaTypes.SCIM_JSON).body(response);
    }

    /** One resource, as the request selected it, with where it is and its version (the ETag). */
    static ResponseEntity<ObjectNode> resource(HttpStatus status, String location, String version, ObjectNode body) {
        return ResponseEntity.status(status)
                .contentType(ScimMediaTypes.SCIM_JSON)
                .location(URI.create(location))
                .eTag(version)
                .body(body);
    }

    private ScimResponses() {
    }
}
