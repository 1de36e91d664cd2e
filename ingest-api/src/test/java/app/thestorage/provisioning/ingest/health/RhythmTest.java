package app.thestorage.provisioning.ingest.health;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class RhythmTest {

    private static final Instant START = Instant.parse("2026-12-07T00:00:00Z");

    @Test
    void entras_cycles_every_forty_minutes_have_a_forty_minute_rhythm() {
        List<Instant> minutes = new ArrayList<>();
        for (int cycle = 0; cycle < 6; cycle++) {
            Instant begins = START.plus(Duration.ofMinutes(40L * cycle + (cycle % 2)));
            minutes.add(begins);
            minutes.add(begins.plus(Duration.ofMinutes(1)));
            minutes.add(begins.plus(Duration.ofMinutes(4)));
        }

        Rhythm rhythm = Rhythm.of(minutes);

        assertThat(rhythm.cycles()).isEqualTo(6);
        assertThat(rhythm.typicalIntervalSeconds()).isIn(39L * 60, 40L * 60, 41L * 60);
        assertThat(rhythm.lastCycleStartedAt()).isEqualTo(START.plus(Duration.ofMinutes(201)));
    }

    @Test
    void minutes_less_than_five_minutes_apart_are_one_cycle() {
        Rhythm rhythm = Rhythm.of(List.of(START, START.plus(Duration.ofMinutes(5)), START.plus(Duration.ofMinutes(10))));

        assertThat(rhythm.cycles()).isEqualTo(1);
        assertThat(rhythm.typicalIntervalSeconds()).isNull();
        assertThat(rhythm.lastCycleStartedAt()).isEqualTo(START);
    }

    @Test
    void two_cycles_are_not_yet_a_rhythm_and_no_request_is_none() {
        assertThat(Rhythm.of(List.of(START, START.plus(Duration.ofHours(1)))).typicalIntervalSeconds()).isNull();
        assertThat(Rhythm.of(List.of())).isEqualTo(new Rhythm(0, null, null));
    }
}
