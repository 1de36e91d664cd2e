package app.thestorage.provisioning.benchmark.baseline;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.core.publisher.Mono;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * What the body of a create gives the measuring sticks (not part of the product): a new user, its document as
 * stored and answered, or why it is refused. Both sticks ({@link BaselineServer}, {@link KafkaFloorServer}) check
 * the same little: a JSON object with a userName.
 */
sealed interface CreateBody {

    /** The body of {@code POST /api/{tenant}/scim/v2/Users}, parsed with Jackson. */
    static CreateBody of(ServerRequest request, String tenant, byte[] body) {
        JsonNode parsed;
        try {
            parsed = BaselineServer.JSON.readTree(body);
        } catch (JacksonException e) {
            return new Refused(HttpStatus.BAD_REQUEST, "invalidSyntax", "the body is not JSON");
        }
        if (!(parsed instanceof ObjectNode given) || !(given.get("userName") instanceof JsonNode name)
                || !name.isString() || name.asString().isBlank()) {
            return new Refused(HttpStatus.BAD_REQUEST, "invalidValue", "a User with a userName is needed");
        }
        UUID id = UUID.randomUUID();
        String now = Instant.now().toString();
        String location = BaselineServer.baseOf(request) + "/api/" + tenant + "/scim/v2/Users/" + id;
        ObjectNode user = BaselineServer.JSON.createObjectNode();
        user.putArray("schemas").add(BaselineServer.USER_SCHEMA);
        user.put("id", id.toString());
        for (Map.Entry<String, JsonNode> attribute : given.properties()) {
            switch (attribute.getKey()) {
                case "schemas", "id", "meta", "password" -> { }
                default -> user.set(attribute.getKey(), attribute.getValue());
            }
        }
        ObjectNode meta = user.putObject("meta");
        meta.put("resourceType", "User");
        meta.put("created", now);
        meta.put("lastModified", now);
        meta.put("location", location);
        meta.put("version", "W/\"1\"");
        return new NewUser(id, name.asString(), location, BaselineServer.JSON.writeValueAsBytes(user));
    }

    /** A user to store: its id, userName, location and document (JSON). */
    record NewUser(UUID id, String userName, String location, byte[] document) implements CreateBody {

        /** The key of the unique index: the lower-cased userName. */
        String userNameKey() {
            return userName.toLowerCase(Locale.ROOT);
        }

        String documentText() {
            return new String(document, StandardCharsets.UTF_8);
        }

        /** 201 with the document, once it is stored. */
        Mono<ServerResponse> created() {
            return ServerResponse.created(URI.create(location)).contentType(BaselineServer.SCIM_JSON)
                    .eTag("W/\"1\"").bodyValue(document);
        }
    }

    /** A body the sticks refuse, with the SCIM error that says why. */
    record Refused(HttpStatus status, String scimType, String detail) implements CreateBody {

        Mono<ServerResponse> answer() {
            return BaselineServer.error(status, scimType, detail);
        }
    }

    /** 409: the tenant already has a user with this userName (the unique index said so). */
    static Mono<ServerResponse> conflict() {
        return BaselineServer.error(HttpStatus.CONFLICT, "uniqueness", "the tenant already has a user with this userName");
    }
}
