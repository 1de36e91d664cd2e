package app.thestorage.provisioning.photos.listen;

import app.thestorage.provisioning.contract.Topics;
import app.thestorage.provisioning.contract.event.UserChangeEvent;
import app.thestorage.provisioning.contract.event.UserChangeType;
import app.thestorage.provisioning.contract.user.IdentityProvider;
import app.thestorage.provisioning.photos.fetch.PhotoRefresh;
import app.thestorage.provisioning.photos.fetch.ScimPhotoRefresh;
import app.thestorage.provisioning.photos.provider.DirectoryProviders;
import app.thestorage.provisioning.photos.store.PhotoRefusals;
import app.thestorage.provisioning.photos.store.PhotoStore;
import app.thestorage.provisioning.photos.wanted.EntraUsers;
import app.thestorage.provisioning.photos.wanted.ScimPhotoSources;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/**
 * Reads the public user-change topic in photo-fetcher's own consumer group: keeps the register of users
 * provisioned from Entra and asks for a new Entra user's Graph photo at once, and keeps the register of photo
 * addresses identity providers send (SCIM {@code photos}) and asks for a changed or removed one at once. Photos are
 * fetched in the tenant's lanes, never on this thread.
 */
@Component
public class UserChangeListener {

    private final EntraUsers entraUsers;
    private final ScimPhotoSources scimSources;
    private final PhotoStore photos;
    private final PhotoRefusals refusals;
    private final PhotoRefresh refresh;
    private final ScimPhotoRefresh scimRefresh;
    private final DirectoryProviders providers;

    public UserChangeListener(EntraUsers entraUsers, ScimPhotoSources scimSources, PhotoStore photos,
                              PhotoRefusals refusals, PhotoRefresh refresh, ScimPhotoRefresh scimRefresh,
                              DirectoryProviders providers) {
        this.entraUsers = entraUsers;
        this.scimSources = scimSources;
        this.photos = photos;
        this.refusals = refusals;
        this.refresh = refresh;
        this.scimRefresh = scimRefresh;
        this.providers = providers;
    }

    /**
     * A poll's changes at once: the registers are written in one database round trip per run of upserts (in
     * order, so a delete between two changes of the same user still comes last), then the photos are asked for:
     * Graph's in tenants that have a Directory Provider (saving one starts a sync that asks for every registered
     * user's), SCIM photos wherever the address changed.
     */
    @KafkaListener(topics = Topics.USER_CHANGES, groupId = "${provisioning.photos.consumer-group:photo-fetcher}",
            containerFactory = "userChangesListenerFactory")
    public void onChanges(List<UserChangeEvent> changes) {
        List<UserChangeEvent> entra = new ArrayList<>();
        List<UserChangeEvent> scim = new ArrayList<>();
        List<UserChangeEvent> wantPhoto = new ArrayList<>();
        List<UserChangeEvent> wantScimPhoto = new ArrayList<>();
        for (UserChangeEvent change : changes) {
            if (change == null) {
                continue;
            }
            if (change.type() == UserChangeType.USER_DELETED) {
                entraUsers.record(entra);
                entra.clear();
                wantScimPhoto.addAll(scimSources.record(scim));
                scim.clear();
                entraUsers.forget(change.tenant(), change.userId());
                scimSources.forget(change.tenant(), change.userId());
                photos.forget(change.tenant(), change.userId());
                refusals.cleared(change.tenant(), change.userId());
                wantPhoto.removeIf(wanted -> sameUser(wanted, change));
                wantScimPhoto.removeIf(wanted -> sameUser(wanted, change));
                continue;
            }
            scim.add(change);
            if (change.source() == IdentityProvider.MICROSOFT_ENTRA_ID
                    && change.user().attributes().externalId() != null) {
                entra.add(change);
                if (change.type() == UserChangeType.USER_CREATED || change.type() == UserChangeType.USER_REACTIVATED) {
                    wantPhoto.add(change);
                }
            }
        }
        entraUsers.record(entra);
        wantScimPhoto.addAll(scimSources.record(scim));
        Map<String, Boolean> hasProvider = new HashMap<>();
        wantPhoto.stream()
                .filter(change -> hasProvider.computeIfAbsent(change.tenant(), tenant -> providers.find(tenant).isPresent()))
                .forEach(change -> refresh.request(change.tenant(), change.userId(), true));
        wantScimPhoto.forEach(change -> scimRefresh.request(change.tenant(), change.userId()));
    }

    private static boolean sameUser(UserChangeEvent one, UserChangeEvent other) {
        return one.tenant().equals(other.tenant()) && one.userId().equals(other.userId());
    }
}
