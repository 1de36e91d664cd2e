package app.thestorage.provisioning.benchmark.baseline;

import io.r2dbc.postgresql.api.Notification;
import io.r2dbc.postgresql.api.PostgresqlConnection;
import io.r2dbc.spi.ConnectionFactories;
import io.r2dbc.spi.Result;
import java.nio.charset.StandardCharsets;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.r2dbc.autoconfigure.R2dbcConnectionDetails;
import org.springframework.context.annotation.Bean;
import org.springframework.http.HttpStatus;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;
import reactor.core.publisher.MonoSink;

/**
 * A MEASURING STICK, NOT PART OF THE PRODUCT: the Kafka floor, the least a durable create costs when it goes through
 * Kafka and is answered once it is committed in PostgreSQL, so that {@code benchmark/run} can say how much of the
 * pipeline's cost per create any Kafka-mediated design pays and how much is the pipeline's own. Same libraries and
 * versions as the product (Spring WebFlux, kafka-clients, PgJDBC, r2dbc-postgresql):
 *
 * <ol>
 *   <li>{@code POST /api/{tenant}/scim/v2/Users}: the body parsed with Jackson (a userName is needed, nothing else
 *       is checked), the user's document built as {@link BaselineServer} builds it;</li>
 *   <li>ONE record produced to {@value #TOPIC} (idempotent producer, {@code acks=all}, the default linger), keyed
 *       by the tenant, the document its value, the id and userName in headers;</li>
 *   <li>a consumer in the same JVM (its poll loop on a thread of its own, no consumer group rebalancing beyond the
 *       one member, offsets committed after each batch) writes each polled batch in ONE PostgreSQL transaction: one
 *       multi-row INSERT into {@code kafka_floor_users} ({@code ON CONFLICT DO NOTHING RETURNING id}, the same unique
 *       index on the tenant and lower-cased userName as the baseline's table) and {@code NOTIFY} on the channel
 *       {@value #CHANNEL} with the ids of the batch (a conflict's id marked), a notification per 200 ids (under
 *       PostgreSQL's 8,000-byte limit);</li>
 *   <li>the request is answered when that notification arrives over LISTEN (r2dbc-postgresql, a connection of its
 *       own, as ingest-api hears its outcomes): 201 with the document, 409 {@code uniqueness} for a userName the
 *       tenant has; 503 if its batch could not be written, 504 if nothing was heard in 30 s.</li>
 * </ol>
 *
 * What it deliberately does not do: no exactly-once (no Kafka transactions; a batch written again after a crash is
 * refused by the primary key), no decision in a state of its own (the unique index decides), no state stores or
 * changelogs, no change events, no order per tenant beyond what the key's partition gives, no reads (only the
 * benchmark's filler {@code GET .../ServiceProviderConfig} and {@code GET /health}). Any bearer token is accepted.
 *
 * <p>The topic has {@value #PARTITIONS} partitions, as many as the pipeline's topics by default: a create phase of the
 * benchmark loads one tenant, so its records all go to one partition either way (the key is the tenant), and the
 * broker serves the same number of partitions to the one consumer as the pipeline's consumers fetch per topic.
 *
 * <p>Configuration from the environment: {@code KAFKA_BOOTSTRAP_SERVERS}, {@code DIRECTORY_JDBC_URL} (the batches'
 * writes), {@code DIRECTORY_R2DBC_URL} (the LISTEN), {@code DIRECTORY_DB_USER}, {@code DIRECTORY_DB_PASSWORD} and
 * {@code PORT}. Run it from the benchmark jar as the baseline server is run, with {@code -Dloader.main} naming this
 * class; it prints {@code KAFKA FLOOR READY} once it serves.
 */
@SpringBootConfiguration(proxyBeanMethods = false)
@EnableAutoConfiguration // no component scan: the two sticks share this package, each is an application of its own
public class KafkaFloorServer {

