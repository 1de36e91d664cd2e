package app.thestorage.provisioning.photos.fetch;

import app.thestorage.provisioning.photos.publish.ProfileChanges;
import app.thestorage.provisioning.photos.store.PhotoStore;
import app.thestorage.provisioning.photos.store.UserPhotos;
import java.time.Clock;
import java.util.function.UnaryOperator;
import org.springframework.stereotype.Component;

/**
 * Changes a user's photos (a Graph photo, a SCIM photo, a manual avatar) and, when the photo the directory shows
 * changes by the rule ({@link UserPhotos}), announces it: to the user ({@code user.photo}, through the projector) and on
 * {@code users.photos.v1}, in the store's transaction.
 */
@Component
public class ShownPhotos {

    private final PhotoStore store;
    private final ProfileChanges changes;
    private final Clock clock = Clock.systemUTC();

    public ShownPhotos(PhotoStore store, ProfileChanges changes) {
        this.store = store;
        this.changes = changes;
    }

    public UserPhotos change(String tenant, String userId, UnaryOperator<UserPhotos> change) {
        return store.change(tenant, userId, change, clock.instant(), after ->
                changes.photoChanged(tenant, userId, store.shownPhoto(after).orElse(null), clock.instant()));
    }
}
