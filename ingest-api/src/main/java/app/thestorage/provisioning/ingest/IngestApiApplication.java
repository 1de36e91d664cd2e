package app.thestorage.provisioning.ingest;

import app.thestorage.provisioning.contract.Topics;
import java.util.Map;
import org.apache.kafka.clients.admin.NewTopic;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.context.annotation.Bean;
import org.springframework.kafka.core.KafkaAdmin;

/** ingest-api: the SCIM 2.0 endpoint of every tenant, and the tenant admin API. */
@SpringBootApplication
@ConfigurationPropertiesScan
public class IngestApiApplication {

    public static void main(String[] args) {
        application().run(args);
    }

    /** The application, configured from {@code ingest-api.yml} so it can share a JVM with the others. */
    public static SpringApplication application() {
        SpringApplication application = new SpringApplication(IngestApiApplication.class);
        application.setDefaultProperties(Map.of("spring.config.name", "ingest-api"));
        return application;
    }

    /**
     * The pipeline's topics, created at start if missing, unless the platform declares them
     * ({@code provisioning.topics.declare=false}, e.g. with Strimzi's KafkaTopic resources).
     */
    @Bean
    @ConditionalOnBooleanProperty(name = "provisioning.topics.declare", matchIfMissing = true)
    KafkaAdmin.NewTopics pipelineTopics(IngestProperties ingest) {
        return new KafkaAdmin.NewTopics(Topics.declarations(ingest.partitions(), ingest.replicationFactor())
                .toArray(NewTopic[]::new));
    }
}
