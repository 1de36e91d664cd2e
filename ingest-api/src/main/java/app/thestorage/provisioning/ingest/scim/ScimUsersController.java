package app.thestorage.provisioning.ingest.scim;

import app.thestorage.provisioning.contract.command.CreateUser;
import app.thestorage.provisioning.contract.command.DeleteUser;
import app.thestorage.provisioning.contract.command.Outcome;
import app.thestorage.provisioning.contract.command.PatchUser;
import app.thestorage.provisioning.contract.command.ProvisioningCommand;
import app.thestorage.provisioning.contract.command.ReplaceUser;
import app.thestorage.provisioning.contract.user.User;
import app.thestorage.provisioning.contract.user.UserAttributes;
import app.thestorage.provisioning.ingest.command.CommandGateway;
import app.thestorage.provisioning.ingest.directory.DirectoryQuery;
import app.thestorage.provisioning.ingest.directory.DirectoryReader;
import app.thestorage.provisioning.ingest.directory.GroupDirectory;
import app.thestorage.provisioning.ingest.tenant.ScimClient;
import app.thestorage.provisioning.scim.document.AttributeSelection;
import app.thestorage.provisioning.scim.ScimException;
import app.thestorage.provisioning.scim.document.ScimUserDocument;
import app.thestorage.provisioning.scim.patch.UserPatch;
import java.util.List;
import java.util.function.Function;
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
import org.springframework.web.bind.annotation.RestController;
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
    private final ScimRequests requests;

    public ScimUsersController(CommandGateway commands, DirectoryReader directory, GroupDirectory groups,
                               JsonMapper json) {
        this.commands = commands;
        this.directory = directory;
        this.groups = groups;
        this.requests = new ScimRequests(json);
    }

    @PostMapping
    public Mono<ResponseEntity<ObjectNode>> create(@RequestBody(required = false) Mono<byte[]> body, ScimCall call) {
        AttributeSelection selection = call.selection();
        return ScimRequests.required(body)
                .map(bytes -> noted(call, null, ScimUserDocument.attributesOf(requests.parse(bytes), ScimUserDocument.Intent.CREATE)))
                .flatMap(user -> commands.submit(createCommand(call.client(), user)))
                .map(outcome -> respond(HttpStatus.CREATED, userOf(outcome), List.of(), selection, call));
    }

    /** Replaces the user as a whole (Okta's profile updates). Attributes not sent are cleared. */
    @PutMapping("/{id}")
    public Mono<ResponseEntity<ObjectNode>> replace(@PathVariable String id, @RequestBody(required = false) Mono<byte[]> body,
                                                    @RequestHeader(name = HttpHeaders.IF_MATCH, required = false) String ifMatch,
                                                    ScimCall call) {
        return changed(call, body, bytes -> {
            UserAttributes user = noted(call, id,
                    ScimUserDocument.attributesOf(requests.parse(bytes), ScimUserDocument.Intent.REPLACE));
            return new ReplaceUser(ScimRequests.newId(), call.tenant(), call.client().provider(), ScimRequests.now(),
                    ScimRequests.pathId(id, "user"), user, EntityTags.version(ifMatch));
        });
    }

    /**
     * Applies a PatchOp to the user as it is when the projector comes to it, in the tenant's order: no read here, and
     * concurrent PATCHes of one user each apply to the result of the one before. Only an If-Match can make it a 412.
     */
    @PatchMapping("/{id}")
    public Mono<ResponseEntity<ObjectNode>> patch(@PathVariable String id, @RequestBody(required = false) Mono<byte[]> body,
                                                  @RequestHeader(name = HttpHeaders.IF_MATCH, required = false) String ifMatch,
                                                  ScimCall call) {
        return changed(call, body, bytes -> {
            JsonNode operations = requests.patchOp(bytes);
            UserPatch.check(operations); // what is wrong whatever the user is refused here
            return new PatchUser(ScimRequests.newId(), call.tenant(), call.client().provider(), ScimRequests.now(),
                    ScimRequests.pathId(id, "user"), operations, EntityTags.version(ifMatch));
        });
    }

    /**
     * A replace or a PATCH: the command made of the body is sent, and answered with the user as it is after it, with
     * the groups it is in.
     */
    private Mono<ResponseEntity<ObjectNode>> changed(ScimCall call, Mono<byte[]> body,
                                                     Function<byte[], ProvisioningCommand> command) {
        AttributeSelection selection = call.selection();
        return ScimRequests.required(body)
                .map(command)
                .flatMap(commands::submit)
                .map(ScimUsersController::userOf)
                .flatMap(this::withGroups)
                .map(found -> respond(HttpStatus.OK, found.user(), found.groups(), selection, call));
    }

    @DeleteMapping("/{id}")
    public Mono<ResponseEntity<ObjectNode>> delete(@PathVariable String id,
                                                   @RequestHeader(name = HttpHeaders.IF_MATCH, required = false) String ifMatch,
                                                   ScimCall call) {
        ScimClient client = call.client();
        return Mono.fromCallable(() -> new DeleteUser(ScimRequests.newId(), client.tenant(), client.provider(), ScimRequests.now(), ScimRequests.pathId(id, "user"),
                        EntityTags.version(ifMatch)))
                .flatMap(commands::submit)
                .map(outcome -> {
                    User deleted = userOf(outcome);
                    call.noteSubject(deleted.id(), deleted.userName());
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

    private static UserAttributes noted(ScimCall call, String id, UserAttributes attributes) {
        call.noteSubject(id, attributes.userName());
        return attributes;
    }

    @GetMapping("/{id}")
    public Mono<ResponseEntity<ObjectNode>> get(@PathVariable String id,
                                                @RequestHeader(name = HttpHeaders.IF_NONE_MATCH, required = false) String ifNoneMatch,
                                                ScimCall call) {
        AttributeSelection selection = call.selection();
        return Mono.fromCallable(() -> ScimRequests.pathId(id, "user"))
                .flatMap(userId -> directory.find(call.tenant(), userId))
                .switchIfEmpty(Mono.error(() -> ScimException.notFound("User " + id + " not found.")))
                .map(found -> EntityTags.matches(ifNoneMatch, found.user())
                        ? ResponseEntity.status(HttpStatus.NOT_MODIFIED).eTag(ScimUserDocument.versionOf(found.user()))
                                .<ObjectNode>build()
                        : respond(HttpStatus.OK, found.user(), found.groups(), selection, call));
    }

    @GetMapping
    public Mono<ResponseEntity<ObjectNode>> list(ScimCall call) {
        ScimCall.Page page = call.page();
        String baseUrl = call.baseUrl();
        return directory.search(call.tenant(), page.query(DirectoryQuery::of), page.skipped(), page.count())
                .map(found -> ScimResponses.list(call, page, found.totalResults(), found.users().stream()
                        .map(user -> page.selection().apply(resourceOf(user.user(), user.groups(), baseUrl)))
                        .toList()));
    }

    private static CreateUser createCommand(ScimClient client, UserAttributes attributes) {
        return new CreateUser(ScimRequests.newId(), client.tenant(), client.provider(), ScimRequests.now(), ScimRequests.newId(),
                attributes);
    }

    private static ResponseEntity<ObjectNode> respond(HttpStatus status, User user,
                                                      List<GroupDirectory.Reference> memberOf,
                                                      AttributeSelection selection, ScimCall call) {
        String baseUrl = call.baseUrl();
        call.noteSubject(user.id(), user.userName());
        return ScimResponses.resource(status, ScimUserDocument.locationOf(user, baseUrl), ScimUserDocument.versionOf(user),
                selection.apply(resourceOf(user, memberOf, baseUrl)));
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
}
