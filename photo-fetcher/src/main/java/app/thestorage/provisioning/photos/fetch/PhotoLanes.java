package app.thestorage.provisioning.photos.fetch;

import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * One lane of photo work per tenant, each drained by at most as many workers as the tenant's bulkhead
 * allows, so a tenant's initial cycle of thousands of users queues here (each user once) instead of piling
 * up on the bulkhead, and a slow tenant only ever occupies its own lane. Graph photos and photos from the
 * addresses identity providers send have lanes of their own.
 */
public class PhotoLanes implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(PhotoLanes.class);

    private final Map<String, Lane> lanes = new ConcurrentHashMap<>();
    private final ExecutorService workers = Executors.newVirtualThreadPerTaskExecutor();
    private final int workersPerTenant;
    private final Consumer<Request> work;

    /**
     * A user whose photo is wanted; a {@code newcomer} (just provisioned) also wants their profile, which the
     * directory sync's delta would otherwise only bring if it changes.
     */
    public record Request(String tenant, String userId, boolean newcomer) {
    }

    /**
     * @param workersPerTenant users of one tenant worked on at once
     * @param work             refreshes one user's photo
     */
    public PhotoLanes(int workersPerTenant, Consumer<Request> work) {
        this.workersPerTenant = workersPerTenant;
        this.work = work;
    }

    /** Asks for the user's photo to be refreshed; a user already waiting is not queued twice. */
    public void request(String tenant, String userId, boolean newcomer) {
        Lane lane = lanes.computeIfAbsent(tenant, Lane::new);
        if (lane.offer(userId, newcomer)) {
            workers.submit(() -> drain(lane));
        }
    }

    /** Users waiting in the tenant's lane. */
    public int waiting(String tenant) {
        Lane lane = lanes.get(tenant);
        return lane == null ? 0 : lane.waiting();
    }

    private void drain(Lane lane) {
        try (MDC.MDCCloseable logged = MDC.putCloseable("tenant", lane.tenant)) { // in every log line of the work
            for (Request request = lane.next(null); request != null; request = lane.next(request.userId())) {
                try {
                    work.accept(request);
                } catch (RuntimeException e) {
                    log.warn("Photo of user {} of tenant {} not refreshed: {}", request.userId(), lane.tenant,
                            e.toString());
                }
            }
        }
    }

    private final class Lane {
        private final String tenant;
        /** Waiting users in arrival order, each once, with whether they are newcomers. */
        private final LinkedHashMap<String, Boolean> queue = new LinkedHashMap<>();
        /** Users being worked on: one asked for again meanwhile waits until that work is done, never runs twice. */
        private final Set<String> running = new HashSet<>();
        private int working;

        private Lane(String tenant) {
            this.tenant = tenant;
        }

        /** @return whether a new worker should start */
        synchronized boolean offer(String userId, boolean newcomer) {
            Boolean waiting = queue.get(userId);
            if (waiting != null) {
                if (newcomer && !waiting) {
                    queue.put(userId, true); // keeps its place in the queue
                }
                return false;
            }
            queue.put(userId, newcomer);
            if (working < workersPerTenant) {
                working++;
                return true;
            }
            return false;
        }

        /**
         * The next user to work on that no other worker is on, or null when there is none (the worker then stops; a
         * user waiting for another worker's work to end is taken by that worker).
         *
         * @param finished the user this worker just finished, or null
         */
        synchronized Request next(String finished) {
            if (finished != null) {
                running.remove(finished);
            }
            for (Iterator<Map.Entry<String, Boolean>> waiting = queue.entrySet().iterator(); waiting.hasNext(); ) {
                Map.Entry<String, Boolean> entry = waiting.next();
                if (!running.contains(entry.getKey())) {
                    waiting.remove();
                    running.add(entry.getKey());
                    return new Request(tenant, entry.getKey(), entry.getValue());
                }
            }
            working--;
            return null;
        }

        synchronized int waiting() {
            return queue.size();
        }
    }

    @Override
    public void close() {
        workers.shutdownNow();
    }
}