    static final String TOPIC = "kafka-floor-stick.creates";
    static final int PARTITIONS = 3;
    static final String CHANNEL = "kafka_floor";
    static final String SCHEMA = """
            CREATE TABLE IF NOT EXISTS kafka_floor_users (
                id uuid PRIMARY KEY,
                tenant text NOT NULL,
                user_name text NOT NULL,
                user_name_key text NOT NULL,
                document jsonb NOT NULL
            );
            CREATE UNIQUE INDEX IF NOT EXISTS kafka_floor_users_user_name ON kafka_floor_users (tenant, user_name_key)
            """;
    /** Ids per notification: 200 of at most 37 bytes each stay under PostgreSQL's 8,000-byte payload limit. */
    static final int IDS_PER_NOTIFICATION = 200;
    /** A conflict's id is marked with this in a notification. */
    static final char CONFLICT = '!';
    private static final Duration ANSWER_WITHIN = Duration.ofSeconds(30);

    public static void main(String[] args) {
        BaselineServer.run(KafkaFloorServer.class, "kafka-floor", 18091, "KAFKA FLOOR READY (measuring stick, not the product)",
                args);
    }

    /** The requests waiting for their batch's notification, by user id. */
    @Bean
    Waiting waiting() {
        return new Waiting();
    }

    /** LISTEN on its own connection, listening before the server answers /health. */
    @Bean(destroyMethod = "close")
    Listener listener(R2dbcConnectionDetails database, Waiting waiting) {
        return new Listener(database, waiting);
    }

