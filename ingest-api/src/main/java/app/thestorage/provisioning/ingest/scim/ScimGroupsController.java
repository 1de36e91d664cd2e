package app.thestorage.provisioning.ingest.scim;

import app.thestorage.provisioning.contract.command.ChangeGroup;
import app.thestorage.provisioning.contract.command.CreateGroup;
import app.thestorage.provisioning.contract.command.DeleteGroup;
import app.thestorage.provisioning.contract.command.GroupEdit;
import app.thestorage.provisioning.contract.command.Outcome;
import app.thestorage.provisioning.contract.command.ProvisioningCommand;
import app.thestorage.provisioning.contract.group.Group;
import app.thestorage.provisioning.ingest.command.CommandGateway;
import app.thestorage.provisioning.ingest.directory.GroupDirectory;
import app.thestorage.provisioning.ingest.directory.GroupQuery;
import app.thestorage.provisioning.scim.document.AttributeSelection;
import app.thestorage.provisioning.scim.ScimException;
import app.thestorage.provisioning.scim.document.ScimGroupDocument;
import app.thestorage.provisioning.scim.group.GroupAttributes;
import app.thestorage.provisioning.scim.group.GroupMember;
import app.thestorage.provisioning.scim.patch.GroupOperation;
import app.thestorage.provisioning.scim.patch.GroupPatch;
import app.thestorage.provisioning.scim.schema.ResourceType;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
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
    private final ScimRequests requests;

    public ScimGroupsController(CommandGateway commands, GroupDirectory directory, JsonMapper json) {
        this.commands = commands;
        this.directory = directory;
        this.requests = new ScimRequests(json);
    }

    @PostMapping
    public Mono<ResponseEntity<ObjectNode>> create(@RequestBody(required = false) Mono<byte[]> body, ScimCall call) {
        return written(HttpStatus.CREATED, call, null, body, group -> new CreateGroup(ScimRequests.newId(),
                call.tenant(), call.client().provider(), ScimRequests.now(), ScimRequests.newId(), group.displayName(),
                group.externalId(), List.copyOf(group.members())));
    }

    /** Replaces the group as a whole: displayName, externalId and the member list (Okta's older apps). */
    @PutMapping("/{id}")
    public Mono<ResponseEntity<ObjectNode>> replace(@PathVariable String id, @RequestBody(required = false) Mono<byte[]> body,
                                                    @RequestHeader(name = HttpHeaders.IF_MATCH, required = false) String ifMatch,
                                                    ScimCall call) {
        Long expected = EntityTags.version(ifMatch);
        return written(HttpStatus.OK, call, id, body, group -> new ChangeGroup(ScimRequests.newId(),
                call.tenant(), call.client().provider(), ScimRequests.now(), id, List.of(
                        new GroupEdit.Rename(group.displayName()),
                        new GroupEdit.SetExternalId(group.externalId()),
                        new GroupEdit.ReplaceMembers(List.copyOf(group.members()))), expected));
    }

    /**
     * A create or a replace (of the group with the path's {@code id}; null for a create): the group the body describes
     * is sent as the command, and answered with the group as it is after it, with its members as a GET shows them.
     */
    private Mono<ResponseEntity<ObjectNode>> written(HttpStatus status, ScimCall call, String id, Mono<byte[]> body,
                                                     Function<GroupAttributes, ProvisioningCommand> command) {
        AttributeSelection selection = call.selection();
        return ScimRequests.required(body)
                .map(bytes -> noted(call, id == null ? null : groupId(id), ScimGroupDocument.attributesOf(requests.parse(bytes))))
                .flatMap(group -> commands.submit(command.apply(group))
                        .map(ScimGroupsController::groupOf)
                        .flatMap(written -> withMembersNamed(written, group, selection)
                                .map(members -> respond(status, written, members, selection, call))));
    }

    /**
     * Applies a PatchOp (member batches from Entra ID, Okta's adds, removes and renames) as one change, decided by the
     * projector against the group as it is then: no read before, and 204 No Content after, as both identity providers
     * expect, so that a PATCH of 1,000 members costs what it must and no more.
     */
    @PatchMapping("/{id}")
    public Mono<ResponseEntity<ObjectNode>> patch(@PathVariable String id, @RequestBody(required = false) Mono<byte[]> body,
                                                  @RequestHeader(name = HttpHeaders.IF_MATCH, required = false) String ifMatch,
                                                  ScimCall call) {
        Long expected = EntityTags.version(ifMatch);
        return ScimRequests.required(body)
                .map(bytes -> GroupPatch.of(requests.patchOp(bytes), groupId(id)))
                .flatMap(patch -> commands.submit(new ChangeGroup(ScimRequests.newId(), call.tenant(),
                        call.client().provider(), ScimRequests.now(), id, edits(patch), expected)))
                .map(outcome -> {
                    Group group = groupOf(outcome);
                    call.noteSubject(group.id(), group.displayName());
                    return ResponseEntity.noContent().eTag(ScimGroupDocument.versionOf(group)).<ObjectNode>build();
                });
    }

    @DeleteMapping("/{id}")
    public Mono<ResponseEntity<ObjectNode>> delete(@PathVariable String id,
                                                   @RequestHeader(name = HttpHeaders.IF_MATCH, required = false) String ifMatch,
                                                   ScimCall call) {
        return Mono.fromCallable(() -> new DeleteGroup(ScimRequests.newId(), call.tenant(), call.client().provider(),
                        ScimRequests.now(), groupId(id), EntityTags.version(ifMatch)))
                .flatMap(commands::submit)
                .map(outcome -> {
                    Group deleted = groupOf(outcome);
                    call.noteSubject(deleted.id(), deleted.displayName());
                    return ResponseEntity.noContent().<ObjectNode>build();
                });
    }

    @GetMapping("/{id}")
    public Mono<ResponseEntity<ObjectNode>> get(@PathVariable String id, ScimCall call) {
        AttributeSelection selection = call.selection();
        return Mono.fromCallable(() -> groupId(id))
                .flatMap(groupId -> directory.find(call.tenant(), groupId))
                .switchIfEmpty(Mono.error(() -> ScimException.notFound("Group " + id + " not found.")))
                .flatMap(group -> withMembers(call.tenant(), List.of(group), selection)
                        .map(members -> respond(HttpStatus.OK, group, members.get(group.id()), selection, call)));
    }

    @GetMapping
    public Mono<ResponseEntity<ObjectNode>> list(ScimCall call) {
        ScimCall.Page page = call.page();
        String baseUrl = call.baseUrl();
        return directory.search(call.tenant(), page.query(GroupQuery::of), page.skipped(), page.count())
                .flatMap(found -> withMembers(call.tenant(), found.groups(), page.selection())
                        .map(members -> ScimResponses.list(call, page, found.totalResults(), found.groups().stream()
                                .map(group -> page.selection().apply(resourceOf(group, members.get(group.id()), baseUrl),
                                        ResourceType.GROUP))
                                .toList())));
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

    private static GroupAttributes noted(ScimCall call, String id, GroupAttributes group) {
        // the provisioning log's user columns name the resource: here the group
        call.noteSubject(id, group.displayName());
        return group;
    }

    private static ResponseEntity<ObjectNode> respond(HttpStatus status, Group group, List<GroupMember> members,
                                                      AttributeSelection selection, ScimCall call) {
        String baseUrl = call.baseUrl();
        call.noteSubject(group.id(), group.displayName());
        return ScimResponses.resource(status, ScimGroupDocument.locationOf(group, baseUrl),
                ScimGroupDocument.versionOf(group), selection.apply(resourceOf(group, members, baseUrl), ResourceType.GROUP));
    }

    private static ObjectNode resourceOf(Group group, List<GroupMember> members, String baseUrl) {
        return members == null ? ScimGroupDocument.resourceOf(group, baseUrl)
                : ScimGroupDocument.resourceOf(group, members, baseUrl);
    }
}
