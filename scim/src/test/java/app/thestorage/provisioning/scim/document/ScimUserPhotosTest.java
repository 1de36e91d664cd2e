package app.thestorage.provisioning.scim.document;

import app.thestorage.provisioning.scim.ScimException;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import app.thestorage.provisioning.contract.user.IdentityProvider;
import app.thestorage.provisioning.contract.user.Photo;
import app.thestorage.provisioning.contract.user.User;
import app.thestorage.provisioning.contract.user.UserAttributes;
import app.thestorage.provisioning.scim.filter.FilterEvaluator;
import app.thestorage.provisioning.scim.filter.FilterParser;
import app.thestorage.provisioning.scim.schema.SchemaResources;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/** The SCIM photos attribute as Okta sends it: read, limited, returned, selected, filtered and advertised. */
class ScimUserPhotosTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private static final String OKTA_CREATE = """
            {"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],"userName":"ada@acme.example","active":true,
             "photos":[{"value":"https://okta.example/ada.jpg","type":"photo"},
                       {"Value":"https://okta.example/ada-small.jpg","TYPE":"Thumbnail","display":"Ada","primary":"True"}]}
            """;

    @Test
    void okta_photos_are_read_with_their_type_in_lower_case_and_returned_as_sent() {
        UserAttributes attributes = ScimUserDocument.attributesOf(JSON.readTree(OKTA_CREATE),
                ScimUserDocument.Intent.CREATE);
        ObjectNode returned = ScimUserDocument.resourceOf(new User("acme", "u-1", attributes, IdentityProvider.OKTA,
                Instant.EPOCH, Instant.EPOCH, 1), "https://scim.example");

        assertThat(attributes.photos()).containsExactly(
                new Photo("https://okta.example/ada.jpg", null, "photo", false),
                new Photo("https://okta.example/ada-small.jpg", "Ada", "thumbnail", true));
        assertThat(returned.get("photos")).isEqualTo(JSON.readTree("""
                [{"value":"https://okta.example/ada.jpg","type":"photo","primary":false},
                 {"value":"https://okta.example/ada-small.jpg","display":"Ada","type":"thumbnail","primary":true}]
                """));
    }

    @Test
    void a_user_without_photos_is_returned_without_the_attribute() {
        UserAttributes attributes = ScimUserDocument.attributesOf(JSON.readTree("""
                {"userName":"ada@acme.example","photos":[]}"""), ScimUserDocument.Intent.REPLACE);

        assertThat(attributes.photos()).isEmpty();
        assertThat(ScimUserDocument.resourceOf(new User("acme", "u-1", attributes, IdentityProvider.OKTA,
                Instant.EPOCH, Instant.EPOCH, 1), "").has("photos")).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "{\"value\":\"http://okta.example/ada.jpg\"}",
            "{\"value\":\"https://admin:secret@okta.example/ada.jpg\"}",
            "{\"value\":\"okta.example/ada.jpg\"}",
            "{\"value\":\"https://okta.example/ada.jpg\",\"type\":\"avatar\"}",
            "{\"type\":\"photo\"}",
            "{\"value\":7}",
            "\"https://okta.example/ada.jpg\"",
            "{\"value\":\"https://okta.example/a.jpg\",\"primary\":true},{\"value\":\"https://okta.example/b.jpg\",\"primary\":true}",
            "{\"value\":\"https://okta.example/1.jpg\"},{\"value\":\"https://okta.example/2.jpg\"},"
                    + "{\"value\":\"https://okta.example/3.jpg\"},{\"value\":\"https://okta.example/4.jpg\"},"
                    + "{\"value\":\"https://okta.example/5.jpg\"},{\"value\":\"https://okta.example/6.jpg\"}"})
    void photos_the_directory_does_not_keep_are_a_400_invalid_value_naming_photos(String entries) {
        JsonNode body = JSON.readTree("{\"userName\":\"ada@acme.example\",\"photos\":[" + entries + "]}");

        assertThatThrownBy(() -> ScimUserDocument.attributesOf(body, ScimUserDocument.Intent.CREATE))
                .isInstanceOfSatisfying(ScimException.class, refused -> {
                    assertThat(refused.status()).isEqualTo(400);
                    assertThat(refused.scimType()).isEqualTo("invalidValue");
                    assertThat(refused.detail()).containsIgnoringCase("photos").doesNotContain("secret");
                });
    }

    @Test
    void photos_are_selected_excluded_and_filtered_like_emails() {
        ObjectNode resource = ScimUserDocument.resourceOf(new User("acme", "u-1",
                ScimUserDocument.attributesOf(JSON.readTree(OKTA_CREATE), ScimUserDocument.Intent.CREATE),
                IdentityProvider.OKTA, Instant.EPOCH, Instant.EPOCH, 1), "");

        ObjectNode selected = AttributeSelection.of("photos.value", null).apply(resource);
        ObjectNode excluded = AttributeSelection.of(null, "photos").apply(resource);

        assertThat(selected.propertyNames()).containsExactlyInAnyOrder("schemas", "id", "photos");
        assertThat(selected.get("photos").get(0).propertyNames()).containsExactly("value");
        assertThat(excluded.has("photos")).isFalse();
        assertThat(FilterEvaluator.matches(FilterParser.parse("photos.type eq \"PHOTO\""), resource)).isTrue();
        assertThat(FilterEvaluator.matches(FilterParser.parse("photos[type eq \"thumbnail\" and primary eq true]"),
                resource)).isTrue();
        assertThat(FilterEvaluator.matches(FilterParser.parse("photos sw \"https://okta.example/ada\""), resource))
                .isTrue();
        assertThat(FilterEvaluator.matches(FilterParser.parse("photos[type eq \"photo\" and primary eq true]"),
                resource)).isFalse();
    }

    @Test
    void schemas_advertise_photos_with_their_four_sub_attributes() {
        JsonNode photos = null;
        for (JsonNode attribute : SchemaResources.all().getFirst().path("attributes")) {
            if (attribute.path("name").asString().equals("photos")) {
                photos = attribute;
            }
        }

        assertThat(photos).isNotNull();
        assertThat(photos.path("multiValued").asBoolean()).isTrue();
        assertThat(photos.path("type").asString()).isEqualTo("complex");
        assertThat(photos.path("subAttributes")).extracting(sub -> sub.path("name").asString())
                .containsExactly("value", "display", "type", "primary");
        JsonNode value = photos.path("subAttributes").path(0);
        assertThat(value.path("type").asString()).isEqualTo("reference");
        assertThat(value.path("referenceTypes")).extracting(JsonNode::asString).containsExactly("external");
        assertThat(photos.path("subAttributes").path(2).path("canonicalValues")).extracting(JsonNode::asString)
                .containsExactly("photo", "thumbnail");
        assertThat(List.of(photos.path("subAttributes").path(3).path("type").asString())).containsExactly("boolean");
    }
}
