package app.thestorage.provisioning.ingest.scim;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.web.reactive.server.WebTestClient;
import tools.jackson.databind.JsonNode;

/** Discovery (RFC 7644 §4): what third-party SCIM test suites read first, and what the rest must agree with. */
@ScimSliceTest
class ScimDiscoverySliceTest {

    private static final String BASE = ScimClientSession.HOST + "/api/acme/scim/v2";

    @Autowired
    WebTestClient web;

    private ScimClientSession acme() {
        return new ScimClientSession(web, "acme", ScimSlice.TOKEN, "SCIM validator");
    }

    @Test
    void the_service_provider_config_says_patch_filter_and_etags_and_no_bulk_sort_or_password_change() {
        ScimClientSession.Answer config = acme().get("/ServiceProviderConfig");

        assertThat(config.status()).isEqualTo(200);
        assertThat(config.contentType()).startsWith("application/scim+json");
        JsonNode body = config.body();
        assertThat(body.path("patch").path("supported").asBoolean()).isTrue();
        assertThat(body.path("filter").path("supported").asBoolean()).isTrue();
        assertThat(body.path("filter").path("maxResults").asInt()).isEqualTo(ScimRequests.MAX_PAGE);
        assertThat(body.path("etag").path("supported").asBoolean()).isTrue();
        assertThat(body.path("bulk").path("supported").asBoolean(true)).isFalse();
        assertThat(body.path("sort").path("supported").asBoolean(true)).isFalse();
        assertThat(body.path("changePassword").path("supported").asBoolean(true)).isFalse();
        assertThat(body.path("authenticationSchemes").path(0).path("type").asString()).isEqualTo("oauthbearertoken");
        assertThat(body.path("meta").path("location").asString()).isEqualTo(BASE + "/ServiceProviderConfig");
    }

    @Test
    void resource_types_are_users_and_groups_each_at_its_own_location() {
        JsonNode types = acme().get("/ResourceTypes").body();

        assertThat(types.path("totalResults").asInt()).isEqualTo(2);
        assertThat(types.path("Resources").valueStream().map(type -> type.path("id").asString()))
                .containsExactlyInAnyOrder("User", "Group");
        assertThat(types.path("Resources").valueStream().map(type -> type.path("meta").path("location").asString()))
                .containsExactlyInAnyOrder(BASE + "/ResourceTypes/User", BASE + "/ResourceTypes/Group");
        assertThat(acme().get("/ResourceTypes/User").body().path("endpoint").asString()).isEqualTo("/Users");
    }

    @Test
    void an_unknown_resource_type_or_schema_is_a_404_scim_error() {
        acme().get("/ResourceTypes/Printer").assertScimError(404, null);
        acme().get("/Schemas/urn:example:printer").assertScimError(404, null);
    }

    @Test
    void schemas_describe_the_user_its_enterprise_extension_and_the_group() {
        JsonNode schemas = acme().get("/Schemas").body();

        assertThat(schemas.path("Resources").valueStream().map(schema -> schema.path("id").asString()))
                .contains("urn:ietf:params:scim:schemas:core:2.0:User",
                        "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User",
                        "urn:ietf:params:scim:schemas:core:2.0:Group");
        JsonNode user = acme().get("/Schemas/urn:ietf:params:scim:schemas:core:2.0:User").body();
        assertThat(user.path("attributes").valueStream().map(attribute -> attribute.path("name").asString()))
                .contains("userName", "name", "emails", "active", "groups");
    }

    @Test
    void the_groups_a_user_schema_advertises_are_read_only() {
        JsonNode user = acme().get("/Schemas/urn:ietf:params:scim:schemas:core:2.0:User").body();

        JsonNode groups = user.path("attributes").valueStream()
                .filter(attribute -> attribute.path("name").asString().equals("groups")).findFirst().orElseThrow();
        assertThat(groups.path("mutability").asString()).isEqualTo("readOnly");
        assertThat(groups.path("subAttributes").valueStream().map(sub -> sub.path("name").asString()))
                .contains("value", "display");
    }

    @Test
    void discovery_needs_the_tenants_token_like_every_scim_endpoint() {
        new ScimClientSession(web, "acme", null, "SCIM validator").get("/ServiceProviderConfig")
                .assertScimError(401, null);
    }
}
