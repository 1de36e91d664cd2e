package app.thestorage.provisioning.ingest.directory;

import app.thestorage.provisioning.contract.serde.ContractJson;
import app.thestorage.provisioning.contract.user.IdentityProvider;
import app.thestorage.provisioning.contract.user.User;
import io.r2dbc.spi.Readable;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Reads the user directory that user-projector materialises in PostgreSQL. Every write answered with a 2xx
 * is already committed there (see DirectoryMaterializer), so these reads see it.
 */
@Component
public class DirectoryReader {

    /** One page of users, and how many match in all. */
    public record Page(long totalResults, List<Found> users) {
    }

    /** A user, and the groups it is a direct member of (their ids and displayNames). */
    public record Found(User user, List<GroupDirectory.Reference> groups) {
    }

    /**
     * The groups of the user of the enclosing query's row {@code u}, as a JSON array of {id, display}: one index seek
     * on the memberships, nothing more for a user in no group.
     */
    private static final String GROUPS_OF_U = """
            (SELECT json_agg(json_build_object('id', g.id, 'display', g.display_name) ORDER BY g.display_name_key)
             FROM directory.group_members m JOIN directory.groups g ON g.tenant = m.tenant AND g.id = m.group_id
             WHERE m.tenant = u.tenant AND m.user_id = u.id)::text AS groups\
            """;

    /**
     * The users of a batch of (tenant, id) keys, each with the 1-based place of its key in the batch: $1 the
     * tenants, $2 the ids. One index seek per key: OFFSET 0 keeps PostgreSQL from flattening the lateral subquery
     * into a join, which it would answer with a scan of the whole table for a small directory.
     */
    public static final String USERS_BY_ID = """
            SELECT k.place, u.resource::text AS resource, %s
            FROM unnest($1::text[], $2::text[]) WITH ORDINALITY AS k(tenant, id, place)
            CROSS JOIN LATERAL (SELECT tenant, id, resource FROM directory.users
                                WHERE tenant = k.tenant AND id = k.id OFFSET 0) u
            """.formatted(GROUPS_OF_U);

    /**
     * The users of a batch of (tenant, userName key) pairs ({@link User#userNameKey}: userNames compare regardless
     * of case), each with the 1-based place of its key and in creation order: $1 the tenants, $2 the keys. One index
     * seek per key (see USERS_BY_ID).
     */
    public static final String USERS_BY_USER_NAME = """
            SELECT k.place, u.resource::text AS resource, %s
            FROM unnest($1::text[], $2::text[]) WITH ORDINALITY AS k(tenant, user_name_key, place)
            CROSS JOIN LATERAL (SELECT tenant, resource, created, id FROM directory.users
                                WHERE tenant = k.tenant AND user_name_key = k.user_name_key OFFSET 0) u
            ORDER BY k.place, u.created, u.id
            """.formatted(GROUPS_OF_U);

    /** Keys in one batched lookup at most. */
    private static final int LOOKUP_BATCH = 256;
    /** Batched lookups running at once; a lookup arriving meanwhile waits for the next batch. */
    private static final int LOOKUPS_IN_FLIGHT = 2;

    /** A user's key in a batched lookup: its id, or its userName. */
    private record UserKey(String tenant, String key) {
    }

    private final DatabaseClient db;
    private final BatchedLookups<UserKey, Found> byId;
    private final BatchedLookups<UserKey, Found> byUserName;

    public DirectoryReader(DatabaseClient db) {
        this.db = db;
        this.byId = new BatchedLookups<>(keys -> lookUp(USERS_BY_ID, keys), LOOKUP_BATCH, LOOKUPS_IN_FLIGHT);
        this.byUserName = new BatchedLookups<>(keys -> lookUp(USERS_BY_USER_NAME, keys), LOOKUP_BATCH,
                LOOKUPS_IN_FLIGHT);
    }

    public Mono<User> findById(String tenant, String id) {
        return find(tenant, id).map(Found::user);
    }

