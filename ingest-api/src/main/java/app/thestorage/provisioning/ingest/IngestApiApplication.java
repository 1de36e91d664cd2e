package app.thestorage.provisioning.ingest;

import app.thestorage.provisioning.topics.PipelineTopics;
import java.util.Map;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.context.annotation.Import;

/**
 * ingest-api: the SCIM 2.0 endpoint of every tenant, and the tenant admin API. Starts only once the pipeline's topics
 * are as {@code provisioning.topics.*} says ({@link PipelineTopics}).
 */
@SpringBootApplication
@ConfigurationPropertiesScan
@Import(PipelineTopics.class)
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
}
