package app.thestorage.provisioning.ingest.scim;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.test.web.reactive.server.EntityExchangeResult;
import org.springframework.test.web.reactive.server.WebTestClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.MissingNode;

/** A SCIM client of one tenant, as an identity provider is one: its token, its User-Agent, SCIM JSON bodies. */
final class ScimClientSession {

    /** Where the identity provider reaches ingest-api: every URL of a response starts with it. */
    static final String HOST = "https://scim.thestorage.example";
    static final String ERROR = "urn:ietf:params:scim:api:messages:2.0:Error";
    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** A response: status, headers and the JSON body (missing when there is none). */
    record Answer(int status, HttpHeaders headers, JsonNode body) {

        String id() {
            assertThat(status).as("status of the write whose id is wanted: %s", body).isBetween(200, 201);
            return body.path("id").asString();
        }

        String contentType() {
            return headers.getContentType() == null ? null : headers.getContentType().toString();
        }

        /** A SCIM Error (RFC 7644 §3.12): its media type, schema, status as a string, scimType and a detail. */
        Answer assertScimError(int expectedStatus, String expectedScimType) {
            assertThat(status).as("status of %s", body).isEqualTo(expectedStatus);
            assertThat(contentType()).as("content type").startsWith("application/scim+json");
            assertThat(body.path("schemas").path(0).asString()).isEqualTo(ERROR);
            assertThat(body.path("status").isString()).as("status is a string").isTrue();
            assertThat(body.path("status").asString()).isEqualTo(Integer.toString(expectedStatus));
            if (expectedScimType == null) {
                assertThat(body.has("scimType")).as("scimType of %s", body).isFalse();
            } else {
                assertThat(body.path("scimType").asString()).as("scimType of %s", body).isEqualTo(expectedScimType);
            }
            assertThat(body.path("detail").asString()).as("detail").isNotBlank();
            return this;
        }
    }

    private final WebTestClient web;
    private final String base;
    private final String token;
    private final String userAgent;

    ScimClientSession(WebTestClient web, String tenant, String token, String userAgent) {
        this.web = web;
        this.base = HOST + "/api/" + tenant + "/scim/v2";
        this.token = token;
        this.userAgent = userAgent;
    }

    static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    Answer get(String uri) {
        return send("GET", uri, null, null);
    }

    Answer post(String uri, String body) {
        return send("POST", uri, body, null);
    }

    Answer put(String uri, String body) {
        return send("PUT", uri, body, null);
    }

    Answer patch(String uri, String body) {
        return send("PATCH", uri, body, null);
    }

    Answer delete(String uri) {
        return send("DELETE", uri, null, null);
    }

    /** {@code uri} is below the tenant's SCIM base URL and already encoded, as an identity provider sends it. */
    Answer send(String method, String uri, String body, String ifMatch) {
        WebTestClient.RequestBodySpec request = web.method(HttpMethod.valueOf(method))
                .uri(URI.create(base + uri))
                .header(HttpHeaders.USER_AGENT, userAgent);
        if (token != null) {
            request = request.header(HttpHeaders.AUTHORIZATION, "Bearer " + token);
        }
        if (ifMatch != null) {
            request = request.header(HttpHeaders.IF_MATCH, ifMatch);
        }
        WebTestClient.RequestHeadersSpec<?> ready = body == null ? request
                : request.header(HttpHeaders.CONTENT_TYPE, "application/scim+json").bodyValue(body);
        EntityExchangeResult<byte[]> result = ready.exchange().expectBody().returnResult();
        byte[] bytes = result.getResponseBody();
        JsonNode json = bytes == null || bytes.length == 0 ? MissingNode.getInstance() : JSON.readTree(bytes);
        return new Answer(result.getStatus().value(), result.getResponseHeaders(), json);
    }
}
