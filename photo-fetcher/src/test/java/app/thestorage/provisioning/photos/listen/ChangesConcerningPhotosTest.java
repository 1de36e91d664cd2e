package app.thestorage.provisioning.photos.listen;

import static org.assertj.core.api.Assertions.assertThat;

import app.thestorage.provisioning.contract.Topics;
import app.thestorage.provisioning.contract.event.UserChangeEvent;
import app.thestorage.provisioning.contract.event.UserChangeType;
import app.thestorage.provisioning.contract.serde.Serdes;
import app.thestorage.provisioning.contract.user.IdentityProvider;
import app.thestorage.provisioning.contract.user.User;
import app.thestorage.provisioning.contract.user.UserAttributes;
import java.time.Instant;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ChangesConcerningPhotosTest {

    @ParameterizedTest
    @CsvSource({
            "MICROSOFT_ENTRA_ID, USER_CREATED, true",
            "MICROSOFT_ENTRA_ID, USER_UPDATED, true",
            "OKTA, USER_DELETED, true",
            "OKTA, USER_CREATED, false",
            "OTHER_SCIM_CLIENT, USER_DEACTIVATED, false"})
    void reads_entra_changes_and_every_deletion_and_passes_over_the_rest(IdentityProvider source, UserChangeType type,
                                                                        boolean read) {
        UserChangeEvent event = UserChangeEvent.of(type, user(source), Instant.EPOCH);
        RecordHeaders headers = new RecordHeaders();
        byte[] published = Serdes.userChanges().serialize(Topics.USER_CHANGES, headers, event);

        UserChangeEvent seen = new ChangesConcerningPhotos().deserialize(Topics.USER_CHANGES, headers, published);

        assertThat(seen).isEqualTo(read ? event : null);
    }

    @ParameterizedTest
    @CsvSource({"OKTA", "OTHER_SCIM_CLIENT"})
    void reads_an_event_published_before_the_headers_existed(IdentityProvider source) {
        UserChangeEvent event = UserChangeEvent.of(UserChangeType.USER_CREATED, user(source), Instant.EPOCH);
        byte[] published = Serdes.userChanges().serialize(Topics.USER_CHANGES, event);

        assertThat(new ChangesConcerningPhotos().deserialize(Topics.USER_CHANGES, new RecordHeaders(), published))
                .isEqualTo(event);
    }

    private static User user(IdentityProvider source) {
        return new User("acme", "u-1", new UserAttributes("ada@acme.example", "ext-1", null, null, null, null, true, null),
                source, Instant.EPOCH, Instant.EPOCH, 1);
    }
}
