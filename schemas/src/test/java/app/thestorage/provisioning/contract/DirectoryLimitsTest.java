package app.thestorage.provisioning.contract;

import static org.assertj.core.api.Assertions.assertThat;

import app.thestorage.provisioning.contract.command.CreateUser;
import app.thestorage.provisioning.contract.command.DeleteUser;
import app.thestorage.provisioning.contract.command.SyncDirectoryProfile;
import app.thestorage.provisioning.contract.user.Email;
import app.thestorage.provisioning.contract.user.IdentityProvider;
import app.thestorage.provisioning.contract.user.Name;
import app.thestorage.provisioning.contract.user.Photo;
import app.thestorage.provisioning.contract.user.UserAttributes;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** What the directory cannot hold is named before anything is published, and nothing it can hold is refused. */
class DirectoryLimitsTest {

    private static final UserAttributes ADA = new UserAttributes("ada@acme.example", "ext-1",
            new Name("Ada", "Lovelace"), "Ada Lovelace", "Engineer",
            List.of(new Email("ada@acme.example", "work", true)), true, "R&D");

    @Test
    void a_user_as_identity_providers_send_it_is_storable() {
        assertThat(DirectoryLimits.violation(ADA)).isEmpty();
        assertThat(DirectoryLimits.violation(withEveryString("Zoë 李 🙂 tab\tand\r\nlines"))).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"\u0000", "\u0001", "\u001b", "\u001f", "\ud800", "\udc00", "a\udbff", "\udc00\ud800"})
    void a_control_character_or_half_a_surrogate_pair_anywhere_is_refused(String bad) {
        for (String attribute : List.of("userName", "externalId", "name.givenName", "name.familyName", "displayName",
                "title", "department", "emails.value", "emails.type")) {
            UserAttributes attributes = with(attribute, "x" + bad + "y");

            assertThat(DirectoryLimits.violation(attributes)).as(attribute)
                    .hasValueSatisfying(problem -> assertThat(problem).startsWith(attribute + " contains"));
        }
    }

    @Test
    void the_problem_names_the_attribute_and_never_quotes_the_value() {
        String problem = DirectoryLimits.violation(with("displayName", "secret\u0000value")).orElseThrow();

        assertThat(problem).isEqualTo("displayName contains the control character U+0000, which TheStorage cannot store.");
    }

    @Test
    void user_names_and_external_ids_hold_256_characters_and_fit_an_index_entry() {
        String longest = "🙂".repeat(DirectoryLimits.MAX_IDENTIFIER); // 4 bytes each in UTF-8: the worst case

        assertThat(DirectoryLimits.violation(with("userName", longest))).isEmpty();
        assertThat(longest.getBytes(StandardCharsets.UTF_8).length).isLessThan(2_704 / 2);
        assertThat(DirectoryLimits.violation(with("userName", longest + "a"))).contains(
                "userName is longer than 256 characters.");
        assertThat(DirectoryLimits.violation(with("externalId", "a".repeat(257)))).isPresent();
    }

    @Test
    void a_random_4000_character_user_name_and_a_100_kb_one_are_refused() {
        Random random = new Random(7);
        StringBuilder noise = new StringBuilder();
        while (noise.length() < 4_000) {
            noise.appendCodePoint(0x20 + random.nextInt(0xD000));
        }

        assertThat(DirectoryLimits.violation(with("userName", noise.toString()))).isPresent();
        assertThat(DirectoryLimits.violation(with("userName", "a".repeat(100_000)))).isPresent();
    }

    @Test
    void other_strings_hold_1024_characters_and_a_user_100_addresses() {
        assertThat(DirectoryLimits.violation(with("displayName", "a".repeat(1_024)))).isEmpty();
        assertThat(DirectoryLimits.violation(with("displayName", "a".repeat(1_025)))).isPresent();
        List<Email> many = Collections.nCopies(101, new Email("a@acme.example", "work", false));
        assertThat(DirectoryLimits.violation(new UserAttributes("ada", null, null, null, null, many, true, null)))
                .contains("emails holds at most 100 addresses.");
    }

    @Test
    void a_command_from_another_producer_is_held_to_the_same_limits() {
        Instant now = Instant.EPOCH;
        assertThat(DirectoryLimits.violation(new CreateUser("r-1", "acme", IdentityProvider.OKTA, now, "u-1", ADA)))
                .isEmpty();
        assertThat(DirectoryLimits.violation(new CreateUser("r-1", "acme", IdentityProvider.OKTA, now, "u-1",
                with("userName", "nul\u0000byte")))).isPresent();
        assertThat(DirectoryLimits.violation(new DeleteUser("r-1", "ac\u0000me", IdentityProvider.OKTA, now, "u-1", null)))
                .contains("tenant contains the control character U+0000, which TheStorage cannot store.");
        assertThat(DirectoryLimits.violation(new SyncDirectoryProfile("r-1", "acme", IdentityProvider.MICROSOFT_ENTRA_ID,
                now, "u-1", "ext-1", "Ada\u0007", null))).isPresent();
    }

    @ParameterizedTest
    @ValueSource(strings = {"https://cdn.acme.example/ada.jpg", "HTTPS://cdn.acme.example/a%20b.jpg?size=200",
            "https://[2001:db8::1]:8443/ada.png", "https://okta.example/Zoë.jpg"})
    void a_photo_on_https_with_a_host_is_kept(String value) {
        assertThat(DirectoryLimits.violation(withPhotos(List.of(new Photo(value, "Ada", "photo", true))))).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"http://cdn.acme.example/ada.jpg", "ftp://cdn.acme.example/ada.jpg", "/ada.jpg",
            "cdn.acme.example/ada.jpg", "https:///ada.jpg", "https:ada.jpg", "https://user:secret@cdn.acme.example/a.jpg",
            "https://token@cdn.acme.example/a.jpg", "https://cdn.acme.example/a b.jpg", "javascript:alert(1)",
            "data:image/png;base64,AAAA", ""})
    void a_photo_that_is_not_an_https_address_with_a_host_and_without_credentials_is_refused(String value) {
        String problem = DirectoryLimits.violation(withPhotos(List.of(new Photo(value, null, "photo", false))))
                .orElseThrow();

        assertThat(problem).startsWith("photos.value");
        assertThat(problem).doesNotContain("secret").doesNotContain("token@");
    }

    @Test
    void a_photo_address_holds_2048_characters() {
        String prefix = "https://cdn.acme.example/";
        String longest = prefix + "a".repeat(DirectoryLimits.MAX_PHOTO_URI - prefix.length());

        assertThat(DirectoryLimits.violation(withPhotos(List.of(new Photo(longest, null, null, false))))).isEmpty();
        assertThat(DirectoryLimits.violation(withPhotos(List.of(new Photo(longest + "a", null, null, false)))))
                .contains("photos.value is longer than 2048 characters.");
    }

    @Test
    void a_user_has_at_most_five_photos_one_of_them_primary_each_a_photo_or_a_thumbnail() {
        Photo photo = new Photo("https://cdn.acme.example/ada.jpg", null, "photo", false);
        assertThat(DirectoryLimits.violation(withPhotos(Collections.nCopies(5, photo)))).isEmpty();
        assertThat(DirectoryLimits.violation(withPhotos(Collections.nCopies(6, photo))))
                .contains("photos holds at most 5 entries.");
        Photo primary = new Photo("https://cdn.acme.example/ada.jpg", null, "thumbnail", true);
        assertThat(DirectoryLimits.violation(withPhotos(List.of(primary, primary))))
                .contains("At most one entry of photos is primary.");
        assertThat(DirectoryLimits.violation(withPhotos(List.of(new Photo(photo.value(), null, "avatar", false)))))
                .contains("photos.type is \"photo\" or \"thumbnail\".");
        assertThat(DirectoryLimits.violation(withPhotos(List.of(new Photo(null, null, "photo", false)))))
                .contains("Every entry of photos needs a value.");
        assertThat(DirectoryLimits.violation(withPhotos(List.of(new Photo(photo.value(), "Ada\u0000", null, false)))))
                .hasValueSatisfying(problem -> assertThat(problem).startsWith("photos.display contains"));
    }

    @Test
    void a_photo_type_is_kept_in_lower_case() {
        assertThat(new Photo("https://cdn.acme.example/a.jpg", null, "Photo", false).type()).isEqualTo("photo");
        assertThat(new Photo("https://cdn.acme.example/a.jpg", null, "THUMBNAIL", false).type()).isEqualTo("thumbnail");
        assertThat(new Photo("https://cdn.acme.example/a.jpg", null, "Avatar", false).type()).isEqualTo("Avatar");
    }

    @Test
    void a_logged_value_keeps_what_can_be_stored() {
        assertThat(DirectoryLimits.storable("ada@acme.example", 10_000)).isEqualTo("ada@acme.example");
        assertThat(DirectoryLimits.storable("nul\u0000byte \ud800🙂", 10_000)).isEqualTo("nul\ufffdbyte \ufffd🙂");
        assertThat(DirectoryLimits.storable("🙂".repeat(10), 3)).isEqualTo("🙂🙂🙂");
        assertThat(DirectoryLimits.storable(null, 3)).isNull();
    }

    private static UserAttributes withPhotos(List<Photo> photos) {
        return new UserAttributes(ADA.userName(), ADA.externalId(), ADA.name(), ADA.displayName(), ADA.title(),
                ADA.emails(), ADA.active(), ADA.department(), photos);
    }

    private static UserAttributes withEveryString(String value) {
        return new UserAttributes(value, value, new Name(value, value), value, value,
                List.of(new Email(value, value, true)), true, value);
    }

    private static UserAttributes with(String attribute, String value) {
        UserAttributes a = ADA;
        Name n = a.name();
        Email e = a.emails().getFirst();
        return switch (attribute) {
            case "userName" -> new UserAttributes(value, a.externalId(), n, a.displayName(), a.title(), a.emails(),
                    a.active(), a.department());
            case "externalId" -> new UserAttributes(a.userName(), value, n, a.displayName(), a.title(), a.emails(),
                    a.active(), a.department());
            case "name.givenName" -> new UserAttributes(a.userName(), a.externalId(), new Name(value, n.familyName()),
                    a.displayName(), a.title(), a.emails(), a.active(), a.department());
            case "name.familyName" -> new UserAttributes(a.userName(), a.externalId(), new Name(n.givenName(), value),
                    a.displayName(), a.title(), a.emails(), a.active(), a.department());
            case "displayName" -> new UserAttributes(a.userName(), a.externalId(), n, value, a.title(), a.emails(),
                    a.active(), a.department());
            case "title" -> new UserAttributes(a.userName(), a.externalId(), n, a.displayName(), value, a.emails(),
                    a.active(), a.department());
            case "department" -> new UserAttributes(a.userName(), a.externalId(), n, a.displayName(), a.title(),
                    a.emails(), a.active(), value);
            case "emails.value" -> new UserAttributes(a.userName(), a.externalId(), n, a.displayName(), a.title(),
                    List.of(new Email(value, e.type(), true)), a.active(), a.department());
            case "emails.type" -> new UserAttributes(a.userName(), a.externalId(), n, a.displayName(), a.title(),
                    List.of(new Email(e.value(), value, true)), a.active(), a.department());
            default -> throw new IllegalArgumentException(attribute);
        };
    }
}
