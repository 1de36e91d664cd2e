package app.thestorage.provisioning.ingest.scim;

import app.thestorage.provisioning.ingest.ExchangeParameter;
import app.thestorage.provisioning.ingest.tenant.ScimClient;
import app.thestorage.provisioning.scim.document.AttributeSelection;
import app.thestorage.provisioning.scim.filter.Filter;
import app.thestorage.provisioning.scim.filter.FilterParser;
import java.util.function.Function;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.util.MultiValueMap;
import org.springframework.web.reactive.config.WebFluxConfigurer;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * A request to a SCIM resource endpoint (Users, Groups) as each of them reads it: the authenticated caller, the
 * attributes the answer shows ({@code attributes}, {@code excludedAttributes}), the page a list asks for, and where
 * the resources are. A controller method takes it as a parameter ({@link Parameter}).
 */
record ScimCall(ServerWebExchange exchange, ScimClient client) {

    static ScimCall of(ServerWebExchange exchange) {
        return new ScimCall(exchange, ScimClient.of(exchange));
    }

    String tenant() {
        return client.tenant();
    }

    /** The attributes the answer shows, as {@code attributes} and {@code excludedAttributes} select them. */
    AttributeSelection selection() {
        return AttributeSelection.of(query().getFirst("attributes"), query().getFirst("excludedAttributes"));
    }

    /** The page a list asks for: the selection, the 1-based {@code startIndex}, the size ({@code count}), the filter. */
    Page page() {
        AttributeSelection selection = selection();
        long start = ScimRequests.startIndex(query().getFirst("startIndex"));
        int count = ScimRequests.count(query().getFirst("count"));
        String filter = query().getFirst("filter");
        // an empty filter= is a malformed filter, not the absence of one
        return new Page(selection, start, count, filter == null ? null : FilterParser.parse(ScimRequests.filter(filter)));
    }

    /** The tenant's SCIM base URL, which resource locations start with. */
    String baseUrl() {
        return ScimPaths.baseUrl(exchange);
    }

    /** Names the resource the request acted on, for the provisioning log's user columns (a group's too). */
    void noteSubject(String id, String name) {
        ScimExchange.noteUser(exchange, id, name);
    }

    /** How many resources a list or lookup found, for the provisioning log (a lookup that found none is kept). */
    void noteFound(long totalResults) {
        ScimExchange.noteFound(exchange, totalResults);
    }

    private MultiValueMap<String, String> query() {
        return exchange.getRequest().getQueryParams();
    }

    /** @param filter the filter, or null when none was sent */
    record Page(AttributeSelection selection, long startIndex, int count, Filter filter) {

        /** The filter as a query of the directory, or null when none was sent. */
        <Q> Q query(Function<Filter, Q> of) {
            return filter == null ? null : of.apply(filter);
        }

        /** How many resources of the tenant come before the page. */
        long skipped() {
            return startIndex - 1;
        }
    }

    /** Lets a controller method take the {@link ScimCall} it answers as a parameter. */
    @Configuration(proxyBeanMethods = false)
    static class Parameter {

        @Bean
        WebFluxConfigurer scimCallParameter() {
            return ExchangeParameter.of(ScimCall.class, exchange -> Mono.fromCallable(() -> ScimCall.of(exchange)));
        }
    }
}
