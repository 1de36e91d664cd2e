package app.thestorage.provisioning.ingest.scim;

import app.thestorage.provisioning.contract.command.CreateUser;
import app.thestorage.provisioning.contract.command.DeleteUser;
import app.thestorage.provisioning.contract.command.Outcome;
import app.thestorage.provisioning.contract.command.PatchUser;
import app.thestorage.provisioning.contract.command.ReplaceUser;
import app.thestorage.provisioning.contract.user.User;
import app.thestorage.provisioning.contract.user.UserAttributes;
import app.thestorage.provisioning.ingest.command.CommandGateway;
import app.thestorage.provisioning.ingest.directory.DirectoryQuery;
import app.thestorage.provisioning.ingest.directory.DirectoryReader;
import app.thestorage.provisioning.ingest.directory.GroupDirectory;
import app.thestorage.provisioning.ingest.tenant.ScimClient;
import app.thestorage.provisioning.scim.AttributeSelection;
import app.thestorage.provisioning.scim.ScimException;
import app.thestorage.provisioning.scim.ScimSchemas;
import app.thestorage.provisioning.scim.ScimUserDocument;
import app.thestorage.provisioning.scim.filter.FilterParser;
import app.thestorage.provisioning.scim.patch.UserPatch;
import java.net.URI;
import java.util.List;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/** {@code /api/{tenant}/scim/v2/Users}: writes go to the projector as commands, reads come from the directory. */
@RestController
@RequestMapping("/api/{tenant}/scim/v2/Users")
public class ScimUsersController {


    private final CommandGateway commands;
    private final DirectoryReader directory;
    private final GroupDirectory groups;
    private final JsonMapper json;
    private final ScimRequests requests;

    public ScimUsersController(CommandGateway commands, DirectoryReader directory, GroupDirectory groups,
                               JsonMapper json) {
        this.commands = commands;
        this.directory = directory;
        this.groups = groups;
        this.json = json;
        this.requests = new ScimRequests(json);
    }

    @PostMapping
    public Mono<ResponseEntity<ObjectNode>> create(@RequestBody(required = false) Mono<byte[]> body,
                                                   @RequestParam(required = false) String attributes,
                                                   @RequestParam(required = false) String excludedAttributes,
                                                   ServerWebExchange exchange) {
        ScimClient client = ScimClient.of(exchange);
        AttributeSelection selection = AttributeSelection.of(attributes, excludedAttributes);
        return ScimRequests.required(body)
                .map(bytes -> noted(exchange, null, ScimUserDocument.attributesOf(requests.parse(bytes), ScimUserDocument.Intent.CREATE)))
                .flatMap(user -> commands.submit(createCommand(client, user)))
                .map(outcome -> respond(HttpStatus.CREATED, userOf(outcome), List.of(), selection, exchange));
    }

    /** Replaces the user as a whole (Okta's profile updates). Attributes not sent are cleared. */
    @PutMapping("/{id}")
    public Mono<ResponseEntity<ObjectNode>> replace(@PathVariable String id,
                                                    @RequestHeader(name = HttpHeaders.IF_MATCH, required = false) String ifMatch,
                                                    @RequestBody(required = false) Mono<byte[]> body,
                                                    @RequestParam(required = false) String attributes,
                                                    @RequestParam(required = false) String excludedAttributes,
                                                    ServerWebExchange exchange) {
        ScimClient client = ScimClient.of(exchange);
        Long expected = EntityTags.version(ifMatch);
        AttributeSelection selection = AttributeSelection.of(attributes, excludedAttributes);
        return ScimRequests.required(body)
                .map(bytes -> noted(exchange, id, ScimUserDocument.attributesOf(requests.parse(bytes), ScimUserDocument.Intent.REPLACE)))
                .flatMap(user -> commands.submit(new ReplaceUser(ScimRequests.newId(), client.tenant(), client.provider(),
                        ScimRequests.now(), ScimRequests.pathId(id, "user"), user, expected)))
                .flatMap(outcome -> withGroups(userOf(outcome)))
                .map(found -> respond(HttpStatus.OK, found.user(), found.groups(), selection, exchange));
    }

