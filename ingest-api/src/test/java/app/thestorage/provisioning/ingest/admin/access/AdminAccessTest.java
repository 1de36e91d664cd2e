package app.thestorage.provisioning.ingest.admin.access;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.when;
import static org.springframework.security.test.web.reactive.server.SecurityMockServerConfigurers.csrf;
import static org.springframework.security.test.web.reactive.server.SecurityMockServerConfigurers.mockJwt;
import static org.springframework.security.test.web.reactive.server.SecurityMockServerConfigurers.mockOidcLogin;
import static org.springframework.security.test.web.reactive.server.SecurityMockServerConfigurers.springSecurity;

import app.thestorage.provisioning.ingest.tenant.TenantRegistry;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webflux.test.autoconfigure.WebFluxTest;
import org.springframework.context.ApplicationContext;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.security.test.web.reactive.server.SecurityMockServerConfigurers;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.reactive.result.method.RequestMappingInfo;
import org.springframework.web.reactive.result.method.annotation.RequestMappingHandlerMapping;
import org.springframework.web.util.pattern.PathPattern;
import reactor.core.publisher.Flux;

/**
 * The admin API's access rules, on every endpoint the admin controllers map (read from the handler mapping, so an
 * endpoint added later is covered without touching this test): a tenant admin reaches their own tenant's endpoints and
 * is refused (403) on every other tenant's; the operator credential reaches them all; creating a tenant is for
 * operators; a console session's changes need the CSRF token. The controllers' back ends answer nothing here (no
 * tenant is found, {@link AdminApiSlice}): what is tested is who gets past the rules.
 */
@WebFluxTest(properties = {
                "provisioning.admin.token=" + AdminAccessTest.OPERATOR,
                "provisioning.admin.oidc.issuer=https://id.example.test",
                "provisioning.admin.oidc.client-id=thestorage-console",
                "provisioning.admin.photo-fetcher-url=http://127.0.0.1:9"})
class AdminAccessTest {

    static final String OPERATOR = "tsp_operator-credential-of-this-test";
    private static final Set<HttpMethod> CHANGES = Set.of(HttpMethod.POST, HttpMethod.PUT, HttpMethod.PATCH,
            HttpMethod.DELETE);

    @Autowired
    ApplicationContext context;
    WebTestClient client;
    @Autowired
    RequestMappingHandlerMapping mappings;
    @Autowired
    TenantRegistry tenants;

    @BeforeEach
    void clientWithSpringSecurityTestSupport() {
        client = WebTestClient.bindToApplicationContext(context).apply(springSecurity()).configureClient().build();
    }

    /** A person the identity provider names admin of the tenant, as a bearer JWT carries it. */
    private static SecurityMockServerConfigurers.JwtMutator adminOf(String tenant) {
        return mockJwt().jwt(jwt -> jwt.subject("ada").claim("name", "Ada Admin").claim("tenant", tenant)
                .claim("roles", List.of("provisioning-admin", "viewer")));
    }

    /** The same person signed in to the console (session cookie). */
    private static SecurityMockServerConfigurers.OidcLoginMutator signedInAdminOf(String tenant) {
        return mockOidcLogin().idToken(token -> token.subject("ada").claim("name", "Ada Admin").claim("tenant", tenant)
                .claim("roles", "provisioning-admin"));
    }

    /** Every endpoint of one tenant the admin controllers map: method and path, for the tenant given. */
    private List<Map.Entry<HttpMethod, String>> tenantEndpoints(String tenant) {
        List<Map.Entry<HttpMethod, String>> endpoints = new ArrayList<>();
        for (RequestMappingInfo mapping : mappings.getHandlerMethods().keySet()) {
            Set<RequestMethod> methods = mapping.getMethodsCondition().getMethods();
            List<HttpMethod> asked = methods.isEmpty()
                    ? List.of(HttpMethod.GET, HttpMethod.POST, HttpMethod.PUT, HttpMethod.DELETE)
                    : methods.stream().map(RequestMethod::asHttpMethod).toList();
            for (PathPattern pattern : mapping.getPatternsCondition().getPatterns()) {
                String text = pattern.getPatternString();
                if (text.startsWith("/admin/tenants/{tenant}")) {
                    String path = text.replace("{tenant}", tenant).replaceAll("\\{[^}]+}", "x1");
                    asked.forEach(method -> endpoints.add(Map.entry(method, path)));
                }
            }
        }
        return endpoints;
    }

