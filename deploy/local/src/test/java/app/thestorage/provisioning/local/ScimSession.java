package app.thestorage.provisioning.local;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.test.web.reactive.server.EntityExchangeResult;
import org.springframework.test.web.reactive.server.WebTestClient;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A client of ingest-api as an identity provider (or the admin console) is one: a base URL, a bearer token,
 * a User-Agent, and the content type of the bodies it sends.
 */
final class ScimSession {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Duration ANSWER_TIMEOUT = Duration.ofSeconds(30);

    /** A SCIM response: status, headers, and the JSON body (missing node when there is none). */
    record Response(int status, HttpHeaders headers, JsonNode body) {
        String id() {
            return body.path("id").asString();
        }

        String contentType() {
            return headers.getContentType() == null ? null : headers.getContentType().toString();
        }
    }

    private final WebTestClient client;
    private final String baseUrl;
    private final String contentType;
    private final Map<String, String> defaultHeaders;

    ScimSession(String baseUrl, String token, String userAgent) {
        this(baseUrl, token, userAgent, "application/scim+json");
    }

    ScimSession(String baseUrl, String token, String userAgent, String contentType) {
        this.baseUrl = baseUrl;
        this.contentType = contentType;
        this.defaultHeaders = Map.of(HttpHeaders.AUTHORIZATION, "Bearer " + token, HttpHeaders.USER_AGENT, userAgent);
        WebTestClient.Builder builder = WebTestClient.bindToServer().responseTimeout(ANSWER_TIMEOUT);
        defaultHeaders.forEach(builder::defaultHeader);
        this.client = builder.build();
    }

    /** Encodes a query parameter value (a filter, an attribute list) as an identity provider does. */
    static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    Response get(String uri) {
        return send(HttpMethod.GET, uri, null, null);
    }

    Response post(String uri, String body) {
        return send(HttpMethod.POST, uri, body, null);
    }

    Response put(String uri, String body) {
        return send(HttpMethod.PUT, uri, body, null);
    }

    Response patch(String uri, String body) {
        return send(HttpMethod.PATCH, uri, body, null);
    }

    Response delete(String uri) {
        return send(HttpMethod.DELETE, uri, null, null);
    }

    Response send(HttpMethod method, String uri, String body, String ifMatch) {
        return send(method, uri, body, ifMatch, contentType);
    }

    /** {@code uri} is relative to the SCIM base URL and already encoded, as an identity provider sends it. */
    Response send(HttpMethod method, String uri, String body, String ifMatch, String contentType) {
        WebTestClient.RequestBodySpec request = client.method(method).uri(URI.create(baseUrl + uri));
        if (ifMatch != null) {
            request.header(HttpHeaders.IF_MATCH, ifMatch);
        }
        WebTestClient.RequestHeadersSpec<?> ready = body == null ? request
                : request.header(HttpHeaders.CONTENT_TYPE, contentType).bodyValue(body);
        EntityExchangeResult<byte[]> result;
        try {
            result = ready.exchange().expectBody().returnResult();
        } catch (IllegalStateException timeout) {
            if (timeout.getMessage() == null || !timeout.getMessage().startsWith("Timeout")) {
                throw timeout;
            }
            Map<String, String> headers = new LinkedHashMap<>(defaultHeaders);
            if (ifMatch != null) {
                headers.put(HttpHeaders.IF_MATCH, ifMatch);
            }
            if (body != null) {
                headers.put(HttpHeaders.CONTENT_TYPE, contentType);
            }
            throw UnansweredRequest.report(method.name(), URI.create(baseUrl + uri), headers, body, timeout);
        }
        byte[] bytes = result.getResponseBody();
        JsonNode json = bytes == null || bytes.length == 0 ? JSON.missingNode() : JSON.readTree(bytes);
        return new Response(result.getStatus().value(), result.getResponseHeaders(), json);
    }
}
