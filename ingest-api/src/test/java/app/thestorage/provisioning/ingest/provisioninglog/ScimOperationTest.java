package app.thestorage.provisioning.ingest.provisioninglog;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.http.HttpMethod;

class ScimOperationTest {

    @Test
    void user_requests_are_named_as_the_identity_providers_name_them() {
        assertThat(ScimOperation.of(HttpMethod.POST, "/Users")).isEqualTo(ScimOperation.CREATE_USER);
        assertThat(ScimOperation.of(HttpMethod.GET, "/Users")).isEqualTo(ScimOperation.LIST_USERS);
        assertThat(ScimOperation.of(HttpMethod.GET, "/Users/42")).isEqualTo(ScimOperation.GET_USER);
        assertThat(ScimOperation.of(HttpMethod.GET, "//Users/42/")).isEqualTo(ScimOperation.GET_USER);
        assertThat(ScimOperation.of(HttpMethod.PUT, "/Users/42")).isEqualTo(ScimOperation.REPLACE_USER);
        assertThat(ScimOperation.of(HttpMethod.PATCH, "/Users/42")).isEqualTo(ScimOperation.UPDATE_USER);
        assertThat(ScimOperation.of(HttpMethod.DELETE, "/Users/42")).isEqualTo(ScimOperation.DELETE_USER);
    }

    @Test
    void anything_else_is_discovery_groups_or_other() {
        assertThat(ScimOperation.of(HttpMethod.GET, "/ServiceProviderConfig")).isEqualTo(ScimOperation.DISCOVERY);
        assertThat(ScimOperation.of(HttpMethod.GET, "/Groups/7")).isEqualTo(ScimOperation.GROUPS);
        assertThat(ScimOperation.of(HttpMethod.GET, "/Users/42/manager")).isEqualTo(ScimOperation.OTHER);
        assertThat(ScimOperation.of(HttpMethod.POST, "/Users/42")).isEqualTo(ScimOperation.OTHER);
        assertThat(ScimOperation.of(HttpMethod.GET, "")).isEqualTo(ScimOperation.OTHER);
    }
}