    private WebTestClient.ResponseSpec call(WebTestClient as, HttpMethod method, String path) {
        WebTestClient.RequestBodySpec request = as.method(method).uri(path);
        return CHANGES.contains(method)
                ? request.contentType(MediaType.APPLICATION_JSON).bodyValue("{}").exchange()
                : request.exchange();
    }

    @Test
    void theEndpointsOfATenantAreFoundInTheControllers() {
        assertThat(tenantEndpoints("acme")).map(endpoint -> endpoint.getKey() + " " + endpoint.getValue())
                .contains("GET /admin/tenants/acme", "DELETE /admin/tenants/acme", "POST /admin/tenants/acme/scim/enable",
                        "GET /admin/tenants/acme/users", "POST /admin/tenants/acme/state/publish",
                        "PUT /admin/tenants/acme/directory-provider", "GET /admin/tenants/acme/users/x1/photo");
    }

    @Test
    void aTenantAdminIsRefusedEveryEndpointOfAnotherTenant() {
        WebTestClient acmeAdmin = client.mutateWith(adminOf("acme")).mutateWith(csrf());
        for (Map.Entry<HttpMethod, String> endpoint : tenantEndpoints("globex")) {
            call(acmeAdmin, endpoint.getKey(), endpoint.getValue())
                    .expectStatus().isForbidden()
                    .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                    .expectBody().jsonPath("$.detail").value(String.class, detail -> assertThat(detail).isIn(
                            "You administer the tenant 'acme' only, not 'globex'.",
                            "Only TheStorage operators may do this; you administer the tenant 'acme'."));
        }
    }

    @Test
    void aTenantAdminReachesEveryEndpointOfTheirTenantButOffboardingAndRepublishing() {
        WebTestClient acmeAdmin = client.mutateWith(adminOf("acme")).mutateWith(csrf());
        for (Map.Entry<HttpMethod, String> endpoint : tenantEndpoints("acme")) {
            boolean operators = endpoint.getKey() == HttpMethod.DELETE && endpoint.getValue().equals("/admin/tenants/acme")
                    || endpoint.getValue().startsWith("/admin/tenants/acme/state/");
            HttpStatus status = HttpStatus.valueOf(call(acmeAdmin, endpoint.getKey(), endpoint.getValue())
                    .returnResult(byte[].class).getStatus().value());
            if (operators) {
                assertThat(status).as(endpoint + ": TheStorage's operators offboard and republish").isEqualTo(
                        HttpStatus.FORBIDDEN);
            } else {
                assertThat(status).as(endpoint.toString()).isNotIn(HttpStatus.UNAUTHORIZED, HttpStatus.FORBIDDEN);
            }
        }
        assertThat(tenantEndpoints("acme")).as("offboarding and republishing are among the endpoints")
                .contains(Map.entry(HttpMethod.DELETE, "/admin/tenants/acme"),
                        Map.entry(HttpMethod.POST, "/admin/tenants/acme/state/publish"));
    }

    @Test
    void theOperatorCredentialReachesEveryEndpointOfEveryTenantWithoutCsrf() {
        WebTestClient operator = client.mutate().defaultHeaders(headers -> headers.setBearerAuth(OPERATOR)).build();
        for (Map.Entry<HttpMethod, String> endpoint : tenantEndpoints("globex")) {
            HttpStatus status = HttpStatus.valueOf(call(operator, endpoint.getKey(), endpoint.getValue())
                    .returnResult(byte[].class).getStatus().value());
            assertThat(status).as(endpoint.toString()).isNotIn(HttpStatus.UNAUTHORIZED, HttpStatus.FORBIDDEN);
        }
    }

    @Test
    void withoutACredentialOrWithAWrongOneTheAdminApiAnswers401() {
        client.get().uri("/admin/tenants/acme").exchange()
                .expectStatus().isUnauthorized()
                .expectHeader().valueEquals("WWW-Authenticate", "Bearer realm=\"TheStorage admin\"")
                .expectBody().jsonPath("$.detail").isEqualTo("Missing or invalid admin credential: sign in first.");
        client.get().uri("/admin/tenants").headers(headers -> headers.setBearerAuth("tsp_wrong")).exchange()
                .expectStatus().isUnauthorized()
                .expectBody().jsonPath("$.detail").isEqualTo("Missing or invalid admin credential.");
    }

