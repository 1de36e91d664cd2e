package app.thestorage.provisioning.scim.document;

import app.thestorage.provisioning.scim.ScimSchemas;
import app.thestorage.provisioning.scim.ScimException;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import app.thestorage.provisioning.contract.user.Email;
import app.thestorage.provisioning.contract.user.IdentityProvider;
import app.thestorage.provisioning.contract.user.Name;
import app.thestorage.provisioning.contract.user.User;
import app.thestorage.provisioning.contract.user.UserAttributes;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class ScimUserDocumentTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Test
    void reads_an_okta_create_and_discards_its_placeholder_password() {
        UserAttributes attributes = ScimUserDocument.attributesOf(json("""
                {"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],"userName":"ada@acme.example",
                 "name":{"givenName":"Ada","familyName":"Lovelace"},"emails":[{"primary":true,"value":"ada@acme.example","type":"work"}],
                 "displayName":"Ada Lovelace","locale":"en-US","externalId":"00u1","groups":[],
                 "password":"xT7#random","active":true}
                """), ScimUserDocument.Intent.CREATE);

        assertThat(attributes.userName()).isEqualTo("ada@acme.example");
        assertThat(attributes.name().familyName()).isEqualTo("Lovelace");
        assertThat(attributes.emails()).singleElement().satisfies(email -> assertThat(email.primary()).isTrue());
        assertThat(attributes.toString()).doesNotContain("xT7#random");
    }

    @Test
    void attribute_names_are_read_in_any_letter_case() {
        UserAttributes attributes = ScimUserDocument.attributesOf(json("""
                {"UserName":"ada@acme.example","Name":{"GivenName":"Ada","FAMILYNAME":"Lovelace"},
                 "DisplayName":"Ada Lovelace","EXTERNALID":"ext-1","Title":"Analyst","Active":false,
                 "Emails":[{"Value":"ada@acme.example","TYPE":"work","Primary":true}],
                 "URN:IETF:PARAMS:SCIM:SCHEMAS:EXTENSION:ENTERPRISE:2.0:USER":{"Department":"R&D"}}
                """), ScimUserDocument.Intent.CREATE);

        assertThat(attributes).isEqualTo(new UserAttributes("ada@acme.example", "ext-1",
                new Name("Ada", "Lovelace"), "Ada Lovelace", "Analyst",
                List.of(new Email("ada@acme.example", "work", true)), false, "R&D"));
    }

    @Test
    void a_replace_with_a_password_in_other_letter_case_is_refused_too() {
        assertThatThrownBy(() -> ScimUserDocument.attributesOf(json("{\"userName\":\"a\",\"PassWord\":\"x\"}"),
                ScimUserDocument.Intent.REPLACE))
                .isInstanceOfSatisfying(ScimException.class, e -> assertThat(e.scimType()).isEqualTo("mutability"));
    }

    @Test
    void reads_entra_string_booleans_and_the_enterprise_department() {
        UserAttributes attributes = ScimUserDocument.attributesOf(json("""
                {"schemas":["urn:ietf:params:scim:schemas:core:2.0:User",
                            "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"],
                 "externalId":"0a1b","userName":"grace@contoso.example","active":"False",
                 "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User":{"department":"Navy"}}
                """), ScimUserDocument.Intent.CREATE);

        assertThat(attributes.active()).isFalse();
        assertThat(attributes.department()).isEqualTo("Navy");
    }

    @Test
    void a_password_in_a_replace_tells_the_admin_to_turn_sync_password_off() {
        assertThatThrownBy(() -> ScimUserDocument.attributesOf(json("{\"userName\":\"x\",\"password\":\"p\"}"),
                ScimUserDocument.Intent.REPLACE))
                .isInstanceOfSatisfying(ScimException.class, e -> {
                    assertThat(e.status()).isEqualTo(400);
                    assertThat(e.detail()).contains("Sync Password").doesNotContain("\"p\"");
                });
    }

    @Test
    void a_replace_ignores_the_read_only_groups_as_it_ignores_id_and_meta() {
        UserAttributes withGroups = ScimUserDocument.attributesOf(json("""
                {"userName":"ada@acme.example","groups":[{"value":"g1","display":"Engineering","type":"direct"}]}
                """), ScimUserDocument.Intent.REPLACE);

        assertThat(withGroups).isEqualTo(ScimUserDocument.attributesOf(json("{\"userName\":\"ada@acme.example\"}"),
                ScimUserDocument.Intent.REPLACE));
    }

    @Test
    void a_user_without_userName_is_an_invalid_value() {
        assertThatThrownBy(() -> ScimUserDocument.attributesOf(json("{\"displayName\":\"x\"}"), ScimUserDocument.Intent.CREATE))
                .isInstanceOfSatisfying(ScimException.class, e -> {
                    assertThat(e.status()).isEqualTo(400);
                    assertThat(e.scimType()).isEqualTo("invalidValue");
                });
    }

    @Test
    void a_non_boolean_active_is_an_invalid_value_not_a_server_error() {
        assertThatThrownBy(() -> ScimUserDocument.attributesOf(json("{\"userName\":\"x\",\"active\":\"maybe\"}"), ScimUserDocument.Intent.CREATE))
                .isInstanceOfSatisfying(ScimException.class, e -> assertThat(e.status()).isEqualTo(400));
    }

    @Test
    void writes_meta_with_location_version_and_the_enterprise_schema_when_needed() {
        User user = new User("acme", "u1",
                new UserAttributes("ada", null, null, null, null, null, true, "Engineering"),
                IdentityProvider.OKTA, Instant.parse("2026-11-23T10:00:00Z"), Instant.parse("2026-11-23T11:00:00Z"), 4);

        JsonNode resource = ScimUserDocument.resourceOf(user, "https://app.example/api/acme/scim/v2");

        assertThat(resource.get("meta").get("location").stringValue())
                .isEqualTo("https://app.example/api/acme/scim/v2/Users/u1");
        assertThat(resource.get("meta").get("version").stringValue()).isEqualTo("W/\"4\"");
        assertThat(resource.get("meta").get("created").stringValue()).isEqualTo("2026-11-23T10:00:00Z");
        assertThat(resource.get("schemas").toString()).contains(ScimSchemas.ENTERPRISE_USER);
        assertThat(resource.has("password")).isFalse();
    }

    private static JsonNode json(String text) {
        return JSON.readTree(text);
    }
}
