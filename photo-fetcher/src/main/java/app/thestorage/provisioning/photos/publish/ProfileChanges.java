package app.thestorage.provisioning.photos.publish;

import app.thestorage.provisioning.contract.Topics;
import app.thestorage.provisioning.contract.command.ProvisioningCommand;
import app.thestorage.provisioning.contract.command.SetProfilePhoto;
import app.thestorage.provisioning.contract.command.SyncDirectoryProfile;
import app.thestorage.provisioning.contract.event.UserPhotoEvent;
import app.thestorage.provisioning.contract.serde.Serdes;
import app.thestorage.provisioning.contract.user.IdentityProvider;
import app.thestorage.provisioning.contract.user.ProfilePhoto;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.StringSerializer;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.core.MicrometerProducerListener;
import org.springframework.stereotype.Component;

/**
 * What photo-fetcher tells the pipeline: directory-sync and photo changes go to the projector as commands
 * (so they take their place in the tenant's one order and reach the directory and the user-change topic
 * with a new version), and photo changes are announced on the public photo topic. Sends wait for the
 * broker's acknowledgement (acks=all, idempotent): a change is only recorded as done once it is durable.
 */
@Component
public class ProfileChanges implements AutoCloseable {

    private static final long ACK_TIMEOUT_SECONDS = 30;

    private final DefaultKafkaProducerFactory<String, ProvisioningCommand> commandProducers;
    private final DefaultKafkaProducerFactory<String, UserPhotoEvent> photoProducers;
    private final KafkaTemplate<String, ProvisioningCommand> commands;
    private final KafkaTemplate<String, UserPhotoEvent> photos;

    public ProfileChanges(KafkaProperties kafka, MeterRegistry meters) {
        // Boot's spring.kafka.* settings (security, producer.*, properties.*), then what these producers need
        Map<String, Object> config = new HashMap<>(kafka.buildProducerProperties());
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        config.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        commandProducers = new DefaultKafkaProducerFactory<>(config, new StringSerializer(), Serdes.commands().serializer());
        photoProducers = new DefaultKafkaProducerFactory<>(config, new StringSerializer(), Serdes.userPhotos().serializer());
        commandProducers.addListener(new MicrometerProducerListener<>(meters));
        photoProducers.addListener(new MicrometerProducerListener<>(meters));
        commands = new KafkaTemplate<>(commandProducers);
        photos = new KafkaTemplate<>(photoProducers);
    }

    /** The display name and job title Graph holds for an Entra user; durable once {@link #await}ed. */
    public CompletableFuture<?> directoryProfile(String tenant, String userId, String objectId, String displayName,
                                                 String title, Instant now) {
        return commands.send(Topics.COMMANDS, tenant, new SyncDirectoryProfile(requestId(), tenant,
                IdentityProvider.MICROSOFT_ENTRA_ID, now, userId, objectId, displayName, title));
    }

    /** The photo a user shows changed (null: none any more). */
    public void photoChanged(String tenant, String userId, ProfilePhoto photo, Instant now) {
        IdentityProvider source = photo != null && photo.origin() == ProfilePhoto.PhotoOrigin.MICROSOFT_GRAPH
                ? IdentityProvider.MICROSOFT_ENTRA_ID : null;
        CompletableFuture<?> command = commands.send(Topics.COMMANDS, tenant,
                new SetProfilePhoto(requestId(), tenant, source, now, userId, photo));
        CompletableFuture<?> event = photos.send(Topics.USER_PHOTOS, Topics.userKey(tenant, userId),
                UserPhotoEvent.of(tenant, userId, photo, now));
        await(command);
        await(event);
    }

    private static String requestId() {
        return "photo-fetcher:" + UUID.randomUUID();
    }

    /** Waits for the broker's acknowledgement of a send. */
    public static void await(CompletableFuture<?> send) {
        try {
            send.get(ACK_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while publishing", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("Kafka did not acknowledge a profile change", e);
        }
    }

    @Override
    public void close() {
        commandProducers.destroy();
        photoProducers.destroy();
    }
}
