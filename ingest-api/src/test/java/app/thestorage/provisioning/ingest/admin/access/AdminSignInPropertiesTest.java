package app.thestorage.provisioning.ingest.admin.access;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The sign-in settings: off unless an issuer is set, and a setting that cannot work is refused at start, saying why. */
class AdminSignInPropertiesTest {

    private static AdminSignInProperties of(String issuer, String clientId, String clientSecret, List<String> scopes) {
        return new AdminSignInProperties(issuer, clientId, clientSecret, "TheStorage ID", scopes, "tenant", "roles",
                "provisioning-admin", null);
    }

    @Test
    void withoutAnIssuerNothingIsOn() {
        AdminSignInProperties off = of("", null, null, null);
        assertThat(off.enabled()).isFalse();
        assertThat(off.consoleSignIn()).isFalse();
        assertThat(of("https://id.thestorage.app", null, null, null).consoleSignIn()).isFalse();
        assertThat(of("https://id.thestorage.app", "console", null, null).consoleSignIn()).isTrue();
    }

    @Test
    void settingsThatCannotWorkAreRefused() {
        assertThatThrownBy(() -> of("id.thestorage.app", null, null, null))
                .hasMessageContaining("provisioning.admin.oidc.issuer must be the provider's http(s) issuer URL");
        assertThatThrownBy(() -> of("https://id.thestorage.app?x=1", null, null, null))
                .hasMessageContaining("without query or fragment");
        assertThatThrownBy(() -> of("https://id.thestorage.app", null, "secret", null))
                .hasMessage("provisioning.admin.oidc.client-secret is set without a client-id");
        assertThatThrownBy(() -> of(null, "console", null, null))
                .hasMessage("provisioning.admin.oidc.client-id is set without an issuer");
        assertThatThrownBy(() -> of("https://id.thestorage.app", "console", null, List.of("profile")))
                .hasMessage("provisioning.admin.oidc.scopes must include openid");
        assertThatThrownBy(() -> new AdminSignInProperties(null, null, null, null, null, " ", "roles", "admin", null))
                .hasMessage("provisioning.admin.oidc.tenant-claim must not be empty");
    }

    @Test
    void theSecretNeverShows() {
        assertThat(of("https://id.thestorage.app", "console", "s3cr3t-value", null).toString())
                .doesNotContain("s3cr3t-value").contains("clientSecret=****");
    }

    @Test
    void theTenantAndRoleAreReadFromTheConfiguredClaims() {
        AdminClaims claims = new AdminClaims(new AdminSignInProperties("https://id.thestorage.app", null, null, null,
                null, "https://thestorage.app/tenant", "groups", "storage-admins", null));
        assertThat(claims.identify("sub-1", Map.of("https://thestorage.app/tenant", "acme",
                "groups", "viewers storage-admins", "preferred_username", "ada")))
                .isEqualTo(new AdminIdentity.TenantAdmin("ada", "acme"));
        assertThat(claims.identify("sub-1", Map.of("https://thestorage.app/tenant", List.of("acme", "globex"),
                "groups", List.of("storage-admins"))))
                .isInstanceOf(AdminIdentity.NotAdmin.class)
                .extracting(identity -> ((AdminIdentity.NotAdmin) identity).why()).asString()
                .contains("more than one tenant");
        assertThat(claims.identify("sub-1", Map.of("https://thestorage.app/tenant", "acme", "groups", "viewers")))
                .isEqualTo(new AdminIdentity.NotAdmin("sub-1",
                        "the identity provider does not give you the role 'storage-admins' (claim 'groups')"));
    }
}
