package app.thestorage.provisioning.ingest.health;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * How regularly the identity provider calls, read from the minutes of the last day in which it made requests: requests
 * less than {@link #CYCLE_GAP} apart belong to one sync cycle; the typical interval is the median time from one cycle's
 * start to the next. Entra's incremental cycle runs about every 40 minutes; Okta pushes when something changes, so its
 * cycles have no typical interval to speak of.
 *
 * @param cycles                  the sync cycles of the last day
 * @param typicalIntervalSeconds  the median interval between their starts, or null with fewer than three cycles
 * @param lastCycleStartedAt      when the last cycle started, or null without requests
 */
public record Rhythm(int cycles, Long typicalIntervalSeconds, Instant lastCycleStartedAt) {

    /** Requests further apart than this belong to different cycles. */
    static final Duration CYCLE_GAP = Duration.ofMinutes(5);

    /** The rhythm of requests made in these minutes (each the start of a minute with requests, in order). */
    static Rhythm of(List<Instant> activeMinutes) {
        List<Instant> starts = new ArrayList<>();
        Instant previous = null;
        for (Instant minute : activeMinutes) {
            if (previous == null || Duration.between(previous, minute).compareTo(CYCLE_GAP) > 0) {
                starts.add(minute);
            }
            previous = minute;
        }
        if (starts.isEmpty()) {
            return new Rhythm(0, null, null);
        }
        List<Long> intervals = new ArrayList<>();
        for (int i = 1; i < starts.size(); i++) {
            intervals.add(Duration.between(starts.get(i - 1), starts.get(i)).toSeconds());
        }
        intervals.sort(null);
        Long typical = intervals.size() < 2 ? null : intervals.get(intervals.size() / 2);
        return new Rhythm(starts.size(), typical, starts.getLast());
    }
}
