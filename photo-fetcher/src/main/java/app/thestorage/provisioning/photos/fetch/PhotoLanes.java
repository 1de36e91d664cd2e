package app.thestorage.provisioning.photos.fetch;

import app.thestorage.provisioning.photos.PhotoFetcherProperties;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.BiConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One lane of photo work per tenant, each drained by at most as many workers as the tenant's Graph
 * bulkhead allows, so a tenant's initial cycle of thousands of users queues here (each user once) instead
 * of piling up on the bulkhead, and a slow tenant only ever occupies its own lane.
 */
public class PhotoLanes implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(PhotoLanes.class);

    private final Map<String, Lane> lanes = new ConcurrentHashMap<>();
    private final ExecutorService workers = Executors.newVirtualThreadPerTaskExecutor();
    private final int workersPerTenant;
    private final BiConsumer<String, String> work;

    /** @param work refreshes the photo of (tenant, userId) */
    public PhotoLanes(PhotoFetcherProperties properties, BiConsumer<String, String> work) {
        this.workersPerTenant = properties.graph().concurrentCallsPerTenant();
        this.work = work;
    }

    /** Asks for the user's photo to be refreshed; a user already waiting is not queued twice. */
    public void request(String tenant, String userId) {
        Lane lane = lanes.computeIfAbsent(tenant, Lane::new);
        if (lane.offer(userId)) {
            workers.submit(() -> drain(lane));
        }
    }

    /** Users waiting in the tenant's lane. */
    public int waiting(String tenant) {
        Lane lane = lanes.get(tenant);
        return lane == null ? 0 : lane.waiting();
    }

    private void drain(Lane lane) {
        for (String userId; (userId = lane.next()) != null; ) {
            try {
                work.accept(lane.tenant, userId);
            } catch (RuntimeException e) {
                log.warn("Photo of user {} of tenant {} not refreshed: {}", userId, lane.tenant, e.toString());
            }
        }
    }

    private final class Lane {
        private final String tenant;
        private final Deque<String> queue = new ArrayDeque<>();
        private final Set<String> queued = new HashSet<>();
        private int working;

        private Lane(String tenant) {
            this.tenant = tenant;
        }

        /** @return whether a new worker should start */
        synchronized boolean offer(String userId) {
            if (!queued.add(userId)) {
                return false;
            }
            queue.addLast(userId);
            if (working < workersPerTenant) {
                working++;
                return true;
            }
            return false;
        }

        /** The next user to work on, or null when the lane is empty (the worker then stops). */
        synchronized String next() {
            String userId = queue.pollFirst();
            if (userId == null) {
                working--;
                return null;
            }
            queued.remove(userId);
            return userId;
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
