package app.thestorage.provisioning.ingest.directory;

import app.thestorage.provisioning.contract.serde.ContractJson;
import app.thestorage.provisioning.contract.user.User;
import java.util.List;
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

    /** At most one user: userName is unique per tenant without regard to case. */
    public Mono<Page> findByUserName(String tenant, String userName, long offset, int limit) {
        return db.sql("""
                        SELECT resource::text AS resource FROM directory.users
                        WHERE tenant = :tenant AND lower(user_name) = lower(:userName)
                        """)
                .bind("tenant", tenant)
                .bind("userName", userName)
                .map(row -> parse(row.get("resource", String.class)))
                .all()
                .collectList()
                .map(all -> new Page(all.size(), all.stream().skip(offset).limit(limit).toList()));
    }

    public Mono<Page> list(String tenant, long offset, int limit) {
        Mono<Long> total = db.sql("SELECT count(*) AS total FROM directory.users WHERE tenant = :tenant")
                .bind("tenant", tenant)
                .map(row -> row.get("total", Long.class))
                .one();
        Mono<List<User>> page = limit == 0 ? Mono.just(List.of()) : db.sql("""
                        SELECT resource::text AS resource FROM directory.users WHERE tenant = :tenant
                        ORDER BY created, id LIMIT :limit OFFSET :offset
                        """)
                .bind("tenant", tenant)
                .bind("limit", limit)
                .bind("offset", offset)
                .map(row -> parse(row.get("resource", String.class)))
                .all()
                .collectList();
        return Mono.zip(total, page, Page::new);
    }

    private static User parse(String resource) {
        return ContractJson.mapper().readValue(resource, User.class);
    }
}
