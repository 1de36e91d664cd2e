package app.thestorage.provisioning.photos.listen;

import app.thestorage.provisioning.contract.event.UserChangeEvent;
import app.thestorage.provisioning.contract.serde.ChangeEventSerde;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.config.ConcurrentKafkaListenerContainerFactory;
import org.springframework.kafka.core.DefaultKafkaConsumerFactory;
import org.springframework.kafka.core.MicrometerConsumerListener;

/**
 * How photo-fetcher reads the public user-change topic: committed records only, in batches, from the start. Every
 * change is read: Entra users' for Graph, and any identity provider's for the photo addresses it sends (SCIM photos).
 */
@Configuration(proxyBeanMethods = false)
public class UserChangesConsumer {

    @Bean
    ConcurrentKafkaListenerContainerFactory<String, UserChangeEvent> userChangesListenerFactory(KafkaProperties kafka,
                                                                                                MeterRegistry meters) {
        // Boot's spring.kafka.* settings (security, consumer.*, properties.*), then what this consumer needs
        Map<String, Object> config = new HashMap<>(kafka.buildConsumerProperties());
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        ConcurrentKafkaListenerContainerFactory<String, UserChangeEvent> factory =
                new ConcurrentKafkaListenerContainerFactory<>();
        DefaultKafkaConsumerFactory<String, UserChangeEvent> consumers =
                new DefaultKafkaConsumerFactory<>(config, new StringDeserializer(), ChangeEventSerde.userChanges());
        consumers.addListener(new MicrometerConsumerListener<>(meters));
        factory.setConsumerFactory(consumers);
        factory.setBatchListener(true);
        return factory;
    }
}
