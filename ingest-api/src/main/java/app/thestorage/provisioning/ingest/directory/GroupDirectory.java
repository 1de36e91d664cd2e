package app.thestorage.provisioning.ingest.directory;

import app.thestorage.provisioning.contract.group.Group;
import app.thestorage.provisioning.contract.user.IdentityProvider;
import app.thestorage.provisioning.scim.group.GroupMember;
import io.r2dbc.spi.Readable;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * Reads the groups user-projector materialises in PostgreSQL ({@code directory.groups}, and the memberships in
 * {@code directory.group_members}, one row each). Members are read only when a response shows them: a list with
 * {@code excludedAttributes=members} never touches them, however large the groups.
 */
@Component
public class GroupDirectory {

    /** One page of groups, and how many match in all. */
    public record Page(long totalResults, List<Group> groups) {
    }

    /** A group of a user: its id and what to show for it. */
    public record Reference(String id, String display) {
    }

    private final DatabaseClient db;

    public GroupDirectory(DatabaseClient db) {
        this.db = db;
    }

    public Mono<Group> find(String tenant, String id) {
        return db.sql(DirectoryStatements.GROUP_BY_ID)
                .bind("tenant", tenant)
                .bind("id", id)
                .map(GroupDirectory::group)
                .one();
    }

    /** One page of the tenant's groups in creation order, those matching the filter if there is one. */
    public Mono<Page> search(String tenant, GroupQuery query, long offset, int limit) {
        return DirectoryPages.page(db, DirectoryStatements.groupCount(query), DirectoryStatements.groupPage(query),
                tenant, query == null ? Map.of() : query.parameters(), offset, limit, GroupDirectory::group, Page::new);
    }

    /** The members of each group (by group id, in the order of the ids given; a group without members maps to []). */
    public Mono<Map<String, List<GroupMember>>> membersOf(String tenant, Collection<String> groupIds) {
        return references(DirectoryStatements.MEMBERS_OF, tenant, groupIds, GroupMember::new);
    }

    /**
     * Those of {@code userIds} that are members of the group, as {@link #membersOf} shows them: what a write that named
     * these members answers with, in one index seek per id, however large the group.
     */
    public Mono<List<GroupMember>> membersAmong(String tenant, String groupId, Collection<String> userIds) {
        if (userIds.isEmpty()) {
            return Mono.just(List.of());
        }
        return db.sql(DirectoryStatements.MEMBERS_AMONG)
                .bind("tenant", tenant)
                .bind("group", groupId)
                .bind("users", userIds.toArray(String[]::new))
                .map(row -> new GroupMember(row.get("id", String.class), row.get("display", String.class)))
                .all()
                .collectList();
    }

    /** The groups each user is a direct member of (by user id, in the order of the ids given). */
    public Mono<Map<String, List<Reference>>> groupsOf(String tenant, Collection<String> userIds) {
        return references(DirectoryStatements.GROUPS_OF, tenant, userIds, Reference::new);
    }

    /** How many direct members each group has (by group id, in the order of the ids given). */
    public Mono<Map<String, Long>> memberCounts(String tenant, Collection<String> groupIds) {
        Map<String, Long> counted = new LinkedHashMap<>();
        groupIds.forEach(id -> counted.put(id, 0L));
        if (groupIds.isEmpty()) {
            return Mono.just(counted);
        }
        return db.sql(DirectoryStatements.MEMBER_COUNTS)
                .bind("tenant", tenant)
                .bind("groups", groupIds.toArray(String[]::new))
                .map(row -> Map.entry(row.get("group_id", String.class), row.get("members", Long.class)))
                .all()
                .doOnNext(count -> counted.put(count.getKey(), count.getValue()))
                .then(Mono.just(counted));
    }

    /** How many groups the tenant has. */
    public Mono<Long> count(String tenant) {
        return db.sql(DirectoryStatements.GROUP_COUNT)
                .bind("tenant", tenant)
                .map(row -> row.get("groups", Long.class))
                .one();
    }

    private <T> Mono<Map<String, List<T>>> references(String statement, String tenant, Collection<String> owners,
                                                      BiFunction<String, String, T> reference) {
        Map<String, List<T>> found = new LinkedHashMap<>();
        owners.forEach(owner -> found.put(owner, new ArrayList<>()));
        if (owners.isEmpty()) {
            return Mono.just(found);
        }
        return db.sql(statement)
                .bind("tenant", tenant)
                .bind("owners", owners.toArray(String[]::new))
                .map(row -> Map.entry(row.get("owner", String.class),
                        reference.apply(row.get("id", String.class), row.get("display", String.class))))
                .all()
                .doOnNext(pair -> found.get(pair.getKey()).add(pair.getValue()))
                .then(Mono.just(found));
    }

    private static Group group(Readable row) {
        return new Group(row.get("tenant", String.class), row.get("id", String.class),
                row.get("display_name", String.class), row.get("external_id", String.class),
                IdentityProvider.valueOf(row.get("source", String.class)), instant(row, "created"),
                instant(row, "last_modified"), row.get("version", Long.class));
    }

    private static Instant instant(Readable row, String column) {
        return row.get(column, OffsetDateTime.class).toInstant();
    }
}
