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
        this.byId = new BatchedLookups<>(keys -> lookUp(DirectoryStatements.USERS_BY_ID, keys), LOOKUP_BATCH,
                LOOKUPS_IN_FLIGHT);
        this.byUserName = new BatchedLookups<>(keys -> lookUp(DirectoryStatements.USERS_BY_USER_NAME, keys), LOOKUP_BATCH,
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
        return DirectoryPages.page(db, DirectoryStatements.userCount(query), DirectoryStatements.userPage(query),
                tenant, query == null ? Map.of() : query.parameters(), offset, limit, DirectoryReader::found, Page::new);
    }

    /** How many users of the tenant each identity provider provisioned, and how many of them are active. */
    public record Census(long total, long active, Map<IdentityProvider, Long> bySource) {
        public long inactive() {
            return total - active;
        }
    }

    public Mono<Census> census(String tenant) {
        return db.sql(DirectoryStatements.USER_CENSUS)
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

    private static Found found(Readable row) {
        User user = ContractJson.mapper().readValue(row.get("resource", String.class), User.class);
        String groups = row.get("groups", String.class);
        return new Found(user, groups == null ? List.of()
                : List.of(ContractJson.mapper().readValue(groups, GroupDirectory.Reference[].class)));
    }
}
