package app.thestorage.provisioning.ingest.scim;

import app.thestorage.provisioning.scim.ScimException;
import app.thestorage.provisioning.scim.ScimSchemas;
import java.nio.charset.StandardCharsets;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/** Writes every SCIM error response, from controllers and from filters alike, in one shape. */
@Component
public class ScimErrorWriter {

    private final JsonMapper json;

    public ScimErrorWriter(JsonMapper json) {
        this.json = json;
    }

    public ObjectNode body(ScimException error) {
        ObjectNode body = json.createObjectNode();
        body.putArray("schemas").add(ScimSchemas.ERROR);
        body.put("status", Integer.toString(error.status()));
        if (error.scimType() != null) {
            body.put("scimType", error.scimType());
        }
        body.put("detail", error.detail());
        return body;
    }

    /**
     * Refuses a request, whoever refuses it (authentication, rate limit, a controller that refused a query parameter
     * before reading the body): what is left of its body is read and dropped first, so the answer never overtakes the
     * request on a kept-alive connection, where the client may still be sending the body while the next request
     * waits behind it. A body already read (or given up on, as one over the size limit) has nothing left to drop.
     */
    public Mono<Void> refuse(ServerWebExchange exchange, ScimException error) {
        return exchange.getRequest().getBody()
                .doOnNext(DataBufferUtils::release)
                .onErrorComplete()
                .then(Mono.defer(() -> write(exchange, error)));
    }

    public Mono<Void> write(ServerWebExchange exchange, ScimException error) {
        ScimExchange.noteError(exchange, error);
        ServerHttpResponse response = exchange.getResponse();
        response.setStatusCode(HttpStatus.valueOf(error.status()));
        HttpHeaders headers = response.getHeaders();
        headers.setContentType(ScimMediaTypes.SCIM_JSON);
        if (error.status() == 401) {
            headers.set(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"TheStorage SCIM\"");
        }
        if (error.retryAfter() != null) {
            // whole seconds, rounded up: waiting less than asked would only earn another refusal
            long seconds = (error.retryAfter().toMillis() + 999) / 1000;
            headers.set(HttpHeaders.RETRY_AFTER, Long.toString(Math.max(1, seconds)));
        }
        byte[] bytes = json.writeValueAsString(body(error)).getBytes(StandardCharsets.UTF_8);
        DataBuffer buffer = response.bufferFactory().wrap(bytes);
        return response.writeWith(Mono.just(buffer));
    }
}
