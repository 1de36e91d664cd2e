package app.thestorage.provisioning.projector;

import app.thestorage.provisioning.projector.tracing.RecordTracing;
import app.thestorage.provisioning.topics.PipelineTopics;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.propagation.Propagator;
import java.util.Map;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;

/**
 * user-projector: decides every tenant's commands in order and materialises the user directory. Starts only once the
 * pipeline's topics are as {@code provisioning.topics.*} says ({@link PipelineTopics}).
 */
@SpringBootApplication
@ConfigurationPropertiesScan
@Import(PipelineTopics.class)
public class UserProjectorApplication {

    public static void main(String[] args) {
        application().run(args);
    }

    /** The application, configured from {@code user-projector.yml} so it can share a JVM with the others. */
    public static SpringApplication application() {
        SpringApplication application = new SpringApplication(UserProjectorApplication.class);
        application.setDefaultProperties(Map.of("spring.config.name", "user-projector"));
        return application;
    }

    @Bean
    WritePath writePath(MeterRegistry meters) {
        return WritePath.measuredIn(meters);
    }

    @Bean
    RecordTracing recordTracing(Tracer tracer, Propagator propagator) {
        return new RecordTracing(tracer, propagator);
    }
}
