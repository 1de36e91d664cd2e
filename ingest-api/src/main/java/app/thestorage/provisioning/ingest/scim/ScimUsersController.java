package app.thestorage.provisioning.ingest.scim;

import app.thestorage.provisioning.contract.command.CreateUser;
import app.thestorage.provisioning.contract.command.Outcome;
import app.thestorage.provisioning.contract.user.User;
import app.thestorage.provisioning.contract.user.UserAttributes;
import app.thestorage.provisioning.ingest.command.CommandGateway;
import app.thestorage.provisioning.ingest.directory.DirectoryReader;
import app.thestorage.provisioning.ingest.tenant.ScimClient;
import java.net.URI;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.util.UriComponentsBuilder;
import reactor.core.publisher.Mono;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/** {@code /api/{tenant}/scim/v2/Users}: writes go to the projector as commands, reads come from the directory. */
@RestController
@RequestMapping("/api/{tenant}/scim/v2/Users")
public class ScimUsersController {

    private static final int DEFAULT_PAGE = 100;
    private static final int MAX_PAGE = 1000;

    private final CommandGateway commands;
    private final DirectoryReader directory;
    private final JsonMapper json;

    public ScimUsersController(CommandGateway commands, DirectoryReader directory, JsonMapper json) {
        this.commands = commands;
        this.directory = directory;
        this.json = json;
    }

    @PostMapping
    public Mono<ResponseEntity<ObjectNode>> create(@RequestBody(required = false) Mono<byte[]> body,
                                                   ServerWebExchange exchange) {
        ScimClient client = ScimClient.of(exchange);
        return body.switchIfEmpty(Mono.error(() -> ScimException.invalidSyntax("A SCIM User body is required.")))
                .map(bytes -> ScimUserDocument.attributesOf(parse(bytes)))
                .flatMap(attributes -> commands.submit(createCommand(client, attributes)))
                .map(outcome -> switch (outcome) {
                    case Outcome.Applied applied -> created(applied.event().user(), exchange);
                    case Outcome.Unchanged unchanged -> created(unchanged.user(), exchange);
                    case Outcome.Rejected rejected ->
                            throw new ScimException(rejected.status(), rejected.scimType(), rejected.detail());
                });
    }

    @GetMapping("/{id}")
    public Mono<ResponseEntity<ObjectNode>> get(@PathVariable String id, ServerWebExchange exchange) {
        ScimClient client = ScimClient.of(exchange);
        return directory.findById(client.tenant(), id)
                .switchIfEmpty(Mono.error(() -> ScimException.notFound("User " + id + " not found.")))
                .map(user -> ResponseEntity.ok()
                        .contentType(ScimMediaTypes.SCIM_JSON)
                        .eTag(ScimUserDocument.versionOf(user))
                        .body(ScimUserDocument.resourceOf(user, baseUrl(exchange))));
    }

    @GetMapping
    public Mono<ResponseEntity<ObjectNode>> list(@RequestParam(required = false) String filter,
                                                 @RequestParam(required = false) String startIndex,
                                                 @RequestParam(required = false) String count,
                                                 ServerWebExchange exchange) {
        ScimClient client = ScimClient.of(exchange);
        long start = Math.max(1, number("startIndex", startIndex, 1));
        int size = (int) Math.min(MAX_PAGE, Math.max(0, number("count", count, DEFAULT_PAGE)));
        Mono<DirectoryReader.Page> page = filter == null || filter.isBlank()
                ? directory.list(client.tenant(), start - 1, size)
                : directory.findByUserName(client.tenant(), UserNameFilter.parse(filter).userName(), start - 1, size);
        String baseUrl = baseUrl(exchange);
        return page.map(found -> {
            ObjectNode response = json.createObjectNode();
            response.putArray("schemas").add(ScimMediaTypes.LIST_RESPONSE_SCHEMA);
            response.put("totalResults", found.totalResults());
            response.put("startIndex", start);
            response.put("itemsPerPage", found.users().size());
            var resources = response.putArray("Resources");
            found.users().forEach(user -> resources.add(ScimUserDocument.resourceOf(user, baseUrl)));
            return ResponseEntity.ok().contentType(ScimMediaTypes.SCIM_JSON).body(response);
        });
    }

    private static CreateUser createCommand(ScimClient client, UserAttributes attributes) {
        return new CreateUser(UUID.randomUUID().toString(), client.tenant(), client.provider(),
                Instant.now().truncatedTo(ChronoUnit.MILLIS), UUID.randomUUID().toString(), attributes);
    }

    private static ResponseEntity<ObjectNode> created(User user, ServerWebExchange exchange) {
        String baseUrl = baseUrl(exchange);
        return ResponseEntity.status(HttpStatus.CREATED)
                .contentType(ScimMediaTypes.SCIM_JSON)
                .location(URI.create(ScimUserDocument.locationOf(user, baseUrl)))
                .eTag(ScimUserDocument.versionOf(user))
                .body(ScimUserDocument.resourceOf(user, baseUrl));
    }

    private JsonNode parse(byte[] body) {
        try {
            return json.readTree(body);
        } catch (JacksonException e) {
            throw ScimException.invalidSyntax("The request body is not valid JSON: " + e.getOriginalMessage());
        }
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

    /** The tenant's SCIM base URL as the client reached it, e.g. https://host/api/acme/scim/v2. */
    private static String baseUrl(ServerWebExchange exchange) {
        ServerHttpRequest request = exchange.getRequest();
        return UriComponentsBuilder.fromUri(request.getURI())
                .replacePath("/api/" + ScimClient.of(exchange).tenant() + "/scim/v2")
                .replaceQuery(null)
                .build()
                .toUriString();
    }
}
