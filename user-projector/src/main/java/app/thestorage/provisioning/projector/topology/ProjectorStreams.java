package app.thestorage.provisioning.projector.topology;

import app.thestorage.provisioning.contract.Topics;
import app.thestorage.provisioning.projector.ProjectorProperties;
import app.thestorage.provisioning.projector.WritePath;
import app.thestorage.provisioning.projector.tracing.RecordTracing;
import app.thestorage.provisioning.topics.TopicSettings;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.kafka.KafkaStreamsMetrics;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.CloseOptions;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/** Runs the {@link ProvisioningTopology} for as long as the application runs. */
@Component
public class ProjectorStreams implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(ProjectorStreams.class);

    private final Map<String, Object> config;
    private final MeterRegistry meters;
    private final RecordTracing tracing;
    private final WritePath writePath;
    private final Duration erasureBound;
    private volatile KafkaStreams streams;
    private volatile KafkaStreamsMetrics metrics;

    public ProjectorStreams(KafkaProperties kafka, ProjectorProperties projector, TopicSettings topics,
                            MeterRegistry meters, RecordTracing tracing, WritePath writePath) {
        this.meters = meters;
        this.tracing = tracing;
        this.writePath = writePath;
        this.erasureBound = topics.erasureBound();
        // Boot's spring.kafka.* settings (security, streams.*, properties.*), then what the projector needs
        Map<String, Object> config = new HashMap<>(kafka.buildStreamsProperties());
        config.put(StreamsConfig.APPLICATION_ID_CONFIG, projector.applicationId());
        config.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        config.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, projector.commitInterval().toMillis());
        // the stream thread commits between polls: a poll that waits longer than the commit interval for
        // input that is not coming (every client waits for its outcome) holds the finished decisions back
        config.put(StreamsConfig.POLL_MS_CONFIG, Math.max(1, projector.commitInterval().toMillis() / 2));
        config.put(StreamsConfig.STATE_DIR_CONFIG, projector.stateDir().toString());
        // its internal topics (the stores' changelogs) as replicated as the pipeline's own
        config.put(StreamsConfig.REPLICATION_FACTOR_CONFIG, (int) topics.replicationFactor());
        config.put(StreamsConfig.DEFAULT_KEY_SERDE_CLASS_CONFIG, Serdes.StringSerde.class);
        config.put(StreamsConfig.ROCKSDB_CONFIG_SETTER_CLASS_CONFIG, BoundedStoreMemory.class);
        config.put(BoundedStoreMemory.BUDGET_CONFIG, projector.stateStoreMemory().toBytes());
        // a command that cannot be read, decided or whose result cannot be produced is set aside (logged, counted in
        // provisioning.dead.letters, written to the dead-letter topic); the tenant's next command is decided as usual
        config.put(StreamsConfig.DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG, UnreadableCommands.class);
        config.put(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_CLASS_CONFIG, UndecidableCommands.class);
        config.put(StreamsConfig.PRODUCTION_EXCEPTION_HANDLER_CLASS_CONFIG, UnproducibleRecords.class);
        config.put(StreamsConfig.ERRORS_DEAD_LETTER_QUEUE_TOPIC_NAME_CONFIG, Topics.COMMANDS_DEAD_LETTER);
        config.put(StreamsConfig.consumerPrefix(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG), "earliest");
        config.put(StreamsConfig.producerPrefix(ProducerConfig.LINGER_MS_CONFIG), 5);
        this.config = Map.copyOf(config);
    }

    @Override
    public void start() {
        KafkaStreams streams = new KafkaStreams(ProvisioningTopology.build(tracing, writePath, erasureBound), properties());
        streams.setUncaughtExceptionHandler(e -> {
            log.error("A projector stream thread died; replacing it (its tasks resume from the last commit)", e);
            return StreamThreadExceptionResponse.REPLACE_THREAD;
        });
        // Kafka Streams' own metrics (threads, tasks, state stores)
        metrics = new KafkaStreamsMetrics(streams);
        metrics.bindTo(meters);
        streams.start();
        this.streams = streams;
    }

    @Override
    public void stop() {
        KafkaStreams streams = this.streams;
        if (streams != null) {
            // leave the group at once, so a replacement instance takes the tasks over without a session timeout
            streams.close(CloseOptions.groupMembershipOperation(CloseOptions.GroupMembershipOperation.LEAVE_GROUP)
                    .withTimeout(Duration.ofSeconds(30)));
            this.streams = null;
        }
        if (metrics != null) {
            metrics.close();
            metrics = null;
        }
    }

    @Override
    public boolean isRunning() {
        return streams != null;
    }

    /** The Streams client's state; null before it starts and after it stops. */
    public KafkaStreams.State state() {
        KafkaStreams streams = this.streams;
        return streams == null ? null : streams.state();
    }

    private Properties properties() {
        Properties properties = new Properties();
        properties.putAll(config);
        return properties;
    }
}
