package app.thestorage.provisioning.photos.store;

import static org.assertj.core.api.Assertions.assertThat;

import app.thestorage.provisioning.contract.user.ProfilePhoto.PhotoOrigin;
import org.junit.jupiter.api.Test;

/** Which photo the directory shows: the SCIM photo, else Graph's, else the manual avatar. */
class UserPhotosTest {

    @Test
    void a_scim_photo_wins_over_graphs_and_the_avatar() {
        UserPhotos photos = UserPhotos.NONE.withManualAvatar("avatar").withGraphPhoto("graph", "W/\"1\"")
                .withScimPhoto("scim").shown();

        assertThat(photos.shownSha256()).isEqualTo("scim");
        assertThat(photos.wantedOrigin()).isEqualTo(PhotoOrigin.SCIM);
    }

    @Test
    void removing_the_scim_photo_brings_back_graphs_and_then_the_avatar() {
        UserPhotos withAll = UserPhotos.NONE.withManualAvatar("avatar").withGraphPhoto("graph", "W/\"1\"")
                .withScimPhoto("scim").shown();

        UserPhotos withoutScim = withAll.withScimPhoto(null).shown();
        UserPhotos withoutEither = withoutScim.withGraphPhoto(null, null).shown();

        assertThat(withoutScim.shownSha256()).isEqualTo("graph");
        assertThat(withoutScim.wantedOrigin()).isEqualTo(PhotoOrigin.MICROSOFT_GRAPH);
        assertThat(withoutEither.shownSha256()).isEqualTo("avatar");
        assertThat(withoutEither.wantedOrigin()).isEqualTo(PhotoOrigin.MANUAL);
        assertThat(withoutEither.withManualAvatar(null).shown().shownSha256()).isNull();
    }

    @Test
    void graphs_photo_is_kept_up_to_date_under_a_scim_photo() {
        UserPhotos photos = UserPhotos.NONE.withScimPhoto("scim").withGraphPhoto("graph-2", "W/\"2\"").shown();

        assertThat(photos.shownSha256()).isEqualTo("scim");
        assertThat(photos.knownMediaEtag()).isEqualTo("W/\"2\"");
    }
}
