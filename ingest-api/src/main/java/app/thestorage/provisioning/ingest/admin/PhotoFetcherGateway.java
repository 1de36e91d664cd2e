package app.thestorage.provisioning.ingest.admin;

import app.thestorage.provisioning.ingest.AdminProperties;
import app.thestorage.provisioning.ingest.directory.DirectoryReader;
import app.thestorage.provisioning.ingest.offboarding.PhotoFetcherPurge;
import app.thestorage.provisioning.ingest.tenant.TenantProblem;
import app.thestorage.provisioning.ingest.tenant.TenantRegistry;
import java.net.URI;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.reactive.function.BodyInserters;
import org.springframework.web.reactive.function.client.WebClient;
import org.springframework.web.reactive.function.client.WebClientRequestException;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

/**
 * The admin API's Directory Provider and user-photo endpoints live in photo-fetcher, the only service that
 * holds the key sealing Graph client secrets and calls Graph. This checks what only ingest-api knows (the
 * tenant exists and is not being offboarded, the user exists in the directory) and forwards the request as it
 * came, with the operator credential in place of the caller's (who may call it was decided here, AdminSecurity; a
 * tenant admin's sign-in means nothing to photo-fetcher, which checks the operator credential); the answer comes back
 * as photo-fetcher gave it.
 * A tenant's offboarding asks photo-fetcher, through here too, to forget the tenant.
 */
@RestController
public class PhotoFetcherGateway implements PhotoFetcherPurge {

    /** How long photo-fetcher may take to forget a tenant (its rows, in one transaction). */
    private static final Duration PURGE_TIME_LIMIT = Duration.ofSeconds(60);
    /** Photos are at most 5 MB; answers are buffered up to a little more. */
    private static final int MAX_ANSWER_BYTES = 6 * 1024 * 1024;
    private static final List<String> ANSWER_HEADERS = List.of(HttpHeaders.CONTENT_TYPE, HttpHeaders.ETAG,
            HttpHeaders.CACHE_CONTROL, "Photo-Origin");

    private final TenantRegistry tenants;
    private final DirectoryReader directory;
    private final WebClient photoFetcher;
    private final JsonMapper json;
    private final String credential;

    public PhotoFetcherGateway(TenantRegistry tenants, DirectoryReader directory, AdminProperties properties,
                               JsonMapper json) {
        this.tenants = tenants;
        this.credential = properties.token() == null ? "" : properties.token().trim();
        this.directory = directory;
        this.json = json;
        this.photoFetcher = WebClient.builder().baseUrl(properties.photoFetcherUrl().toString())
                .codecs(codecs -> codecs.defaultCodecs().maxInMemorySize(MAX_ANSWER_BYTES))
                .build();
    }

    @RequestMapping({"/admin/tenants/{tenant}/directory-provider", "/admin/tenants/{tenant}/directory-provider/{action}",
            "/admin/tenants/{tenant}/directory-providers", "/admin/tenants/{tenant}/photo-refusals"})
    public Mono<ResponseEntity<byte[]>> directoryProvider(@PathVariable String tenant, ServerWebExchange exchange) {
        return tenants.find(tenant)
                .switchIfEmpty(Mono.error(() -> new TenantProblem(TenantProblem.Kind.NOT_FOUND,
                        "No tenant '" + tenant + "'.")))
                .flatMap(found -> found.offboardingSince() == null ? Mono.just(found)
                        : Mono.error(TenantProblem.offboarding(tenant)))
                .then(forward(exchange));
    }

    @RequestMapping({"/admin/tenants/{tenant}/users/{userId}/avatar", "/admin/tenants/{tenant}/users/{userId}/photo"})
    public Mono<ResponseEntity<byte[]>> userPhoto(@PathVariable String tenant, @PathVariable String userId,
                                                  ServerWebExchange exchange) {
        Mono<Void> notOffboarding = exchange.getRequest().getMethod() == HttpMethod.GET ? Mono.empty()
                : tenants.find(tenant).flatMap(found -> found.offboardingSince() == null ? Mono.<Void>empty()
                        : Mono.error(TenantProblem.offboarding(tenant)));
        return notOffboarding.then(directory.findById(tenant, userId))
                .switchIfEmpty(Mono.error(() -> new TenantProblem(TenantProblem.Kind.NOT_FOUND,
                        "No user " + userId + " in tenant '" + tenant + "'.")))
                .then(forward(exchange));
    }

    @Override
    public Mono<Void> removeDirectoryProvider(String tenant) {
        return purging("/admin/tenants/" + tenant + "/directory-provider", HttpStatus.NO_CONTENT, HttpStatus.NOT_FOUND);
    }

    @Override
    public Mono<Void> purge(String tenant) {
        return purging("/admin/tenants/" + tenant, HttpStatus.NO_CONTENT);
    }

    private Mono<Void> purging(String path, HttpStatus... done) {
        List<Integer> expected = Arrays.stream(done).map(HttpStatus::value).toList();
        return photoFetcher.delete().uri(path)
                .header(HttpHeaders.AUTHORIZATION, "Bearer " + credential)
                .exchangeToMono(answer -> answer.releaseBody().then(expected.contains(answer.statusCode().value())
                        ? Mono.<Void>empty()
                        : Mono.error(new IllegalStateException("photo-fetcher answered DELETE " + path + " with "
                        + answer.statusCode().value()))))
                .timeout(PURGE_TIME_LIMIT);
    }

    private Mono<ResponseEntity<byte[]>> forward(ServerWebExchange exchange) {
        ServerHttpRequest request = exchange.getRequest();
        URI path = URI.create(request.getPath().pathWithinApplication().value()
                + (request.getURI().getRawQuery() == null ? "" : "?" + request.getURI().getRawQuery()));
        WebClient.RequestBodySpec forwarded = photoFetcher.method(request.getMethod())
                .uri(path.toString())
                .headers(headers -> {
                    headers.setBearerAuth(credential);
                    copy(request.getHeaders(), headers, HttpHeaders.CONTENT_TYPE);
                    copy(request.getHeaders(), headers, HttpHeaders.ACCEPT);
                });
        boolean withBody = request.getMethod() == HttpMethod.POST || request.getMethod() == HttpMethod.PUT;
        return (withBody ? forwarded.body(BodyInserters.fromDataBuffers(request.getBody())) : forwarded)
                .exchangeToMono(answer -> answer.toEntity(byte[].class))
                .map(answer -> {
                    HttpHeaders headers = new HttpHeaders();
                    ANSWER_HEADERS.forEach(name -> copy(answer.getHeaders(), headers, name));
                    return ResponseEntity.status(answer.getStatusCode()).headers(headers).body(answer.getBody());
                })
                .onErrorResume(WebClientRequestException.class, unreachable -> Mono.fromSupplier(this::unavailable));
    }

    private ResponseEntity<byte[]> unavailable() {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.SERVICE_UNAVAILABLE,
                "Directory providers and photos are unavailable right now (photo-fetcher cannot be reached). "
                        + "SCIM provisioning is not affected. Try again in a minute.");
        return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE).contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .body(json.writeValueAsBytes(problem));
    }

    private static void copy(HttpHeaders from, HttpHeaders to, String name) {
        List<String> values = from.get(name);
        if (values != null) {
            to.put(name, values);
        }
    }
}
