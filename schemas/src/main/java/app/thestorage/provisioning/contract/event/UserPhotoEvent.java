package app.thestorage.provisioning.contract.event;

import app.thestorage.provisioning.contract.user.ProfilePhoto;
import java.time.Instant;

/**
 * The public event on {@link app.thestorage.provisioning.contract.Topics#USER_PHOTOS}, described by
 * {@code schemas/user-photo-event.v1.schema.json}: the photo a user shows changed. {@code photo} is null
 * when the user no longer has one. The bytes are not in the event: photo-fetcher stores them under
 * {@code photo.sha256}, and the admin API serves the current one.
 */
public record UserPhotoEvent(
        int schemaVersion,
        String eventId,
        String tenant,
        String userId,
        ProfilePhoto photo,
        Instant occurredAt) {

    public static final int SCHEMA_VERSION = 1;

    public static UserPhotoEvent of(String tenant, String userId, ProfilePhoto photo, Instant occurredAt) {
        String content = photo == null ? "none" : photo.sha256();
        return new UserPhotoEvent(SCHEMA_VERSION, userId + ":" + content + ":" + occurredAt.toEpochMilli(), tenant,
                userId, photo, occurredAt);
    }
}
