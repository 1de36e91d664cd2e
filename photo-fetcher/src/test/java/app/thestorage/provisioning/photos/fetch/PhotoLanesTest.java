package app.thestorage.provisioning.photos.fetch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class PhotoLanesTest {

    @Test
    void a_user_asked_for_again_while_being_worked_on_waits_for_that_work_and_never_runs_twice_at_once()
            throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger adaAtOnce = new AtomicInteger();
        AtomicInteger adaMostAtOnce = new AtomicInteger();
        List<String> done = new CopyOnWriteArrayList<>();
        try (PhotoLanes lanes = new PhotoLanes(2, request -> {
            if (request.userId().equals("ada")) {
                adaMostAtOnce.accumulateAndGet(adaAtOnce.incrementAndGet(), Math::max);
                try {
                    release.await(10, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                adaAtOnce.decrementAndGet();
            }
            done.add(request.userId());
        })) {
            lanes.request("acme", "ada", false);
            await().atMost(Duration.ofSeconds(10)).until(() -> adaAtOnce.get() == 1);

            lanes.request("acme", "ada", false);
            lanes.request("acme", "grace", false);
            await().atMost(Duration.ofSeconds(10)).until(() -> done.contains("grace"));
            assertThat(lanes.waiting("acme")).as("ada waits for the work on her to end").isEqualTo(1);
            release.countDown();

            await().atMost(Duration.ofSeconds(10)).until(() -> done.stream().filter("ada"::equals).count() == 2);
            assertThat(adaMostAtOnce.get()).isEqualTo(1);
            assertThat(lanes.waiting("acme")).isZero();
        }
    }
}
