package app.thestorage.provisioning.ingest.directory;

import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.MonoSink;

/**
 * Lookups by key that arrive while earlier ones are being answered go to PostgreSQL together, as one statement
 * for the whole batch: under load one round trip and one execution answer dozens of requests, while a lone
 * lookup is sent at once, as it would be without batching (there is no timer to wait for).
 *
 * <p>Read-your-writes holds: a batch's statement starts after every lookup in it arrived, so it sees everything
 * committed before any of them.
 */
final class BatchedLookups<K, V> {

    /** What a batch's statement found for the key at {@code index} of the batch (0-based); keys may find nothing. */
    record Found<V>(int index, V value) {
    }

    private record Lookup<K, V>(K key, MonoSink<List<V>> answer) {
    }

    private final Function<List<K>, Flux<Found<V>>> statement;
    private final int batchSize;
    private final int maxInFlight;
    private final Queue<Lookup<K, V>> waiting = new ConcurrentLinkedQueue<>();
    private final AtomicInteger inFlight = new AtomicInteger();

    /**
     * @param statement   finds the values of a batch of keys
     * @param batchSize   at most this many keys in one statement
     * @param maxInFlight at most this many statements running at once (each holds a pooled connection)
     */
    BatchedLookups(Function<List<K>, Flux<Found<V>>> statement, int batchSize, int maxInFlight) {
        this.statement = statement;
        this.batchSize = batchSize;
        this.maxInFlight = maxInFlight;
    }

    /** The values found for the key, in the statement's order; empty if none. */
    Mono<List<V>> find(K key) {
        return Mono.create(answer -> {
            waiting.offer(new Lookup<>(key, answer));
            send();
        });
    }

    /** Starts statements for waiting lookups while fewer than maxInFlight run; called on arrival and on completion. */
    private void send() {
        while (true) {
            int running = inFlight.get();
            if (running >= maxInFlight || waiting.isEmpty()) {
                return;
            }
            if (!inFlight.compareAndSet(running, running + 1)) {
                continue;
            }
            List<Lookup<K, V>> batch = new ArrayList<>(Math.min(batchSize, 64));
            for (Lookup<K, V> lookup; batch.size() < batchSize && (lookup = waiting.poll()) != null; ) {
                batch.add(lookup);
            }
            if (batch.isEmpty()) {
                inFlight.decrementAndGet();
                continue;
            }
            run(batch);
        }
    }

    private void run(List<Lookup<K, V>> batch) {
        List<List<V>> values = new ArrayList<>(batch.size());
        List<K> keys = new ArrayList<>(batch.size());
        for (Lookup<K, V> lookup : batch) {
            values.add(new ArrayList<>(1));
            keys.add(lookup.key());
        }
        // the next batch starts before this one is answered, so PostgreSQL works while the answers are written
        Flux.defer(() -> statement.apply(keys)).subscribe(
                found -> values.get(found.index()).add(found.value()),
                error -> {
                    inFlight.decrementAndGet();
                    send();
                    batch.forEach(lookup -> lookup.answer().error(error));
                },
                () -> {
                    inFlight.decrementAndGet();
                    send();
                    for (int i = 0; i < batch.size(); i++) {
                        batch.get(i).answer().success(values.get(i));
                    }
                });
    }
}