    /**
     * Applies a PatchOp to the user as it is when the projector comes to it, in the tenant's order: no read here, and
     * concurrent PATCHes of one user each apply to the result of the one before. Only an If-Match can make it a 412.
     */
    @PatchMapping("/{id}")
    public Mono<ResponseEntity<ObjectNode>> patch(@PathVariable String id,
                                                  @RequestHeader(name = HttpHeaders.IF_MATCH, required = false) String ifMatch,
                                                  @RequestBody(required = false) Mono<byte[]> body,
                                                  @RequestParam(required = false) String attributes,
                                                  @RequestParam(required = false) String excludedAttributes,
                                                  ServerWebExchange exchange) {
        ScimClient client = ScimClient.of(exchange);
        Long expected = EntityTags.version(ifMatch);
        AttributeSelection selection = AttributeSelection.of(attributes, excludedAttributes);
        return ScimRequests.required(body)
                .map(requests::patchOp)
                .flatMap(operations -> {
                    UserPatch.check(operations); // what is wrong whatever the user is refused here
                    return commands.submit(new PatchUser(ScimRequests.newId(), client.tenant(), client.provider(),
                            ScimRequests.now(), ScimRequests.pathId(id, "user"), operations, expected));
                })
                .map(ScimUsersController::userOf)
                .flatMap(this::withGroups)
                .map(found -> respond(HttpStatus.OK, found.user(), found.groups(), selection, exchange));
    }

    @DeleteMapping("/{id}")
    public Mono<ResponseEntity<ObjectNode>> delete(@PathVariable String id,
                                                   @RequestHeader(name = HttpHeaders.IF_MATCH, required = false) String ifMatch,
                                                   ServerWebExchange exchange) {
        ScimClient client = ScimClient.of(exchange);
        return Mono.fromCallable(() -> new DeleteUser(ScimRequests.newId(), client.tenant(), client.provider(), ScimRequests.now(), ScimRequests.pathId(id, "user"),
                        EntityTags.version(ifMatch)))
                .flatMap(commands::submit)
                .map(outcome -> {
                    User deleted = userOf(outcome);
                    ScimExchange.noteUser(exchange, deleted.id(), deleted.userName());
                    return ResponseEntity.noContent().<ObjectNode>build();
                });
    }

    private static User userOf(Outcome outcome) {
        return switch (outcome) {
            case Outcome.Applied applied -> applied.event().user();
            case Outcome.Unchanged unchanged -> unchanged.user();
            case Outcome.Rejected rejected ->
                    throw ScimRejections.errorOf(rejected);
            case Outcome.GroupApplied group -> throw new IllegalStateException("A user command decided for a group");
            case Outcome.TenantErased erased -> throw new IllegalStateException("A user command decided for a tenant");
        };
    }


    private static UserAttributes noted(ServerWebExchange exchange, String id, UserAttributes attributes) {
        ScimExchange.noteUser(exchange, id, attributes.userName());
        return attributes;
    }


    @GetMapping("/{id}")
    public Mono<ResponseEntity<ObjectNode>> get(@PathVariable String id,
                                                @RequestHeader(name = HttpHeaders.IF_NONE_MATCH, required = false) String ifNoneMatch,
                                                @RequestParam(required = false) String attributes,
                                                @RequestParam(required = false) String excludedAttributes,
                                                ServerWebExchange exchange) {
        ScimClient client = ScimClient.of(exchange);
        AttributeSelection selection = AttributeSelection.of(attributes, excludedAttributes);
        return Mono.fromCallable(() -> ScimRequests.pathId(id, "user"))
                .flatMap(userId -> directory.find(client.tenant(), userId))
                .switchIfEmpty(Mono.error(() -> ScimException.notFound("User " + id + " not found.")))
                .map(found -> EntityTags.matches(ifNoneMatch, found.user())
                        ? ResponseEntity.status(HttpStatus.NOT_MODIFIED).eTag(ScimUserDocument.versionOf(found.user()))
                                .<ObjectNode>build()
                        : respond(HttpStatus.OK, found.user(), found.groups(), selection, exchange));
    }

