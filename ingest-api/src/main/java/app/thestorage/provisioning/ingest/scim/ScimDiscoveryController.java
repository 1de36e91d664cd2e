package app.thestorage.provisioning.ingest.scim;

import app.thestorage.provisioning.ingest.tenant.ScimClient;
import app.thestorage.provisioning.scim.ScimException;
import app.thestorage.provisioning.scim.ScimSchemas;
import app.thestorage.provisioning.scim.schema.ResourceType;
import app.thestorage.provisioning.scim.schema.SchemaResources;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Discovery (RFC 7644 §4): what this endpoint supports, exactly: Users with the enterprise extension's
 * department, Groups of users, PATCH, filters and ETags; no bulk, sort or password change.
 */
@RestController
@RequestMapping("/api/{tenant}/scim/v2")
public class ScimDiscoveryController {

    private final JsonMapper json;
    private final ObjectNode serviceProviderConfig;
    private final List<ObjectNode> resourceTypes;
    private final List<ObjectNode> schemas;

    public ScimDiscoveryController(JsonMapper json) {
        this.json = json;
        this.serviceProviderConfig = load("ServiceProviderConfig.json");
        this.resourceTypes = SchemaResources.resourceTypes(ResourceType.USER, ResourceType.GROUP);
        this.schemas = SchemaResources.of(ResourceType.USER, ResourceType.GROUP);
    }

    @GetMapping("/ServiceProviderConfig")
    public ResponseEntity<JsonNode> serviceProviderConfig(ServerWebExchange exchange) {
        return ok(located(serviceProviderConfig, baseUrl(exchange) + "/ServiceProviderConfig"));
    }

    @GetMapping("/ResourceTypes")
    public ResponseEntity<JsonNode> resourceTypes(ServerWebExchange exchange) {
        String base = baseUrl(exchange);
        return ok(list(resourceTypes.stream()
                .map(type -> located(type, base + "/ResourceTypes/" + type.get("id").stringValue())).toList()));
    }

    @GetMapping("/ResourceTypes/{id}")
    public ResponseEntity<JsonNode> resourceType(@PathVariable String id, ServerWebExchange exchange) {
        return resourceTypes.stream()
                .filter(type -> type.get("id").stringValue().equals(id))
                .findFirst()
                .map(type -> ok(located(type, baseUrl(exchange) + "/ResourceTypes/" + id)))
                .orElseThrow(() -> ScimException.notFound("No resource type " + id + ": this endpoint provisions "
                        + "Users and Groups."));
    }

    @GetMapping("/Schemas")
    public ResponseEntity<JsonNode> schemas(ServerWebExchange exchange) {
        String base = baseUrl(exchange);
        return ok(list(schemas.stream().map(schema -> located(schema, base + "/Schemas/" + schema.get("id").stringValue()))
                .toList()));
    }

    @GetMapping("/Schemas/{id}")
    public ResponseEntity<JsonNode> schema(@PathVariable String id, ServerWebExchange exchange) {
        return schemas.stream()
                .filter(schema -> schema.get("id").stringValue().equals(id))
                .findFirst()
                .map(schema -> ok(located(schema, baseUrl(exchange) + "/Schemas/" + id)))
                .orElseThrow(() -> ScimException.notFound("No schema " + id + "."));
    }

    private ObjectNode list(List<ObjectNode> resources) {
        ObjectNode response = json.createObjectNode();
        response.putArray("schemas").add(ScimSchemas.LIST_RESPONSE);
        response.put("totalResults", resources.size());
        response.put("startIndex", 1);
        response.put("itemsPerPage", resources.size());
        ArrayNode array = response.putArray("Resources");
        resources.forEach(array::add);
        return response;
    }

    private static ObjectNode located(ObjectNode resource, String location) {
        ObjectNode copy = resource.deepCopy();
        ((ObjectNode) copy.get("meta")).put("location", location);
        return copy;
    }

    private static ResponseEntity<JsonNode> ok(JsonNode body) {
        return ResponseEntity.ok().contentType(ScimMediaTypes.SCIM_JSON).body(body);
    }

    private static String baseUrl(ServerWebExchange exchange) {
        return ScimPaths.baseUrl(exchange);
    }

    private ObjectNode load(String file) {
        try (InputStream in = ScimDiscoveryController.class.getResourceAsStream("/scim/" + file)) {
            return (ObjectNode) json.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
