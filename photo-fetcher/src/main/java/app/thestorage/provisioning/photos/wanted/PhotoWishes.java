package app.thestorage.provisioning.photos.wanted;

import app.thestorage.provisioning.contract.event.UserChangeEvent;
import app.thestorage.provisioning.contract.event.UserChangeType;
import app.thestorage.provisioning.contract.user.IdentityProvider;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.stereotype.Component;

/**
 * The photos to fetch: one per Entra-provisioned user, kept at the newest version of the user seen (a
 * redelivered or older change never replaces a newer wish). Okta and other users keep their manual avatars,
 * so they are never wished for.
 */
@Component
public class PhotoWishes {

    private final Map<String, PhotoWish> wishes = new ConcurrentHashMap<>();
    private final Counter wanted;

    public PhotoWishes(MeterRegistry meters) {
        this.wanted = Counter.builder("photos.wanted")
                .description("Users whose profile photo should be fetched from Microsoft Graph")
                .register(meters);
    }

    public void consider(UserChangeEvent change, Instant now) {
        String key = change.tenant() + "/" + change.userId();
        if (change.type() == UserChangeType.USER_DELETED || change.type() == UserChangeType.USER_DEACTIVATED) {
            wishes.remove(key);
            return;
        }
        String objectId = change.user().attributes().externalId();
        if (change.source() != IdentityProvider.MICROSOFT_ENTRA_ID || objectId == null) {
            return;
        }
        PhotoWish wish = new PhotoWish(change.tenant(), change.userId(), objectId, change.version(), now);
        PhotoWish kept = wishes.merge(key, wish, (old, fresh) -> fresh.userVersion() > old.userVersion() ? fresh : old);
        if (kept == wish) {
            wanted.increment();
        }
    }

    public Optional<PhotoWish> of(String tenant, String userId) {
        return Optional.ofNullable(wishes.get(tenant + "/" + userId));
    }
}
