package app.thestorage.provisioning.ingest.offboarding;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import app.thestorage.provisioning.contract.command.EraseTenant;
import app.thestorage.provisioning.contract.command.Outcome;
import app.thestorage.provisioning.contract.command.Rejection;
import app.thestorage.provisioning.scim.ScimException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

/** The erasure loop of an offboarding against a scripted pipeline: what it sends, when it stops, what it counts. */
class TenantErasureTest {

    private final List<EraseTenant> sent = new ArrayList<>();
    private final Deque<Supplier<Mono<Outcome>>> answers = new ArrayDeque<>();
    private final List<Outcome.TenantErased> noted = new ArrayList<>();

    private final TenantErasure erasure = new TenantErasure(command -> {
        sent.add(command);
        return answers.removeFirst().get();
    }, 3, Duration.ofMillis(1), Clock.systemUTC());

    @Test
    void sends_steps_of_the_tenant_until_the_projector_says_nothing_is_left() {
        answers.add(() -> Mono.just(erased(false)));
        answers.add(() -> Mono.just(erased(false)));
        answers.add(() -> Mono.just(erased(true)));

        erasure.erase("acme", this::note).block();

        assertThat(sent).hasSize(3).allSatisfy(step -> {
            assertThat(step.tenant()).isEqualTo("acme");
            assertThat(step.source()).isNull();
            assertThat(step.limit()).isEqualTo(EraseTenant.DEFAULT_LIMIT);
        });
        assertThat(sent).extracting(EraseTenant::requestId).doesNotHaveDuplicates();
        assertThat(noted).extracting(Outcome.TenantErased::complete).containsExactly(false, false, true);
    }

    @Test
    void a_step_not_heard_of_in_time_is_sent_again_as_a_new_step() {
        answers.add(() -> Mono.error(notHeard()));
        answers.add(() -> Mono.just(erased(true)));

        erasure.erase("acme", this::note).block();

        assertThat(sent).hasSize(2);
        assertThat(sent.get(0).requestId()).isNotEqualTo(sent.get(1).requestId());
        assertThat(noted).hasSize(1);
    }

    @Test
    void steps_never_heard_of_fail_the_erasure_after_the_attempts_so_that_it_is_resumed_later() {
        for (int i = 0; i < 3; i++) {
            answers.add(() -> Mono.error(notHeard()));
        }

        assertThatThrownBy(() -> erasure.erase("acme", this::note).block())
                .isInstanceOf(ScimException.class);
        assertThat(sent).hasSize(3);
        assertThat(noted).isEmpty();
    }

    @Test
    void a_refused_step_or_another_outcome_fails_the_erasure_and_is_not_sent_again() {
        answers.add(() -> Mono.just(new Outcome.Rejected(Rejection.INVALID_VALUE, "no")));
        assertThatThrownBy(() -> erasure.erase("acme", this::note).block())
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("refused");

        answers.add(() -> Mono.just(new Outcome.Unchanged(null)));
        assertThatThrownBy(() -> erasure.erase("acme", this::note).block())
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("Unchanged");
        assertThat(sent).hasSize(2);
    }

    @Test
    void an_offboarding_taken_over_by_another_instance_stops_sending() {
        answers.add(() -> Mono.just(erased(false)));

        assertThatThrownBy(() -> erasure.erase("acme", erased -> Mono.just(false)).block())
                .isInstanceOf(TenantErasure.Superseded.class);
        assertThat(sent).hasSize(1);
    }

    @Test
    void the_steps_run_in_the_documented_order_and_end_with_the_tenant_removed() {
        List<OffboardingStep> order = new ArrayList<>();
        for (OffboardingStep step = OffboardingStep.first(); step != null; step = step.next()) {
            order.add(step);
        }
        assertThat(order).containsExactly(OffboardingStep.PURGE_DIRECTORY_PROVIDER, OffboardingStep.ERASE_DIRECTORY,
                OffboardingStep.PURGE_PHOTOS_AND_LOG, OffboardingStep.REMOVE_TENANT);
    }

    private Mono<Boolean> note(Outcome.TenantErased erased) {
        noted.add(erased);
        return Mono.just(true);
    }

    private static Outcome.TenantErased erased(boolean complete) {
        return new Outcome.TenantErased(List.of(), List.of(), complete);
    }

    private static ScimException notHeard() {
        return ScimException.unavailable("The change is recorded but not yet applied.", Duration.ofSeconds(5));
    }
}
