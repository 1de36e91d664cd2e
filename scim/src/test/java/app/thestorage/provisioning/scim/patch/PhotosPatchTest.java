package app.thestorage.provisioning.scim.patch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import app.thestorage.provisioning.contract.user.Photo;
import app.thestorage.provisioning.contract.user.UserAttributes;
import app.thestorage.provisioning.scim.ScimException;
import app.thestorage.provisioning.scim.document.ScimUserDocument;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/** A user's photos change through every PATCH path form other multi-valued attributes take, within their limits. */
class PhotosPatchTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private static final String ADA = """
            {"userName":"ada@acme.example","active":true,
             "photos":[{"value":"https://okta.example/ada.jpg","type":"photo"},
                       {"value":"https://okta.example/ada-small.jpg","type":"thumbnail","display":"Ada, small"}]}
            """;

    private static final String GRACE = """
            {"userName":"grace@acme.example","active":true}
            """;

    @Test
    void okta_replaces_the_photo_through_a_type_filter_and_the_thumbnail_stays() {
        UserAttributes patched = patch(ADA, """
                {"Operations":[{"op":"replace","path":"photos[type eq \\"photo\\"].value","value":"https://okta.example/ada-2.jpg"}]}
                """);

        assertThat(patched.photos()).containsExactly(
                new Photo("https://okta.example/ada-2.jpg", null, "photo", false),
                new Photo("https://okta.example/ada-small.jpg", "Ada, small", "thumbnail", false));
    }

    @Test
    void replacing_the_photo_of_a_user_without_photos_adds_one_of_that_type_kept_in_lower_case() {
        UserAttributes patched = patch(GRACE, """
                {"Operations":[{"op":"Replace","path":"photos[type eq \\"Photo\\"].value","value":"https://okta.example/grace.jpg"}]}
                """);

        assertThat(patched.photos()).containsExactly(new Photo("https://okta.example/grace.jpg", null, "photo", false));
    }

    @Test
    void add_with_a_value_list_appends_and_replace_without_a_filter_replaces_them_all() {
        UserAttributes added = patch(ADA, """
                {"Operations":[{"op":"add","path":"photos","value":[{"value":"https://cdn.acme.example/ada.png","primary":true}]}]}
                """);
        UserAttributes replaced = patch(ADA, """
                {"Operations":[{"op":"replace","path":"photos","value":[{"value":"https://cdn.acme.example/ada.png","type":"thumbnail"}]}]}
                """);

        assertThat(added.photos()).extracting(Photo::value).containsExactly("https://okta.example/ada.jpg",
                "https://okta.example/ada-small.jpg", "https://cdn.acme.example/ada.png");
        assertThat(added.photos().get(2).primary()).isTrue();
        assertThat(replaced.photos()).containsExactly(
                new Photo("https://cdn.acme.example/ada.png", null, "thumbnail", false));
    }

    @Test
    void a_path_less_replace_sets_the_photos() {
        UserAttributes patched = patch(GRACE, """
                {"Operations":[{"op":"replace","value":{"photos":[{"value":"https://okta.example/grace.jpg","type":"photo"}]}}]}
                """);

        assertThat(patched.photos()).containsExactly(new Photo("https://okta.example/grace.jpg", null, "photo", false));
    }

    @Test
    void remove_takes_the_matching_photos_a_sub_attribute_of_them_or_all_of_them() {
        UserAttributes withoutThumbnail = patch(ADA, """
                {"Operations":[{"op":"remove","path":"photos[type eq \\"thumbnail\\"]"}]}
                """);
        UserAttributes withoutDisplay = patch(ADA, """
                {"Operations":[{"op":"remove","path":"photos[type eq \\"thumbnail\\"].display"}]}
                """);
        UserAttributes withoutPhotos = patch(ADA, """
                {"Operations":[{"op":"remove","path":"photos"}]}
                """);

        assertThat(withoutThumbnail.photos()).extracting(Photo::type).containsExactly("photo");
        assertThat(withoutDisplay.photos()).extracting(Photo::display).containsOnlyNulls();
        assertThat(withoutPhotos.photos()).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {
            """
            {"op":"replace","path":"photos[type eq \\"photo\\"].value","value":"http://okta.example/ada.jpg"}""",
            """
            {"op":"replace","path":"photos[type eq \\"photo\\"].value","value":"https://user:secret@okta.example/ada.jpg"}""",
            """
            {"op":"replace","path":"photos[type eq \\"photo\\"].value","value":42}""",
            """
            {"op":"replace","path":"photos[type eq \\"photo\\"].type","value":"avatar"}""",
            """
            {"op":"add","path":"photos","value":[{"type":"photo"}]}""",
            """
            {"op":"add","path":"photos","value":["https://okta.example/ada.jpg"]}""",
            """
            {"op":"add","path":"photos","value":[{"value":"https://okta.example/a.jpg"},{"value":"https://okta.example/b.jpg"},
              {"value":"https://okta.example/c.jpg"},{"value":"https://okta.example/d.jpg"},{"value":"https://okta.example/e.jpg"},
              {"value":"https://okta.example/f.jpg"}]}""",
            """
            {"op":"replace","value":{"photos":[{"value":"ftp://okta.example/ada.jpg"}]}}""",
            """
            {"op":"replace","path":"photos[type eq \\"photo\\"]","value":{"value":"javascript:alert(1)"}}"""})
    void the_edge_check_refuses_photos_the_directory_would_refuse_naming_them(String operation) {
        assertThatThrownBy(() -> UserPatch.check(JSON.readTree("{\"Operations\":[" + operation + "]}")))
                .isInstanceOfSatisfying(ScimException.class, refused -> {
                    assertThat(refused.status()).isEqualTo(400);
                    assertThat(refused.scimType()).isEqualTo("invalidValue");
                    assertThat(refused.detail()).contains("photos").doesNotContain("secret");
                });
    }

    @Test
    void the_edge_check_takes_a_long_address_other_text_could_not_hold_and_a_type_in_any_case() {
        String longAddress = "https://cdn.acme.example/" + "a".repeat(1_500);

        UserPatch.check(JSON.readTree("""
                {"Operations":[{"op":"replace","path":"photos[type eq \\"photo\\"].value","value":"%s"},
                               {"op":"add","path":"photos","value":[{"value":"%s","type":"THUMBNAIL","primary":true}]}]}
                """.formatted(longAddress, longAddress)));

        assertThat(patch(GRACE, """
                {"Operations":[{"op":"add","path":"photos","value":[{"value":"%s","type":"THUMBNAIL"}]}]}
                """.formatted(longAddress)).photos()).containsExactly(new Photo(longAddress, null, "thumbnail", false));
    }

    @Test
    void what_depends_on_the_photos_a_user_has_is_refused_when_applied() {
        String threeMore = """
                {"Operations":[{"op":"add","path":"photos","value":[{"value":"https://okta.example/a.jpg"},
                  {"value":"https://okta.example/b.jpg"},{"value":"https://okta.example/c.jpg"},{"value":"https://okta.example/d.jpg"}]}]}""";
        String secondPrimary = """
                {"Operations":[{"op":"add","path":"photos","value":{"value":"https://okta.example/b.jpg","primary":true}}]}""";
        String primaryUser = """
                {"userName":"ada@acme.example","photos":[{"value":"https://okta.example/a.jpg","primary":true}]}""";
        UserPatch.check(JSON.readTree(threeMore));
        UserPatch.check(JSON.readTree(secondPrimary));

        assertThatThrownBy(() -> patch(ADA, threeMore)).isInstanceOfSatisfying(ScimException.class,
                refused -> assertThat(refused.detail()).isEqualTo("photos holds at most 5 entries."));
        assertThatThrownBy(() -> patch(primaryUser, secondPrimary)).isInstanceOfSatisfying(ScimException.class,
                refused -> assertThat(refused.detail()).isEqualTo("At most one entry of photos is primary."));
        assertThatThrownBy(() -> patch(GRACE, """
                {"Operations":[{"op":"replace","path":"photos[type eq \\"avatar\\"].value","value":"https://okta.example/g.jpg"}]}
                """)).isInstanceOfSatisfying(ScimException.class,
                refused -> assertThat(refused.scimType()).isEqualTo("invalidValue"));
    }

    private static UserAttributes patch(String resource, String request) {
        JsonNode patched = UserPatch.apply((ObjectNode) JSON.readTree(resource), JSON.readTree(request));
        return ScimUserDocument.attributesOf(patched, ScimUserDocument.Intent.REPLACE);
    }
}
