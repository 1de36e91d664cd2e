package app.thestorage.provisioning.ingest.command;

import app.thestorage.provisioning.contract.command.Decision;
import app.thestorage.provisioning.contract.command.Outcome;
import app.thestorage.provisioning.contract.serde.DecisionNotice;
import app.thestorage.provisioning.contract.serde.ContractJson;
import app.thestorage.provisioning.ingest.directory.DirectoryStatements;
import app.thestorage.provisioning.ingest.notification.PostgresNotifications;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;
import reactor.core.Disposable;
import reactor.core.Disposables;
import reactor.core.publisher.Mono;

/**
 * Hears the decision on every command, noticed by the directory materializer as the directory transaction
 * commits ({@link DecisionNotice}), and completes the request waiting for its outcome, if it waits here. Every
 * ingest-api instance hears every notice. While the listening connection is down, notices are missed: the
 * requests already waiting answer 503 at their timeout (the identity provider's retry is idempotent), and new
 * commands wait for {@link #listening()} before they are sent.
 */
@Component
public class DecisionListener implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(DecisionListener.class);
    private static final Duration FIRST_LISTEN = Duration.ofSeconds(30);

    private final Map<String, CompletableFuture<Outcome>> waiting = new ConcurrentHashMap<>();
    private final PostgresNotifications notifications;
    private final DatabaseClient db;
    private volatile CompletableFuture<Void> listening = new CompletableFuture<>();
    private final Disposable.Swap listener = Disposables.swap();

    public DecisionListener(PostgresNotifications notifications, DatabaseClient db) {
        this.notifications = notifications;
        this.db = db;
    }

    CompletableFuture<Outcome> expect(String requestId) {
        CompletableFuture<Outcome> outcome = new CompletableFuture<>();
        waiting.put(requestId, outcome);
        return outcome;
    }

    void forget(String requestId) {
        waiting.remove(requestId);
    }

    /** Completes when outcomes are heard: at once, except while the listening connection is being reopened. */
    CompletableFuture<Void> listening() {
        return listening;
    }

    /** Whether outcomes are heard now: false while the listening connection to PostgreSQL is lost. */
    public boolean isListening() {
        CompletableFuture<Void> listening = this.listening;
        return listening.isDone() && !listening.isCompletedExceptionally();
    }

    private void heard(String payload) {
        String requestId = DecisionNotice.requestIdOf(payload);
        CompletableFuture<Outcome> outcome = requestId == null ? null : waiting.remove(requestId);
        if (outcome == null) {
            return; // a request of another instance, or one that stopped waiting
        }
        try {
            DecisionNotice notice = DecisionNotice.parse(payload);
            if (notice.stored()) {
                db.sql(DirectoryStatements.STORED_OUTCOME).bind("id", requestId)
                        .map(row -> row.get("decision", String.class))
                        .one()
                        .switchIfEmpty(Mono.error(() -> new IllegalStateException("it is not stored")))
                        .map(json -> ContractJson.mapper().readValue(json, Decision.class).outcome())
                        .subscribe(outcome::complete, failure -> log.warn(
                                "Could not read the stored outcome of request {}; it will answer 503", requestId, failure));
            } else {
                outcome.complete(notice.decision().outcome());
            }
        } catch (RuntimeException e) {
            log.error("Could not read the outcome of request {}; it will answer 503", requestId, e);
        }
    }

    /** Returns once the channel is listened to, so that no outcome of a command sent afterwards is missed. */
    @Override
    public void start() {
        listener.update(notifications.on(DecisionNotice.CHANNEL, () -> listening.complete(null), failure -> {
                    if (listening.isDone()) {
                        listening = new CompletableFuture<>();
                    }
                    log.warn("Not listening to outcomes ({}); SCIM writes waiting now answer 503 at their timeout, "
                            + "new ones wait until listening again", failure.toString());
                })
                .subscribe(this::heard));
        try {
            listening.get(FIRST_LISTEN.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException | ExecutionException e) {
            throw new IllegalStateException("Could not listen to outcomes within " + FIRST_LISTEN, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while starting to listen to outcomes", e);
        }
    }

    @Override
    public void stop() {
        listener.update(null);
    }

    @Override
    public boolean isRunning() {
        return listener.get() != null;
    }

    /** Before the command gateway, which sends commands whose outcomes this hears. */
    @Override
    public int getPhase() {
        return -1;
    }
}
