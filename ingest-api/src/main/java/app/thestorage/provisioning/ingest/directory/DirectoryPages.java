package app.thestorage.provisioning.ingest.directory;

import io.r2dbc.spi.Readable;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.function.Function;
import org.springframework.r2dbc.core.DatabaseClient;
import reactor.core.publisher.Mono;

/**
 * One page of a tenant's users or groups, read the same way: a page that is not full tells the total by itself (the
 * lookups identity providers make before every create find one resource or none), so only a full page, or one past
 * the end, costs a count query too.
 */
final class DirectoryPages {

    /**
     * The page of {@code pageStatement} (parameters :tenant, :limit, :offset and the filter's), with the total of
     * {@code countStatement} (a column {@code total}) when the page cannot tell it.
     */
    static <T, P> Mono<P> page(DatabaseClient db, String countStatement, String pageStatement, String tenant,
                               Map<String, Object> parameters, long offset, int limit,
                               Function<Readable, T> read, BiFunction<Long, List<T>, P> page) {
        Mono<Long> total = bind(db.sql(countStatement), tenant, parameters)
                .map(row -> row.get("total", Long.class))
                .one();
        if (limit == 0) {
            return total.map(count -> page.apply(count, List.of()));
        }
        return bind(db.sql(pageStatement), tenant, parameters)
                .bind("limit", limit)
                .bind("offset", offset)
                .map(read::apply)
                .all()
                .collectList()
                .flatMap(found -> found.size() < limit && (offset == 0 || !found.isEmpty())
                        ? Mono.just(page.apply(offset + found.size(), found))
                        : total.map(count -> page.apply(count, found)));
    }

    private static DatabaseClient.GenericExecuteSpec bind(DatabaseClient.GenericExecuteSpec spec, String tenant,
                                                          Map<String, Object> parameters) {
        spec = spec.bind("tenant", tenant);
        for (var parameter : parameters.entrySet()) {
            spec = spec.bind(parameter.getKey(), parameter.getValue());
        }
        return spec;
    }

    private DirectoryPages() {
    }
}
