package app.thestorage.provisioning.ingest.scim;

import app.thestorage.provisioning.contract.command.ChangeGroup;
import app.thestorage.provisioning.contract.command.CreateGroup;
import app.thestorage.provisioning.contract.command.DeleteGroup;
import app.thestorage.provisioning.contract.command.GroupEdit;
import app.thestorage.provisioning.contract.command.Outcome;
import app.thestorage.provisioning.contract.group.Group;
import app.thestorage.provisioning.ingest.command.CommandGateway;
import app.thestorage.provisioning.ingest.directory.GroupDirectory;
import app.thestorage.provisioning.ingest.directory.GroupQuery;
import app.thestorage.provisioning.ingest.tenant.ScimClient;
import app.thestorage.provisioning.scim.AttributeSelection;
import app.thestorage.provisioning.scim.ScimException;
import app.thestorage.provisioning.scim.ScimGroupDocument;
import app.thestorage.provisioning.scim.ScimSchemas;
import app.thestorage.provisioning.scim.filter.FilterParser;
import app.thestorage.provisioning.scim.group.GroupAttributes;
import app.thestorage.provisioning.scim.group.GroupMember;
import app.thestorage.provisioning.scim.patch.GroupOperation;
import app.thestorage.provisioning.scim.patch.GroupPatch;
import app.thestorage.provisioning.scim.schema.ResourceType;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
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
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code /api/{tenant}/scim/v2/Groups}: as for users, writes go to the projector as commands (which checks that
 * members are users of the tenant and that displayNames are unique) and are answered once committed; reads come from
 * the directory, with the members only when the response shows them.
 */
@RestController
@RequestMapping("/api/{tenant}/scim/v2/Groups")
public class ScimGroupsController {

    private final CommandGateway commands;
    private final GroupDirectory directory;
    private final JsonMapper json;
    private final ScimRequests requests;

    public ScimGroupsController(CommandGateway commands, GroupDirectory directory, JsonMapper json) {
        this.commands = commands;
        this.directory = directory;
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
                .map(bytes -> noted(exchange, null, ScimGroupDocument.attributesOf(requests.parse(bytes))))
                .flatMap(group -> commands.submit(new CreateGroup(ScimRequests.newId(), client.tenant(),
                                client.provider(), ScimRequests.now(), ScimRequests.newId(), group.displayName(),
                                group.externalId(), List.copyOf(group.members())))
                        .map(ScimGroupsController::groupOf)
                        .flatMap(created -> withMembersNamed(created, group, selection)
                                .map(members -> respond(HttpStatus.CREATED, created, members, selection, exchange))));
    }

