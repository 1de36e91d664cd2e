package app.thestorage.provisioning.ingest.admin.access;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webflux.test.autoconfigure.WebFluxTest;
import org.springframework.http.HttpStatus;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * Bearer JWTs of the identity provider, checked for real: an issuer on loopback serves its discovery document and
 * keys, and the tokens are signed JWTs. A tenant admin's token reaches their tenant and is refused another; a token
 * that is expired, of another issuer, signed by another key or for another audience is refused (401).
 */
@WebFluxTest
class AdminBearerJwtTest {

    private static final String AUDIENCE = "provisioning-admin-api";
    private static final RSAKey KEY = newKey("issuer-key");
    private static final HttpServer ISSUER = issuerServing(KEY);
    private static final String ISSUER_URL = "http://127.0.0.1:" + ISSUER.getAddress().getPort();

    @Autowired
    WebTestClient client;

    @DynamicPropertySource
    static void issuer(DynamicPropertyRegistry properties) {
        properties.add("provisioning.admin.token", () -> "tsp_operator-credential-of-this-test");
        properties.add("provisioning.admin.oidc.issuer", () -> ISSUER_URL);
        properties.add("provisioning.admin.oidc.audience", () -> AUDIENCE);
    }

    @AfterAll
    static void stopIssuer() {
        ISSUER.stop(0);
    }

    @Test
    void aTenantAdminsTokenReachesTheirTenantAndNoOther() {
        String token = signed(KEY, claims -> { });
        assertThat(status(token, "/admin/tenants/acme/provisioning-log")).isEqualTo(HttpStatus.NOT_FOUND); // no such tenant here
        assertThat(status(token, "/admin/tenants/globex/provisioning-log")).isEqualTo(HttpStatus.FORBIDDEN);
    }

    @Test
    void aTokenThatIsExpiredOfAnotherIssuerSignedByAnotherKeyOrForAnotherAudienceIsRefused() {
        Instant past = Instant.now().minus(Duration.ofHours(2));
        assertThat(status(signed(KEY, claims -> claims.issueTime(Date.from(past))
                .expirationTime(Date.from(past.plusSeconds(600)))), "/admin/tenants/acme")).isEqualTo(HttpStatus.UNAUTHORIZED);
        assertThat(status(signed(KEY, claims -> claims.issuer("https://id.example.test")), "/admin/tenants/acme"))
                .isEqualTo(HttpStatus.UNAUTHORIZED);
        assertThat(status(signed(newKey("issuer-key"), claims -> { }), "/admin/tenants/acme"))
                .isEqualTo(HttpStatus.UNAUTHORIZED);
        assertThat(status(signed(KEY, claims -> claims.audience("another-api")), "/admin/tenants/acme"))
                .isEqualTo(HttpStatus.UNAUTHORIZED);
    }

    private HttpStatus status(String token, String path) {
        // the first request reads the issuer's discovery document and keys: more than the default 5 s on a busy machine
        return HttpStatus.valueOf(client.mutate().responseTimeout(Duration.ofSeconds(30)).build().get().uri(path).headers(headers -> headers.setBearerAuth(token)).exchange()
                .returnResult(byte[].class).getStatus().value());
    }

    /** A token of the issuer for the admin of acme, changed as the test says. */
    private static String signed(RSAKey key, Consumer<JWTClaimsSet.Builder> change) {
        Instant now = Instant.now();
        JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder().issuer(ISSUER_URL).subject("ada").audience(AUDIENCE)
                .issueTime(Date.from(now)).expirationTime(Date.from(now.plusSeconds(300)))
                .claim("tenant", "acme").claim("roles", List.of("provisioning-admin"));
        change.accept(claims);
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(key.getKeyID()).build(),
                claims.build());
        try {
            jwt.sign(new RSASSASigner(key));
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
        return jwt.serialize();
    }

    private static RSAKey newKey(String id) {
        try {
            return new RSAKeyGenerator(2048).keyID(id).generate();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The issuer's discovery document and its public key, on loopback. */
    private static HttpServer issuerServing(RSAKey key) {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            String issuer = "http://127.0.0.1:" + server.getAddress().getPort();
            String discovery = """
                    {"issuer":"%1$s","jwks_uri":"%1$s/jwks","authorization_endpoint":"%1$s/authorize",\
                    "token_endpoint":"%1$s/token","response_types_supported":["code"],\
                    "subject_types_supported":["public"],"id_token_signing_alg_values_supported":["RS256"]}"""
                    .formatted(issuer);
            String keys = new JWKSet(key.toPublicJWK()).toString();
            server.createContext("/.well-known/openid-configuration", exchange -> answer(exchange, discovery));
            server.createContext("/jwks", exchange -> answer(exchange, keys));
            server.start();
            return server;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void answer(com.sun.net.httpserver.HttpExchange exchange, String json) throws IOException {
        byte[] body = json.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(200, body.length);
        exchange.getResponseBody().write(body);
        exchange.close();
    }
}
