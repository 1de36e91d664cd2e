package app.thestorage.provisioning.ingest.provisioninglog;

import static org.assertj.core.api.Assertions.assertThat;

import app.thestorage.provisioning.contract.user.IdentityProvider;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

class ReadTallyTest {

    private static final Instant NINE = Instant.parse("2026-12-07T09:00:00Z");

    @Test
    void reads_are_counted_per_tenant_minute_operation_and_identity_provider_with_the_last_one() {
        ReadTally tally = new ReadTally();
        tally.add("acme", NINE.plusSeconds(5), ScimOperation.GET_USER, IdentityProvider.MICROSOFT_ENTRA_ID);
        tally.add("acme", NINE.plusSeconds(50), ScimOperation.GET_USER, IdentityProvider.MICROSOFT_ENTRA_ID);
        tally.add("acme", NINE.plusSeconds(20), ScimOperation.GET_USER, IdentityProvider.MICROSOFT_ENTRA_ID);
        tally.add("acme", NINE.plusSeconds(61), ScimOperation.GET_USER, IdentityProvider.MICROSOFT_ENTRA_ID);
        tally.add("acme", NINE.plusSeconds(7), ScimOperation.LIST_USERS, IdentityProvider.MICROSOFT_ENTRA_ID);
        tally.add("globex", NINE.plusSeconds(8), ScimOperation.GET_USER, IdentityProvider.OKTA);

        assertThat(tally.take()).containsExactlyInAnyOrder(
                new ReadCount("acme", NINE, ScimOperation.GET_USER, IdentityProvider.MICROSOFT_ENTRA_ID, 3,
                        NINE.plusSeconds(50)),
                new ReadCount("acme", NINE.plusSeconds(60), ScimOperation.GET_USER, IdentityProvider.MICROSOFT_ENTRA_ID,
                        1, NINE.plusSeconds(61)),
                new ReadCount("acme", NINE, ScimOperation.LIST_USERS, IdentityProvider.MICROSOFT_ENTRA_ID, 1,
                        NINE.plusSeconds(7)),
                new ReadCount("globex", NINE, ScimOperation.GET_USER, IdentityProvider.OKTA, 1, NINE.plusSeconds(8)));
        assertThat(tally.take()).as("taken once").isEmpty();
    }

    @Test
    void no_read_is_lost_or_counted_twice_while_counts_are_taken() throws Exception {
        ReadTally tally = new ReadTally();
        int threads = 4;
        int readsEach = 50_000;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<?>> readers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            IdentityProvider provider = t % 2 == 0 ? IdentityProvider.OKTA : IdentityProvider.MICROSOFT_ENTRA_ID;
            readers.add(pool.submit(() -> {
                go.await();
                for (int i = 0; i < readsEach; i++) {
                    tally.add("acme", NINE.plusSeconds(i % 180), ScimOperation.GET_USER, provider);
                }
                return null;
            }));
        }
        long taken = 0;
        AtomicBoolean done = new AtomicBoolean();
        go.countDown();
        while (!done.get()) {
            done.set(readers.stream().allMatch(Future::isDone));
            taken += tally.take().stream().mapToLong(ReadCount::reads).sum();
        }
        for (Future<?> reader : readers) {
            reader.get();
        }
        taken += tally.take().stream().mapToLong(ReadCount::reads).sum();
        pool.shutdown();

        assertThat(taken).isEqualTo((long) threads * readsEach);
    }
}
