package app.thestorage.provisioning.photos;

import app.thestorage.provisioning.contract.event.UserChangeEvent;
import app.thestorage.provisioning.photos.wanted.ChangesConcerningPhotos;
import app.thestorage.provisioning.topics.PipelineTopics;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.kafka.config.ConcurrentKafkaListenerContainerFactory;
import org.springframework.kafka.core.DefaultKafkaConsumerFactory;
import org.springframework.kafka.core.MicrometerConsumerListener;

/**
 * photo-fetcher: profile photos and directory attributes from Microsoft Graph, for Entra-provisioned users. Starts only
 * once the pipeline's topics are as {@code provisioning.topics.*} says ({@link PipelineTopics}).
 */
@SpringBootApplication
@ConfigurationPropertiesScan
@Import(PipelineTopics.class)
public class PhotoFetcherApplication {

    public static void main(String[] args) {
        application().run(args);
    }

    /** The application, configured from {@code photo-fetcher.yml} so it can share a JVM with the others. */
    public static SpringApplication application() {
        SpringApplication application = new SpringApplication(PhotoFetcherApplication.class);
        application.setDefaultProperties(Map.of("spring.config.name", "photo-fetcher"));
        return application;
    }

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
                new DefaultKafkaConsumerFactory<>(config, new StringDeserializer(), new ChangesConcerningPhotos());
        consumers.addListener(new MicrometerConsumerListener<>(meters));
        factory.setConsumerFactory(consumers);
        factory.setBatchListener(true);
        return factory;
    }
}
