package app.thestorage.provisioning.photos.wanted;

import app.thestorage.provisioning.contract.Topics;
import app.thestorage.provisioning.contract.event.UserChangeEvent;
import app.thestorage.provisioning.contract.event.UserChangeType;
import app.thestorage.provisioning.contract.user.IdentityProvider;
import app.thestorage.provisioning.photos.fetch.PhotoRefresh;
import app.thestorage.provisioning.photos.store.PhotoStore;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/**
 * Reads the public user-change topic in photo-fetcher's own consumer group: keeps the register of users
 * provisioned from Entra, and asks for a new Entra user's photo at once (the photo is fetched in the
 * tenant's lane, never on this thread). Okta and other users are never registered: Graph never touches them.
 */
@Component
public class UserChangeListener {

    private final EntraUsers entraUsers;
    private final PhotoStore photos;
    private final PhotoRefresh refresh;

    public UserChangeListener(EntraUsers entraUsers, PhotoStore photos, PhotoRefresh refresh) {
        this.entraUsers = entraUsers;
        this.photos = photos;
        this.refresh = refresh;
    }

    @KafkaListener(topics = Topics.USER_CHANGES, groupId = "${provisioning.photos.consumer-group:photo-fetcher}",
            containerFactory = "userChangesListenerFactory")
    public void onChange(UserChangeEvent change) {
        if (change == null) {
            return;
        }
        if (change.type() == UserChangeType.USER_DELETED) {
            entraUsers.forget(change.tenant(), change.userId());
            photos.forget(change.tenant(), change.userId());
            return;
        }
        if (change.source() != IdentityProvider.MICROSOFT_ENTRA_ID || change.user().attributes().externalId() == null) {
            return;
        }
        entraUsers.record(change);
        if (change.type() == UserChangeType.USER_CREATED || change.type() == UserChangeType.USER_REACTIVATED) {
            refresh.request(change.tenant(), change.userId(), true);
        }
    }
}
