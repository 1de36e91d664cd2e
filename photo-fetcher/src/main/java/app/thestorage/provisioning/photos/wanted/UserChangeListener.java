package app.thestorage.provisioning.photos.wanted;

import app.thestorage.provisioning.contract.Topics;
import app.thestorage.provisioning.contract.event.UserChangeEvent;
import java.time.Clock;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/** Reads the public user-change topic in photo-fetcher's own consumer group. */
@Component
public class UserChangeListener {

    private final PhotoWishes wishes;
    private final Clock clock;

    public UserChangeListener(PhotoWishes wishes) {
        this.wishes = wishes;
        this.clock = Clock.systemUTC();
    }

    @KafkaListener(topics = Topics.USER_CHANGES, groupId = "${provisioning.photos.consumer-group:photo-fetcher}",
            containerFactory = "userChangesListenerFactory")
    public void onChange(UserChangeEvent change) {
        if (change != null) {
            wishes.consider(change, clock.instant());
        }
    }
}