    /** The topic, created at start (before the server answers /health). */
    @Bean(destroyMethod = "close")
    KafkaProducer<String, byte[]> producer(@Value("${KAFKA_BOOTSTRAP_SERVERS:localhost:9092}") String bootstrap)
            throws InterruptedException, ExecutionException {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            admin.createTopics(List.of(new NewTopic(TOPIC, Optional.of(PARTITIONS), Optional.empty()))).all().get();
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw e;
            }
        }
        Properties settings = new Properties();
        settings.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        settings.put(ProducerConfig.ACKS_CONFIG, "all");
        settings.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        settings.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        settings.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        KafkaProducer<String, byte[]> producer = new KafkaProducer<>(settings);
        producer.partitionsFor(TOPIC); // the topic's metadata, before the first request
        return producer;
    }

    @Bean(destroyMethod = "close")
    BatchWriter writer(@Value("${KAFKA_BOOTSTRAP_SERVERS:localhost:9092}") String bootstrap,
            @Value("${DIRECTORY_JDBC_URL:jdbc:postgresql://localhost:5432/thestorage}") String jdbcUrl,
            @Value("${DIRECTORY_DB_USER:thestorage}") String user,
            @Value("${DIRECTORY_DB_PASSWORD:}") String password, Waiting waiting) throws SQLException {
        return new BatchWriter(bootstrap, jdbcUrl, user, password, waiting);
    }

    @Bean
    RouterFunction<ServerResponse> routes(KafkaProducer<String, byte[]> producer, Waiting waiting,
            BatchWriter writer) {
        RouterFunction<ServerResponse> scim = RouterFunctions.route()
                .POST("/api/{tenant}/scim/v2/Users", request -> create(request, producer, waiting))
                .GET("/api/{tenant}/scim/v2/ServiceProviderConfig", request -> ServerResponse.ok()
                        .contentType(BaselineServer.SCIM_JSON).bodyValue(BaselineServer.SERVICE_PROVIDER_CONFIG))
                .filter((request, next) -> BaselineServer.bearer(request) ? next.handle(request)
                        : BaselineServer.error(HttpStatus.UNAUTHORIZED, null, "a bearer token is needed (any will do)"))
                .build();
        return RouterFunctions.route()
                .GET("/health", request -> ServerResponse.ok().bodyValue("ok"))
                .build()
                .and(scim);
    }

    private static Mono<ServerResponse> create(ServerRequest request, KafkaProducer<String, byte[]> producer,
            Waiting waiting) {
        String tenant = request.pathVariable("tenant");
        return request.bodyToMono(byte[].class).defaultIfEmpty(new byte[0]).flatMap(body -> switch (
                CreateBody.of(request, tenant, body)) {
            case CreateBody.Refused refused -> refused.answer();
            case CreateBody.NewUser user -> waiting.until(user.id().toString(), () -> {
                ProducerRecord<String, byte[]> command = new ProducerRecord<>(TOPIC, tenant, user.document());
                command.headers().add("id", user.id().toString().getBytes(StandardCharsets.UTF_8));
                command.headers().add("userName", user.userName().getBytes(StandardCharsets.UTF_8));
                producer.send(command, (metadata, failure) -> {
                    if (failure != null) {
                        waiting.answer(user.id().toString(), Outcome.FAILED);
                    }
                });
            }).flatMap(outcome -> switch (outcome) {
                case CREATED -> user.created();
                case CONFLICT -> CreateBody.conflict();
                case FAILED -> BaselineServer.error(HttpStatus.SERVICE_UNAVAILABLE, null,
                        "the create could not be written; try again");
            }).timeout(ANSWER_WITHIN, Mono.defer(() -> BaselineServer.error(HttpStatus.GATEWAY_TIMEOUT, null,
                    "no outcome heard in " + ANSWER_WITHIN.toSeconds() + " s")));
        });
    }

    /** What became of a create. */
    enum Outcome { CREATED, CONFLICT, FAILED }

    /** The creates waiting for their outcome, by user id. */
    static final class Waiting {

        private final Map<String, MonoSink<Outcome>> pending = new ConcurrentHashMap<>();

        /** The outcome of the create with this id, {@code send} run once it is awaited. */
        Mono<Outcome> until(String id, Runnable send) {
            return Mono.create(sink -> {
                pending.put(id, sink);
                sink.onDispose(() -> pending.remove(id));
                send.run();
            });
        }

        void answer(String id, Outcome outcome) {
            MonoSink<Outcome> sink = pending.remove(id);
            if (sink != null) {
                sink.success(outcome);
            }
        }

        /** A notification: the ids of a batch, separated by spaces, a conflict's marked. */
        void heard(String payload) {
            int start = 0;
            while (start < payload.length()) {
                int end = payload.indexOf(' ', start);
                if (end < 0) {
                    end = payload.length();
                }
                if (end > start) {
                    if (payload.charAt(start) == CONFLICT) {
                        answer(payload.substring(start + 1, end), Outcome.CONFLICT);
                    } else {
                        answer(payload.substring(start, end), Outcome.CREATED);
                    }
                }
                start = end + 1;
            }
        }
    }

    /** The connection that LISTENs on {@value #CHANNEL}, each notification handed to the waiting creates. */
    static final class Listener implements AutoCloseable {

        private final PostgresqlConnection connection;
        private final Disposable heard;

        Listener(R2dbcConnectionDetails database, Waiting waiting) {
            connection = (PostgresqlConnection) Mono.from(
                    ConnectionFactories.get(database.getConnectionFactoryOptions()).create()).block(Duration.ofSeconds(30));
            connection.createStatement("LISTEN " + CHANNEL).execute().flatMap(Result::getRowsUpdated).then()
                    .block(Duration.ofSeconds(30));
            heard = connection.getNotifications().mapNotNull(Notification::getParameter).subscribe(waiting::heard,
                    failure -> {
                        System.err.println("the LISTEN connection was lost (at the end of a run: PostgreSQL stopped first);"
                                + " creates from now on time out");
                        failure.printStackTrace();
                    });
        }

        @Override
        public void close() {
            heard.dispose();
            Mono.from(connection.close()).block(Duration.ofSeconds(5));
        }
    }

    /**
     * The consumer: its poll loop on a thread of its own; each polled batch written in one transaction (one
     * multi-row INSERT, its notifications), then its offsets committed.
     */
    static final class BatchWriter implements AutoCloseable {

        private static final String INSERT = """
                INSERT INTO kafka_floor_users (id, tenant, user_name, user_name_key, document)
                SELECT id::uuid, tenant, user_name, lower(user_name), document::jsonb
                FROM unnest(?::text[], ?::text[], ?::text[], ?::text[]) AS batch(id, tenant, user_name, document)
                ON CONFLICT DO NOTHING
                RETURNING id::text
                """;
        private static final String NOTIFY = "SELECT pg_notify('" + CHANNEL + "', payload) FROM unnest(?::text[]) AS payload";

        private final KafkaConsumer<String, byte[]> consumer;
        private final java.sql.Connection database;
        private final Waiting waiting;
        private final Thread thread;
        private volatile boolean running = true;

        BatchWriter(String bootstrap, String jdbcUrl, String user, String password, Waiting waiting)
                throws SQLException {
            this.waiting = waiting;
            database = DriverManager.getConnection(jdbcUrl, user, password);
            try (Statement statement = database.createStatement()) {
                for (String ddl : SCHEMA.split(";")) {
                    statement.execute(ddl.strip());
                }
            }
            database.setAutoCommit(false);
            Properties settings = new Properties();
            settings.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
            settings.put(ConsumerConfig.GROUP_ID_CONFIG, "kafka-floor-stick");
            settings.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
            settings.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
            settings.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
            settings.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
            consumer = new KafkaConsumer<>(settings);
            CountDownLatch assigned = new CountDownLatch(1);
            consumer.subscribe(List.of(TOPIC), new ConsumerRebalanceListener() {
                @Override
                public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
                }

                @Override
                public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
                    assigned.countDown();
                }
            });
            thread = new Thread(this::run, "kafka-floor-writer");
            thread.start();
            try { // the consumer in its group and assigned the topic's partitions, before the server answers /health
                if (!assigned.await(60, TimeUnit.SECONDS)) {
                    throw new IllegalStateException("the consumer was not assigned " + TOPIC + " in 60 s");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while the consumer joined its group", e);
            }
        }

        private void run() {
            try {
                while (running) {
                    ConsumerRecords<String, byte[]> batch = consumer.poll(Duration.ofSeconds(1));
                    if (!batch.isEmpty()) {
                        write(batch);
                        consumer.commitAsync();
                    }
                }
            } catch (WakeupException stopping) {
                // close() stops the loop
            } catch (RuntimeException failure) {
                System.err.println("the Kafka floor's consumer stopped; creates will time out");
                failure.printStackTrace();
            } finally {
                consumer.close();
            }
        }

        private void write(ConsumerRecords<String, byte[]> batch) {
            int size = batch.count();
            List<String> ids = new ArrayList<>(size);
            List<String> tenants = new ArrayList<>(size);
            List<String> userNames = new ArrayList<>(size);
            List<String> documents = new ArrayList<>(size);
            for (ConsumerRecord<String, byte[]> command : batch) {
                ids.add(header(command, "id"));
                tenants.add(command.key());
                userNames.add(header(command, "userName"));
                documents.add(new String(command.value(), StandardCharsets.UTF_8));
            }
            try {
                Set<String> created = new HashSet<>(size * 2);
                try (PreparedStatement insert = database.prepareStatement(INSERT)) {
                    insert.setArray(1, database.createArrayOf("text", ids.toArray()));
                    insert.setArray(2, database.createArrayOf("text", tenants.toArray()));
                    insert.setArray(3, database.createArrayOf("text", userNames.toArray()));
                    insert.setArray(4, database.createArrayOf("text", documents.toArray()));
                    try (ResultSet inserted = insert.executeQuery()) {
                        while (inserted.next()) {
                            created.add(inserted.getString(1));
                        }
                    }
                }
                List<String> payloads = new ArrayList<>(size / IDS_PER_NOTIFICATION + 1);
                StringBuilder payload = new StringBuilder();
                for (int i = 0; i < size; i++) {
                    if (i > 0 && i % IDS_PER_NOTIFICATION == 0) {
                        payloads.add(payload.toString());
                        payload.setLength(0);
                    }
                    if (!payload.isEmpty()) {
                        payload.append(' ');
                    }
                    String id = ids.get(i);
                    payload.append(created.contains(id) ? "" : String.valueOf(CONFLICT)).append(id);
                }
                payloads.add(payload.toString());
                try (PreparedStatement notify = database.prepareStatement(NOTIFY)) {
                    notify.setArray(1, database.createArrayOf("text", payloads.toArray()));
                    notify.executeQuery().close();
                }
                database.commit();
            } catch (SQLException failure) {
                System.err.println("a batch of " + size + " creates could not be written: " + failure.getMessage());
                try {
                    database.rollback();
                } catch (SQLException ignored) {
                    // the connection is gone; the next batch fails too, and says so
                }
                for (String id : ids) {
                    waiting.answer(id, Outcome.FAILED);
                }
            }
        }

        private static String header(ConsumerRecord<String, byte[]> command, String name) {
            Header header = command.headers().lastHeader(name);
            return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
        }

        @Override
        public void close() throws Exception {
            running = false;
            consumer.wakeup();
            thread.join(10_000);
            database.close();
        }
    }
}
