package app.thestorage.provisioning.ingest.notification;

import io.r2dbc.postgresql.api.Notification;
import io.r2dbc.postgresql.api.PostgresqlConnection;
import io.r2dbc.spi.Connection;
import io.r2dbc.spi.ConnectionFactories;
import io.r2dbc.spi.ConnectionFactory;
import io.r2dbc.spi.Result;
import java.time.Duration;
import java.util.function.Consumer;
import org.springframework.boot.r2dbc.autoconfigure.R2dbcConnectionDetails;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.util.retry.Retry;

/**
 * PostgreSQL's notifications on a channel (LISTEN / NOTIFY): a notification is delivered when the transaction that
 * sent it commits. Each listener has a connection of its own, outside the pool, for as long as it listens.
 */
@Component
public class PostgresNotifications {

    private final ConnectionFactory connections;

    public PostgresNotifications(R2dbcConnectionDetails database) {
        this.connections = ConnectionFactories.get(database.getConnectionFactoryOptions());
    }

    /**
     * The payloads notified on the channel, for as long as the flux is subscribed to. {@code onListening} runs each
     * time the channel is listened to; {@code onLost} each time the connection is lost, after which it is reopened
     * (backoff from 200 ms to 5 s): whatever is notified in between is missed.
     */
    public Flux<String> on(String channel, Runnable onListening, Consumer<Throwable> onLost) {
        return Flux.usingWhen(Mono.from(connections.create()), connection -> heard(connection, channel, onListening),
                        Connection::close)
                .doOnError(onLost)
                .retryWhen(Retry.backoff(Long.MAX_VALUE, Duration.ofMillis(200)).maxBackoff(Duration.ofSeconds(5)));
    }

    private static Flux<String> heard(Connection connection, String channel, Runnable onListening) {
        PostgresqlConnection postgres = (PostgresqlConnection) connection;
        Mono<String> listen = postgres.createStatement("LISTEN " + channel).execute()
                .flatMap(Result::getRowsUpdated)
                .then(Mono.fromRunnable(onListening));
        return Flux.merge(postgres.getNotifications().mapNotNull(Notification::getParameter), listen)
                .concatWith(Flux.error(() -> new IllegalStateException("the listening connection closed")));
    }
}
