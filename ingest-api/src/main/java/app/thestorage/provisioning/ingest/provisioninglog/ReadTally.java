package app.thestorage.provisioning.ingest.provisioninglog;

import app.thestorage.provisioning.contract.user.IdentityProvider;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The successful reads noted since the last write, counted per tenant, minute, operation and identity provider. A
 * read is added and a count taken under the same lock of its key, so none is lost or written twice.
 */
final class ReadTally {

    /** What reads are counted by. */
    record Key(String tenant, Instant minute, ScimOperation operation, IdentityProvider identityProvider) {
    }

    private static final class Running {
        long reads;
        Instant lastAt;
    }

    private final ConcurrentHashMap<Key, Running> running = new ConcurrentHashMap<>();

    void add(String tenant, Instant at, ScimOperation operation, IdentityProvider identityProvider) {
        running.compute(new Key(tenant, at.truncatedTo(ChronoUnit.MINUTES), operation, identityProvider),
                (key, counted) -> {
                    Running now = counted == null ? new Running() : counted;
                    now.reads++;
                    if (now.lastAt == null || at.isAfter(now.lastAt)) {
                        now.lastAt = at;
                    }
                    return now;
                });
    }

    /** The counts noted so far, each key once; they are forgotten here. */
    List<ReadCount> take() {
        List<ReadCount> taken = new ArrayList<>(running.size());
        for (Key key : running.keySet()) {
            running.computeIfPresent(key, (same, counted) -> {
                taken.add(new ReadCount(key.tenant(), key.minute(), key.operation(), key.identityProvider(),
                        counted.reads, counted.lastAt));
                return null;
            });
        }
        return taken;
    }

    boolean isEmpty() {
        return running.isEmpty();
    }
}
