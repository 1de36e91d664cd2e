package app.thestorage.provisioning.ingest.directory;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

class BatchedLookupsTest {

    private static final Duration WAIT = Duration.ofSeconds(5);

    /** A statement PostgreSQL would answer: every key it is given, the ones it holds, on the test's signal. */
    private static final class Statements {
        final List<List<String>> sent = new CopyOnWriteArrayList<>();
        final List<Sinks.Empty<Void>> running = new CopyOnWriteArrayList<>();
        boolean fails;

        Flux<BatchedLookups.Found<String>> run(List<String> keys) {
            sent.add(List.copyOf(keys));
            Sinks.Empty<Void> done = Sinks.empty();
            running.add(done);
            boolean failing = fails;
            return done.asMono().thenMany(failing
                    ? Flux.error(new IllegalStateException("connection lost"))
                    : Flux.range(0, keys.size())
                            .filter(i -> !keys.get(i).startsWith("missing"))
                            .map(i -> new BatchedLookups.Found<>(i, "user " + keys.get(i))));
        }

        void finish(int statement) {
            running.get(statement).tryEmitEmpty();
        }
    }

    @Test
    void a_lone_lookup_is_sent_at_once_and_answered_with_what_was_found() {
        Statements statements = new Statements();
        BatchedLookups<String, String> lookups = new BatchedLookups<>(statements::run, 256, 2);

        Mono<List<String>> found = lookups.find("ada").cache();
        found.subscribe();

        assertThat(statements.sent).containsExactly(List.of("ada"));
        statements.finish(0);
        assertThat(found.block(WAIT)).containsExactly("user ada");
    }

    @Test
    void lookups_arriving_while_the_statements_run_are_sent_together_when_one_completes() {
        Statements statements = new Statements();
        BatchedLookups<String, String> lookups = new BatchedLookups<>(statements::run, 256, 2);
        List<Mono<List<String>>> answers = new ArrayList<>();
        for (String key : List.of("a", "b", "c", "d", "missing-e", "c")) {
            Mono<List<String>> answer = lookups.find(key).cache();
            answer.subscribe();
            answers.add(answer);
        }

        assertThat(statements.sent).containsExactly(List.of("a"), List.of("b"));
        statements.finish(1);
        assertThat(statements.sent).containsExactly(List.of("a"), List.of("b"), List.of("c", "d", "missing-e", "c"));
        statements.finish(0);
        statements.finish(2);

        assertThat(answers).extracting(answer -> answer.block(WAIT)).containsExactly(
                List.of("user a"), List.of("user b"), List.of("user c"), List.of("user d"), List.of(), List.of("user c"));
    }

    @Test
    void a_batch_holds_at_most_its_size() {
        Statements statements = new Statements();
        BatchedLookups<String, String> lookups = new BatchedLookups<>(statements::run, 3, 1);
        IntStream.range(0, 8).forEach(i -> lookups.find("u" + i).subscribe());

        statements.finish(0);
        statements.finish(1);
        statements.finish(2);

        assertThat(statements.sent).containsExactly(
                List.of("u0"), List.of("u1", "u2", "u3"), List.of("u4", "u5", "u6"), List.of("u7"));
    }

    @Test
    void a_failed_statement_fails_the_lookups_of_its_batch_only() {
        Statements statements = new Statements();
        BatchedLookups<String, String> lookups = new BatchedLookups<>(statements::run, 256, 1);
        statements.fails = true;
        Mono<List<String>> failed = lookups.find("ada").cache();
        failed.subscribe(found -> { }, error -> { });
        statements.fails = false;
        Mono<List<String>> next = lookups.find("grace").cache();
        next.subscribe();

        statements.finish(0);
        statements.finish(1);

        assertThat(failed.map(Object::toString).onErrorResume(e -> Mono.just(e.getMessage())).block(WAIT))
                .isEqualTo("connection lost");
        assertThat(next.block(WAIT)).containsExactly("user grace");
    }
}