    @Test
    void creatingATenantIsForOperatorsOnly() {
        client.mutateWith(adminOf("acme")).mutateWith(csrf()).post().uri("/admin/tenants")
                .contentType(MediaType.APPLICATION_JSON).bodyValue("{\"slug\":\"initech\"}").exchange()
                .expectStatus().isForbidden()
                .expectBody().jsonPath("$.detail")
                .isEqualTo("Only TheStorage operators may do this; you administer the tenant 'acme'.");
        HttpStatus operator = HttpStatus.valueOf(client.post().uri("/admin/tenants")
                .headers(headers -> headers.setBearerAuth(OPERATOR))
                .contentType(MediaType.APPLICATION_JSON).bodyValue("{\"slug\":\"initech\"}").exchange()
                .returnResult(byte[].class).getStatus().value());
        assertThat(operator).isNotIn(HttpStatus.UNAUTHORIZED, HttpStatus.FORBIDDEN);
    }

    @Test
    void theTenantListHoldsOnlyTheTenantsTheCallerAdministers() {
        Instant created = Instant.parse("2026-01-01T00:00:00Z");
        when(tenants.all()).thenReturn(Flux.just(
                new TenantRegistry.Tenant("acme", null, true, created, created, null),
                new TenantRegistry.Tenant("globex", null, false, null, created, null)));
        client.mutateWith(adminOf("acme")).get().uri("/admin/tenants").exchange()
                .expectStatus().isOk()
                .expectBody().jsonPath("$[*].slug").isEqualTo(List.of("acme"));
        client.get().uri("/admin/tenants").headers(headers -> headers.setBearerAuth(OPERATOR)).exchange()
                .expectStatus().isOk()
                .expectBody().jsonPath("$[*].slug").isEqualTo(List.of("acme", "globex"));
    }

    @Test
    void someoneWithoutTheAdminRoleIsRefusedEvenTheirOwnTenant() {
        client.mutateWith(mockJwt().jwt(jwt -> jwt.claim("name", "Bob").claim("tenant", "acme")
                        .claim("roles", List.of("viewer"))))
                .get().uri("/admin/tenants/acme").exchange()
                .expectStatus().isForbidden()
                .expectBody().jsonPath("$.detail").isEqualTo("You are signed in as Bob, but you are not a "
                        + "provisioning admin: the identity provider does not give you the role 'provisioning-admin' "
                        + "(claim 'roles').");
    }

    @Test
    void aConsoleSessionChangesNothingWithoutItsCsrfToken() {
        client.mutateWith(signedInAdminOf("acme")).post().uri("/admin/tenants/acme/scim/enable").exchange()
                .expectStatus().isForbidden()
                .expectBody().jsonPath("$.detail").isEqualTo(
                        "The request came without this sign-in's CSRF token: reload the console and try again.");
        HttpStatus withToken = HttpStatus.valueOf(client.mutateWith(signedInAdminOf("acme")).mutateWith(csrf())
                .post().uri("/admin/tenants/acme/scim/enable").exchange().returnResult(byte[].class).getStatus().value());
        assertThat(withToken).isNotIn(HttpStatus.UNAUTHORIZED, HttpStatus.FORBIDDEN);
        client.mutateWith(signedInAdminOf("acme")).mutateWith(csrf())
                .post().uri("/admin/tenants/globex/scim/enable").exchange()
                .expectStatus().isForbidden()
                .expectBody().jsonPath("$.detail").isEqualTo("You administer the tenant 'acme' only, not 'globex'.");
    }

    @Test
    void theConsoleLearnsHowToSignInAndWhoIsSignedIn() {
        client.get().uri("/admin/sign-in").exchange()
                .expectStatus().isOk()
                .expectBody()
                .jsonPath("$.providers[0].name").isEqualTo("TheStorage ID")
                .jsonPath("$.providers[0].start").isEqualTo("/oauth2/authorization/thestorage");
        client.mutateWith(signedInAdminOf("acme")).get().uri("/admin/session").exchange()
                .expectStatus().isOk()
                .expectHeader().cacheControl(org.springframework.http.CacheControl.noStore())
                .expectBody()
                .jsonPath("$.kind").isEqualTo("tenant-admin")
                .jsonPath("$.name").isEqualTo("Ada Admin")
                .jsonPath("$.tenant").isEqualTo("acme")
                .jsonPath("$.csrfHeader").isEqualTo("X-CSRF-TOKEN")
                .jsonPath("$.csrfToken").isNotEmpty();
        client.get().uri("/admin/session").headers(headers -> headers.setBearerAuth(OPERATOR)).exchange()
                .expectStatus().isOk()
                .expectBody().jsonPath("$.kind").isEqualTo("operator");
    }
}
