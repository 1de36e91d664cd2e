package app.thestorage.provisioning.contract.user;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The picture photo-fetcher downloads for a user: the one the identity provider marks, else the best kind. */
class PhotoTest {

    private static final Photo THUMBNAIL = new Photo("https://cdn.acme.example/small.jpg", null, "thumbnail", false);
    private static final Photo PHOTO = new Photo("https://cdn.acme.example/large.jpg", null, "photo", false);
    private static final Photo UNTYPED = new Photo("https://cdn.acme.example/other.jpg", null, null, false);
    private static final Photo PRIMARY_THUMBNAIL = new Photo("https://cdn.acme.example/chosen.jpg", null, "thumbnail",
            true);

    @Test
    void the_primary_one_is_chosen_whatever_its_type_and_place() {
        assertThat(Photo.chosen(List.of(PHOTO, UNTYPED, PRIMARY_THUMBNAIL))).contains(PRIMARY_THUMBNAIL);
    }

    @Test
    void without_a_primary_one_a_photo_comes_before_a_thumbnail_and_a_thumbnail_before_an_untyped_one() {
        assertThat(Photo.chosen(List.of(UNTYPED, THUMBNAIL, PHOTO))).contains(PHOTO);
        assertThat(Photo.chosen(List.of(UNTYPED, THUMBNAIL))).contains(THUMBNAIL);
    }

    @Test
    void among_equals_the_first_is_chosen_and_none_is_chosen_from_none() {
        Photo second = new Photo("https://cdn.acme.example/second.jpg", null, null, false);

        assertThat(Photo.chosen(List.of(UNTYPED, second))).contains(UNTYPED);
        assertThat(Photo.chosen(List.of(PHOTO, new Photo("https://cdn.acme.example/b.jpg", null, "PHOTO", false))))
                .contains(PHOTO);
        assertThat(Photo.chosen(List.of())).isEmpty();
    }
}
