package app.thestorage.provisioning.scim.document;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

class AttributeSelectionTest {

    private static final ObjectNode ADA = (ObjectNode) JsonMapper.builder().build().readTree("""
            {"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],"id":"u1","userName":"ada",
             "name":{"givenName":"Ada","familyName":"Lovelace"},"active":true,
             "emails":[{"value":"a@x","type":"work","primary":true}],
             "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User":{"department":"R"},
             "meta":{"resourceType":"User"}}
            """);

    @Test
    void attributes_keeps_only_what_is_asked_plus_id_and_schemas() {
        ObjectNode selected = AttributeSelection.of("userName,name.givenName,emails.value", null).apply(ADA);

        assertThat(selected.propertyNames()).containsExactlyInAnyOrder("schemas", "id", "userName", "name", "emails");
        assertThat(selected.get("name").propertyNames()).containsExactly("givenName");
        assertThat(selected.get("emails").get(0).propertyNames()).containsExactly("value");
    }

    @Test
    void attributes_can_name_an_extension_attribute_by_urn() {
        ObjectNode selected = AttributeSelection.of(
                "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department", null).apply(ADA);

        assertThat(selected.propertyNames()).containsExactlyInAnyOrder("schemas", "id",
                "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User");
    }

    @Test
    void excluded_attributes_are_removed_but_id_stays() {
        ObjectNode selected = AttributeSelection.of(null, "emails,name.familyName,id,meta").apply(ADA);

        assertThat(selected.has("emails")).isFalse();
        assertThat(selected.has("meta")).isFalse();
        assertThat(selected.get("name").propertyNames()).containsExactly("givenName");
        assertThat(selected.get("id").stringValue()).isEqualTo("u1");
    }

    @Test
    void nothing_asked_returns_the_resource_as_is() {
        assertThat(AttributeSelection.of(" ", null).apply(ADA)).isSameAs(ADA);
    }
}