    /** Replaces the group as a whole: displayName, externalId and the member list (Okta's older apps). */
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
                .map(bytes -> noted(exchange, groupId(id), ScimGroupDocument.attributesOf(requests.parse(bytes))))
                .flatMap(group -> commands.submit(new ChangeGroup(ScimRequests.newId(), client.tenant(),
                                client.provider(), ScimRequests.now(), id, List.of(
                                        new GroupEdit.Rename(group.displayName()),
                                        new GroupEdit.SetExternalId(group.externalId()),
                                        new GroupEdit.ReplaceMembers(List.copyOf(group.members()))), expected))
                        .map(ScimGroupsController::groupOf)
                        .flatMap(replaced -> withMembersNamed(replaced, group, selection)
                                .map(members -> respond(HttpStatus.OK, replaced, members, selection, exchange))));
    }

    /**
     * Applies a PatchOp (member batches from Entra ID, Okta's adds, removes and renames) as one change, decided by the
     * projector against the group as it is then: no read before, and 204 No Content after, as both identity providers
     * expect, so that a PATCH of 1,000 members costs what it must and no more.
     */
    @PatchMapping("/{id}")
    public Mono<ResponseEntity<ObjectNode>> patch(@PathVariable String id,
                                                  @RequestHeader(name = HttpHeaders.IF_MATCH, required = false) String ifMatch,
                                                  @RequestBody(required = false) Mono<byte[]> body,
                                                  ServerWebExchange exchange) {
        ScimClient client = ScimClient.of(exchange);
        Long expected = EntityTags.version(ifMatch);
        return ScimRequests.required(body)
                .map(bytes -> GroupPatch.of(requests.patchOp(bytes), groupId(id)))
                .flatMap(patch -> commands.submit(new ChangeGroup(ScimRequests.newId(), client.tenant(),
                        client.provider(), ScimRequests.now(), id, edits(patch), expected)))
                .map(outcome -> {
                    Group group = groupOf(outcome);
                    ScimExchange.noteUser(exchange, group.id(), group.displayName());
                    return ResponseEntity.noContent().eTag(ScimGroupDocument.versionOf(group)).<ObjectNode>build();
                });
    }

    @DeleteMapping("/{id}")
    public Mono<ResponseEntity<ObjectNode>> delete(@PathVariable String id,
                                                   @RequestHeader(name = HttpHeaders.IF_MATCH, required = false) String ifMatch,
                                                   ServerWebExchange exchange) {
        ScimClient client = ScimClient.of(exchange);
        return Mono.fromCallable(() -> new DeleteGroup(ScimRequests.newId(), client.tenant(), client.provider(),
                        ScimRequests.now(), groupId(id), EntityTags.version(ifMatch)))
                .flatMap(commands::submit)
                .map(outcome -> {
                    Group deleted = groupOf(outcome);
                    ScimExchange.noteUser(exchange, deleted.id(), deleted.displayName());
                    return ResponseEntity.noContent().<ObjectNode>build();
                });
    }

    @GetMapping("/{id}")
    public Mono<ResponseEntity<ObjectNode>> get(@PathVariable String id,
                                                @RequestParam(required = false) String attributes,
                                                @RequestParam(required = false) String excludedAttributes,
                                                ServerWebExchange exchange) {
        ScimClient client = ScimClient.of(exchange);
        AttributeSelection selection = AttributeSelection.of(attributes, excludedAttributes);
        return Mono.fromCallable(() -> groupId(id))
                .flatMap(groupId -> directory.find(client.tenant(), groupId))
                .switchIfEmpty(Mono.error(() -> ScimException.notFound("Group " + id + " not found.")))
                .flatMap(group -> withMembers(client.tenant(), List.of(group), selection)
                        .map(members -> respond(HttpStatus.OK, group, members.get(group.id()), selection, exchange)));
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
        GroupQuery query = filter == null ? null : GroupQuery.of(FilterParser.parse(ScimRequests.filter(filter)));
        String baseUrl = ScimPaths.baseUrl(exchange);
        return directory.search(client.tenant(), query, start - 1, size)
                .flatMap(page -> withMembers(client.tenant(), page.groups(), selection).map(members -> {
                    ScimExchange.noteFound(exchange, page.totalResults());
                    ObjectNode response = json.createObjectNode();
                    response.putArray("schemas").add(ScimSchemas.LIST_RESPONSE);
                    response.put("totalResults", page.totalResults());
                    response.put("startIndex", start);
                    response.put("itemsPerPage", page.groups().size());
                    var resources = response.putArray("Resources");
                    page.groups().forEach(group -> resources.add(
                            selection.apply(resourceOf(group, members.get(group.id()), baseUrl), ResourceType.GROUP)));
                    return ResponseEntity.ok().contentType(ScimMediaTypes.SCIM_JSON).body(response);
                }));
    }

    /** The members of the groups, when the response shows them (never read for excludedAttributes=members). */
    private Mono<Map<String, List<GroupMember>>> withMembers(String tenant, List<Group> groups,
                                                            AttributeSelection selection) {
        if (!ScimGroupDocument.needsMembers(selection) || groups.isEmpty()) {
            return Mono.just(Map.of());
        }
        return directory.membersOf(tenant, groups.stream().map(Group::id).toList());
    }

    private static List<GroupEdit> edits(GroupPatch patch) {
        List<GroupEdit> edits = new ArrayList<>();
        for (GroupOperation operation : patch.operations()) {
            edits.add(switch (operation) {
                case GroupOperation.ReplaceDisplayName rename -> new GroupEdit.Rename(rename.displayName());
                case GroupOperation.ReplaceExternalId externalId -> new GroupEdit.SetExternalId(externalId.externalId());
                case GroupOperation.AddMembers add -> new GroupEdit.AddMembers(List.copyOf(add.ids()));
                case GroupOperation.RemoveMembers remove -> new GroupEdit.RemoveMembers(List.copyOf(remove.ids()));
                case GroupOperation.ReplaceMembers replace -> new GroupEdit.ReplaceMembers(List.copyOf(replace.ids()));
            });
        }
        return edits;
    }

    private static Group groupOf(Outcome outcome) {
        return switch (outcome) {
            case Outcome.GroupApplied applied -> applied.group();
            case Outcome.Rejected rejected ->
                    throw ScimRejections.errorOf(rejected);
            case Outcome.Applied applied -> throw new IllegalStateException("A group command decided for a user");
            case Outcome.Unchanged unchanged when unchanged.group() != null -> unchanged.group();
            case Outcome.Unchanged unchanged -> throw new IllegalStateException("A group command decided for a user");
            case Outcome.TenantErased erased -> throw new IllegalStateException("A group command decided for a tenant");
        };
    }

    /**
     * The members of a group after a write that named all of them (a create or a replace), as a GET shows them: read
     * from the directory the write is committed in, by the ids the write named, never the whole group. None are read
     * when the response does not show them ({@code excludedAttributes=members}).
     */
    private Mono<List<GroupMember>> withMembersNamed(Group group, GroupAttributes written, AttributeSelection selection) {
        if (!ScimGroupDocument.needsMembers(selection)) {
            return Mono.just(List.of());
        }
        return directory.membersAmong(group.tenant(), group.id(), written.members());
    }

    /** A group id from a path: one that no group can have is simply not found. */
    private static String groupId(String id) {
        return ScimRequests.pathId(id, "group");
    }

    private static GroupAttributes noted(ServerWebExchange exchange, String id, GroupAttributes group) {
        // the provisioning log's user columns name the resource: here the group
        ScimExchange.noteUser(exchange, id, group.displayName());
        return group;
    }

    private static ResponseEntity<ObjectNode> respond(HttpStatus status, Group group, List<GroupMember> members,
                                                      AttributeSelection selection, ServerWebExchange exchange) {
        String baseUrl = ScimPaths.baseUrl(exchange);
        ScimExchange.noteUser(exchange, group.id(), group.displayName());
        return ResponseEntity.status(status)
                .contentType(ScimMediaTypes.SCIM_JSON)
                .location(URI.create(ScimGroupDocument.locationOf(group, baseUrl)))
                .eTag(ScimGroupDocument.versionOf(group))
                .body(selection.apply(resourceOf(group, members, baseUrl), ResourceType.GROUP));
    }

    private static ObjectNode resourceOf(Group group, List<GroupMember> members, String baseUrl) {
        return members == null ? ScimGroupDocument.resourceOf(group, baseUrl)
                : ScimGroupDocument.resourceOf(group, members, baseUrl);
    }
}
