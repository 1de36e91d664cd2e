package app.thestorage.provisioning.ingest.admin;

import app.thestorage.provisioning.contract.DirectoryLimits;
import app.thestorage.provisioning.contract.group.Group;
import app.thestorage.provisioning.contract.user.IdentityProvider;
import app.thestorage.provisioning.ingest.admin.TenantAdminController.DirectoryUser;
import app.thestorage.provisioning.ingest.directory.DirectoryQuery;
import app.thestorage.provisioning.ingest.directory.DirectoryReader;
import app.thestorage.provisioning.ingest.directory.GroupDirectory;
import app.thestorage.provisioning.ingest.directory.GroupQuery;
import app.thestorage.provisioning.ingest.tenant.TenantProblem;
import app.thestorage.provisioning.ingest.tenant.TenantRegistry;
import java.time.Instant;
import java.util.List;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/**
 * The admin API behind the console's Groups page: the groups identity providers provisioned, searched by name and
 * paged, and one group's members, paged (a group may have 100,000), with each member's badge and state. Read from
 * the directory user-projector materialises, as the SCIM endpoint reads it.
 */
@RestController
@RequestMapping("/admin/tenants")
public class TenantGroupsController {

    private static final int MAX_PAGE = 200;

    private final TenantRegistry tenants;
    private final GroupDirectory groups;
    private final DirectoryReader directory;

    public TenantGroupsController(TenantRegistry tenants, GroupDirectory groups, DirectoryReader directory) {
        this.tenants = tenants;
        this.groups = groups;
        this.directory = directory;
    }

    /** A group as the console lists it: its name, the badge of the provider that provisioned it, its size. */
    public record DirectoryGroup(String id, String displayName, String externalId, IdentityProvider source,
                                 long members, Instant created, Instant lastModified) {

        static DirectoryGroup of(Group group, long members) {
            return new DirectoryGroup(group.id(), group.displayName(), group.externalId(), group.source(), members,
                    group.created(), group.lastModified());
        }
    }

    /** One page of a tenant's groups, in creation order. */
    public record GroupPage(long totalResults, long startIndex, List<DirectoryGroup> groups) {
    }

    /** One page of a group's direct members, in the order they were created as users. */
    public record MemberPage(DirectoryGroup group, long totalResults, long startIndex, List<DirectoryUser> members) {
    }

    /**
     * The tenant's groups, {@code count} at a time from {@code startIndex} (1-based), those whose displayName contains
     * {@code search} (without regard to case) if it is given.
     */
    @GetMapping("/{tenant}/groups")
    public Mono<GroupPage> groups(@PathVariable String tenant,
                                  @RequestParam(required = false) String search,
                                  @RequestParam(defaultValue = "1") long startIndex,
                                  @RequestParam(defaultValue = "20") int count) {
        long start = Math.max(1, startIndex);
        int size = Math.clamp(count, 0, MAX_PAGE);
        GroupQuery query = search == null || search.isBlank() ? null : GroupQuery.displayNameContains(checked(search));
        return found(tenant)
                .flatMap(found -> groups.search(tenant, query, start - 1, size))
                .flatMap(page -> groups.memberCounts(tenant, page.groups().stream().map(Group::id).toList())
                        .map(members -> new GroupPage(page.totalResults(), start, page.groups().stream()
                                .map(group -> DirectoryGroup.of(group, members.getOrDefault(group.id(), 0L)))
                                .toList())));
    }

    /** The group and {@code count} of its direct members from {@code startIndex} (1-based). */
    @GetMapping("/{tenant}/groups/{id}/members")
    public Mono<MemberPage> members(@PathVariable String tenant, @PathVariable String id,
                                    @RequestParam(defaultValue = "1") long startIndex,
                                    @RequestParam(defaultValue = "20") int count) {
        long start = Math.max(1, startIndex);
        int size = Math.clamp(count, 0, MAX_PAGE);
        return found(tenant)
                .flatMap(found -> groups.find(tenant, id))
                .switchIfEmpty(Mono.error(() -> new TenantProblem(TenantProblem.Kind.NOT_FOUND,
                        "There is no group " + id + " in tenant '" + tenant + "'.")))
                .flatMap(group -> directory.search(tenant, DirectoryQuery.memberOf(group.id()), start - 1, size)
                        .map(page -> new MemberPage(DirectoryGroup.of(group, page.totalResults()), page.totalResults(),
                                start, page.users().stream().map(DirectoryUser::of).toList())));
    }

    private static String checked(String search) {
        String text = search.strip();
        String problem = DirectoryLimits.text("search", text);
        if (problem != null) {
            throw new TenantProblem(TenantProblem.Kind.INVALID, problem);
        }
        return text;
    }

    private Mono<TenantRegistry.Tenant> found(String tenant) {
        return tenants.find(tenant).switchIfEmpty(Mono.error(() -> TenantProblem.notFound(tenant)));
    }
}
