package app.thestorage.provisioning.photos.listen;

import app.thestorage.provisioning.contract.Topics;
import app.thestorage.provisioning.contract.event.UserChangeEvent;
import app.thestorage.provisioning.contract.event.UserChangeType;
import app.thestorage.provisioning.contract.user.IdentityProvider;
import app.thestorage.provisioning.photos.fetch.PhotoRefresh;
import app.thestorage.provisioning.photos.provider.DirectoryProviders;
import app.thestorage.provisioning.photos.store.PhotoStore;
import app.thestorage.provisioning.photos.wanted.EntraUsers;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
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
    private final DirectoryProviders providers;

    public UserChangeListener(EntraUsers entraUsers, PhotoStore photos, PhotoRefresh refresh,
                              DirectoryProviders providers) {
        this.entraUsers = entraUsers;
        this.photos = photos;
        this.refresh = refresh;
        this.providers = providers;
    }

    /**
     * A poll's changes at once: the register is written in one database round trip per run of upserts (in
     * order, so a delete between two changes of the same user still comes last), then the photos are asked for,
     * in tenants that have a Directory Provider (saving one starts a sync that asks for every registered user's).
     */
    @KafkaListener(topics = Topics.USER_CHANGES, groupId = "${provisioning.photos.consumer-group:photo-fetcher}",
            containerFactory = "userChangesListenerFactory")
    public void onChanges(List<UserChangeEvent> changes) {
        List<UserChangeEvent> entra = new ArrayList<>();
        List<UserChangeEvent> wantPhoto = new ArrayList<>();
        for (UserChangeEvent change : changes) {
            if (change == null) {
                continue;
            }
            if (change.type() == UserChangeType.USER_DELETED) {
                entraUsers.record(entra);
                entra.clear();
                entraUsers.forget(change.tenant(), change.userId());
                photos.forget(change.tenant(), change.userId());
                wantPhoto.removeIf(wanted -> wanted.tenant().equals(change.tenant())
                        && wanted.userId().equals(change.userId()));
            } else if (change.source() == IdentityProvider.MICROSOFT_ENTRA_ID
                    && change.user().attributes().externalId() != null) {
                entra.add(change);
                if (change.type() == UserChangeType.USER_CREATED || change.type() == UserChangeType.USER_REACTIVATED) {
                    wantPhoto.add(change);
                }
            }
        }
        entraUsers.record(entra);
        Map<String, Boolean> hasProvider = new HashMap<>();
        wantPhoto.stream()
                .filter(change -> hasProvider.computeIfAbsent(change.tenant(), tenant -> providers.find(tenant).isPresent()))
                .forEach(change -> refresh.request(change.tenant(), change.userId(), true));
    }
}
