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

    private static final String COLUMNS = "g.tenant, g.id, g.display_name, g.external_id, g.source, g.created, "
            + "g.last_modified, g.version";

    private final DatabaseClient db;

    public GroupDirectory(DatabaseClient db) {
        this.db = db;
    }

    public Mono<Group> find(String tenant, String id) {
        return db.sql("SELECT " + COLUMNS + " FROM directory.groups g WHERE g.tenant = :tenant AND g.id = :id")
                .bind("tenant", tenant)
                .bind("id", id)
                .map(GroupDirectory::group)
                .one();
    }

    /** One page of the tenant's groups in creation order, those matching the filter if there is one. */
    public Mono<Page> search(String tenant, GroupQuery query, long offset, int limit) {
        String where = "g.tenant = :tenant" + (query == null ? "" : " AND " + query.condition());
        return DirectoryPages.page(db, "SELECT count(*) AS total FROM directory.groups g WHERE " + where,
                "SELECT " + COLUMNS + " FROM directory.groups g WHERE " + where
                        + " ORDER BY g.created, g.id LIMIT :limit OFFSET :offset",
                tenant, query == null ? Map.of() : query.parameters(), offset, limit, GroupDirectory::group, Page::new);
    }

    /** The members of each group (by group id, in the order of the ids given; a group without members maps to []). */
    public Mono<Map<String, List<GroupMember>>> membersOf(String tenant, Collection<String> groupIds) {
        return references("""
                SELECT m.group_id AS owner, m.user_id AS id,
                       coalesce(u.resource->'attributes'->>'displayName', u.user_name) AS display
                FROM directory.group_members m
                LEFT JOIN directory.users u ON u.tenant = m.tenant AND u.id = m.user_id
                WHERE m.tenant = :tenant AND m.group_id = ANY(:owners)
                ORDER BY m.group_id, m.user_id
                """, tenant, groupIds, GroupMember::new);
    }

    /**
     * Those of {@code userIds} that are members of the group, as {@link #membersOf} shows them: what a write that named
     * these members answers with, in one index seek per id, however large the group.
     */
    public Mono<List<GroupMember>> membersAmong(String tenant, String groupId, Collection<String> userIds) {
        if (userIds.isEmpty()) {
            return Mono.just(List.of());
        }
        return db.sql("""
                        SELECT m.user_id AS id, coalesce(u.resource->'attributes'->>'displayName', u.user_name) AS display
                        FROM directory.group_members m
                        LEFT JOIN directory.users u ON u.tenant = m.tenant AND u.id = m.user_id
                        WHERE m.tenant = :tenant AND m.group_id = :group AND m.user_id = ANY(:users)
                        ORDER BY m.user_id
                        """)
                .bind("tenant", tenant)
                .bind("group", groupId)
                .bind("users", userIds.toArray(String[]::new))
                .map(row -> new GroupMember(row.get("id", String.class), row.get("display", String.class)))
                .all()
                .collectList();
    }

    /** The groups each user is a direct member of (by user id, in the order of the ids given). */
    public Mono<Map<String, List<Reference>>> groupsOf(String tenant, Collection<String> userIds) {
        return references("""
                SELECT m.user_id AS owner, g.id AS id, g.display_name AS display
                FROM directory.group_members m
                JOIN directory.groups g ON g.tenant = m.tenant AND g.id = m.group_id
                WHERE m.tenant = :tenant AND m.user_id = ANY(:owners)
                ORDER BY m.user_id, g.display_name_key
                """, tenant, userIds, Reference::new);
    }

    /** How many direct members each group has (by group id, in the order of the ids given). */
    public Mono<Map<String, Long>> memberCounts(String tenant, Collection<String> groupIds) {
        Map<String, Long> counted = new LinkedHashMap<>();
        groupIds.forEach(id -> counted.put(id, 0L));
        if (groupIds.isEmpty()) {
            return Mono.just(counted);
        }
        return db.sql("SELECT group_id, count(*) AS members FROM directory.group_members WHERE tenant = :tenant "
                        + "AND group_id = ANY(:groups) GROUP BY group_id")
                .bind("tenant", tenant)
                .bind("groups", groupIds.toArray(String[]::new))
                .map(row -> Map.entry(row.get("group_id", String.class), row.get("members", Long.class)))
                .all()
                .doOnNext(count -> counted.put(count.getKey(), count.getValue()))
                .then(Mono.just(counted));
    }

    /** How many groups the tenant has. */
    public Mono<Long> count(String tenant) {
        return db.sql("SELECT count(*) AS groups FROM directory.groups WHERE tenant = :tenant")
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
