package app.thestorage.provisioning.topics;

import org.apache.kafka.clients.admin.Admin;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.core.KafkaAdmin;

/**
 * The pipeline's topics in a service, imported by each of the three: the settings {@code provisioning.topics.*} and
 * the {@link TopicCheck} run while the application context starts, before any Kafka client or the web server does,
 * so that a service whose topics are not as set never starts. The admin client has the service's
 * {@code spring.kafka.*} settings (security included). No {@code NewTopic} bean is declared: Spring Kafka's
 * KafkaAdmin would add partitions to a topic that has fewer.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(TopicSettings.class)
public class PipelineTopics {

    @Bean
    TopicCheck pipelineTopicCheck(TopicSettings settings, KafkaAdmin kafka) {
        TopicCheck check = new TopicCheck(settings);
        try (Admin admin = Admin.create(kafka.getConfigurationProperties())) {
            check.run(admin);
        }
        return check;
    }
}