    @GetMapping
    public Mono<ResponseEntity<ObjectNode>> list(@RequestParam(required = false) String filter,
                                                 @RequestParam(required = false) String startIndex,
                                                 @RequestParam(required = false) String count,
                                                 @RequestParam(required = false) String attributes,
                                                 @RequestParam(required = false) String excludedAttributes,
                                                 ServerWebExchange exchange) {
        ScimClient client = ScimClient.of(exchange);
        AttributeSelection selection = AttributeSelection.of(attributes, excludedAttributes);
        long start = ScimRequests.startIndex(startIndex);
        int size = ScimRequests.count(count);
        // an empty filter= is a malformed filter, not the absence of one
        DirectoryQuery query = filter == null ? null : DirectoryQuery.of(FilterParser.parse(ScimRequests.filter(filter)));
        Mono<DirectoryReader.Page> page = directory.search(client.tenant(), query, start - 1, size);
        String baseUrl = baseUrl(exchange);
        return page.map(found -> {
            ScimExchange.noteFound(exchange, found.totalResults());
            ObjectNode response = json.createObjectNode();
            response.putArray("schemas").add(ScimSchemas.LIST_RESPONSE);
            response.put("totalResults", found.totalResults());
            response.put("startIndex", start);
            response.put("itemsPerPage", found.users().size());
            var resources = response.putArray("Resources");
            found.users().forEach(user -> resources.add(selection.apply(resourceOf(user.user(), user.groups(), baseUrl))));
            return ResponseEntity.ok().contentType(ScimMediaTypes.SCIM_JSON).body(response);
        });
    }

    private static CreateUser createCommand(ScimClient client, UserAttributes attributes) {
        return new CreateUser(ScimRequests.newId(), client.tenant(), client.provider(), ScimRequests.now(), ScimRequests.newId(),
                attributes);
    }



    private static ResponseEntity<ObjectNode> respond(HttpStatus status, User user,
                                                      List<GroupDirectory.Reference> memberOf,
                                                      AttributeSelection selection, ServerWebExchange exchange) {
        String baseUrl = baseUrl(exchange);
        ScimExchange.noteUser(exchange, user.id(), user.userName());
        return ResponseEntity.status(status)
                .contentType(ScimMediaTypes.SCIM_JSON)
                .location(URI.create(ScimUserDocument.locationOf(user, baseUrl)))
                .eTag(ScimUserDocument.versionOf(user))
                .body(selection.apply(resourceOf(user, memberOf, baseUrl)));
    }

    /** The user after a write, with the groups it is in (read from the directory the write is committed in). */
    private Mono<DirectoryReader.Found> withGroups(User user) {
        return groups.groupsOf(user.tenant(), List.of(user.id()))
                .map(memberOf -> new DirectoryReader.Found(user, memberOf.get(user.id())));
    }

    /** The user's resource, with its read-only {@code groups} (direct memberships) when it is in any. */
    private static ObjectNode resourceOf(User user, List<GroupDirectory.Reference> memberOf, String baseUrl) {
        ObjectNode resource = ScimUserDocument.resourceOf(user, baseUrl);
        if (!memberOf.isEmpty()) {
            var groups = resource.putArray("groups");
            for (GroupDirectory.Reference group : memberOf) {
                groups.addObject()
                        .put("value", group.id())
                        .put("$ref", baseUrl + "/Groups/" + group.id())
                        .put("display", group.display())
                        .put("type", "direct");
            }
        }
        return resource;
    }




    private static String baseUrl(ServerWebExchange exchange) {
        return ScimPaths.baseUrl(exchange);
    }
}