    /** The user with its groups. */
    public Mono<Found> find(String tenant, String id) {
        return byId.find(new UserKey(tenant, id)).mapNotNull(users -> users.isEmpty() ? null : users.getFirst());
    }

    private Flux<BatchedLookups.Found<Found>> lookUp(String statement, List<UserKey> keys) {
        return db.sql(statement)
                .bind(0, keys.stream().map(UserKey::tenant).toArray(String[]::new))
                .bind(1, keys.stream().map(UserKey::key).toArray(String[]::new))
                .map(row -> new BatchedLookups.Found<>(row.get("place", Long.class).intValue() - 1, found(row)))
                .all();
    }

    /**
     * One page of the tenant's users in creation order, those matching the filter if there is one. A page that
     * is not full tells the total by itself (the lookup by userName an identity provider makes before every
     * create finds one user or none, and goes into a batched lookup with the others that arrive at the same time):
     * only a full page, or one past the end, costs a count query too.
     */
    public Mono<Page> search(String tenant, DirectoryQuery query, long offset, int limit) {
        if (query != null && query.userName() != null && offset == 0 && limit > 0) {
            return byUserName.find(new UserKey(tenant, User.userNameKey(query.userName())))
                    .flatMap(users -> users.size() <= limit
                            ? Mono.just(new Page(users.size(), users))
                            : searchPage(tenant, query, offset, limit));
        }
        return searchPage(tenant, query, offset, limit);
    }

    private Mono<Page> searchPage(String tenant, DirectoryQuery query, long offset, int limit) {
        return DirectoryPages.page(db, countStatement(query), pageStatement(query), tenant,
                query == null ? Map.of() : query.parameters(), offset, limit, DirectoryReader::found, Page::new);
    }

    /** How many users of the tenant each identity provider provisioned, and how many of them are active. */
    public record Census(long total, long active, Map<IdentityProvider, Long> bySource) {
        public long inactive() {
            return total - active;
        }
    }

    public Mono<Census> census(String tenant) {
        return db.sql("SELECT source, active, count(*) AS users FROM directory.users WHERE tenant = :tenant "
                        + "GROUP BY source, active")
                .bind("tenant", tenant)
                .map(row -> new Object[] {IdentityProvider.valueOf(row.get("source", String.class)),
                        row.get("active", Boolean.class), row.get("users", Long.class)})
                .all()
                .collectList()
                .map(groups -> {
                    Map<IdentityProvider, Long> bySource = new EnumMap<>(IdentityProvider.class);
                    long total = 0;
                    long active = 0;
                    for (Object[] group : groups) {
                        long users = (Long) group[2];
                        bySource.merge((IdentityProvider) group[0], users, Long::sum);
                        total += users;
                        active += Boolean.TRUE.equals(group[1]) ? users : 0;
                    }
                    return new Census(total, active, bySource);
                });
    }

    /** How many of the tenant's users match; parameters :tenant and the query's own. */
    public static String countStatement(DirectoryQuery query) {
        return "SELECT count(*) AS total FROM directory.users u WHERE " + where(query);
    }

    /** One page of the tenant's matching users; parameters :tenant, :limit, :offset and the query's own. */
    public static String pageStatement(DirectoryQuery query) {
        return "SELECT u.resource::text AS resource, " + GROUPS_OF_U + " FROM directory.users u WHERE " + where(query)
                + " ORDER BY u.created, u.id LIMIT :limit OFFSET :offset";
    }

    private static String where(DirectoryQuery query) {
        return "u.tenant = :tenant" + (query == null ? "" : " AND " + query.condition());
    }

    private static Found found(Readable row) {
        User user = ContractJson.mapper().readValue(row.get("resource", String.class), User.class);
        String groups = row.get("groups", String.class);
        return new Found(user, groups == null ? List.of()
                : List.of(ContractJson.mapper().readValue(groups, GroupDirectory.Reference[].class)));
    }
}
