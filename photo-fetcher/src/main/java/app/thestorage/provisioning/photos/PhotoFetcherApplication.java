package app.thestorage.provisioning.photos;

import app.thestorage.provisioning.topics.PipelineTopics;
import java.util.Map;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.context.annotation.Import;

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
}
