package app.thestorage.provisioning.ingest.directory;

import app.thestorage.provisioning.contract.serde.ContractJson;
import app.thestorage.provisioning.contract.user.IdentityProvider;
import app.thestorage.provisioning.contract.user.User;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * Reads the user directory that user-projector materialises in PostgreSQL. Every write answered with a 2xx
 * is already committed there (see DirectoryMaterializer), so these reads see it.
 */
@Component
public class DirectoryReader {

    /** One page of users, and how many match in all. */
    public record Page(long totalResults, List<User> users) {
    }

    private final DatabaseClient db;

    public DirectoryReader(DatabaseClient db) {
        this.db = db;
    }

    public Mono<User> findById(String tenant, String id) {
        return db.sql("SELECT resource::text AS resource FROM directory.users WHERE tenant = :tenant AND id = :id")
                .bind("tenant", tenant)
                .bind("id", id)
                .map(row -> parse(row.get("resource", String.class)))
                .one();
    }

    /**
     * One page of the tenant's users in creation order, those matching the filter if there is one. A page that
     * is not full tells the total by itself (the lookup by userName an identity provider makes before every
     * create finds one user or none): only a full page, or one past the end, costs a count query too.
     */
    public Mono<Page> search(String tenant, DirectoryQuery query, long offset, int limit) {
        Mono<Long> total = bind(db.sql(countStatement(query)), tenant, query)
                .map(row -> row.get("total", Long.class))
                .one();
        if (limit == 0) {
            return total.map(count -> new Page(count, List.of()));
        }
        return bind(db.sql(pageStatement(query)), tenant, query)
                .bind("limit", limit)
                .bind("offset", offset)
                .map(row -> parse(row.get("resource", String.class)))
                .all()
                .collectList()
                .flatMap(users -> users.size() < limit && (offset == 0 || !users.isEmpty())
                        ? Mono.just(new Page(offset + users.size(), users))
                        : total.map(count -> new Page(count, users)));
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
        return "SELECT count(*) AS total FROM directory.users WHERE " + where(query);
    }

    /** One page of the tenant's matching users; parameters :tenant, :limit, :offset and the query's own. */
    public static String pageStatement(DirectoryQuery query) {
        return "SELECT resource::text AS resource FROM directory.users WHERE " + where(query)
                + " ORDER BY created, id LIMIT :limit OFFSET :offset";
    }

    private static String where(DirectoryQuery query) {
        return "tenant = :tenant" + (query == null ? "" : " AND " + query.condition());
    }

    private static DatabaseClient.GenericExecuteSpec bind(DatabaseClient.GenericExecuteSpec spec, String tenant,
                                                          DirectoryQuery query) {
        spec = spec.bind("tenant", tenant);
        if (query != null) {
            for (var parameter : query.parameters().entrySet()) {
                spec = spec.bind(parameter.getKey(), parameter.getValue());
            }
        }
        return spec;
    }

    private static User parse(String resource) {
        return ContractJson.mapper().readValue(resource, User.class);
    }
}
