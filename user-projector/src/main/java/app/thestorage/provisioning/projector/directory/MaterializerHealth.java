package app.thestorage.provisioning.projector.directory;

import java.time.Duration;
import java.time.Instant;

/**
 * What the directory materializer last did: when it last got through a poll (reading and writing what it read),
 * its lag then, since when the batch in hand has been in progress, and the outage that stops it, if any.
 *
 * @param lastProgress when a poll and the write of its batch last succeeded
 * @param lag          decisions not yet materialised, as of {@code lastProgress}
 * @param busySince    when the batch in progress was read; null between batches
 * @param outage       why the last attempt failed (PostgreSQL or Kafka unavailable); null once one succeeds
 * @param stopped      whether the materializer thread has ended
 */
public record MaterializerHealth(Instant lastProgress, long lag, Instant busySince, String outage, boolean stopped) {

    static final MaterializerHealth STARTING = new MaterializerHealth(Instant.now(), 0, null, null, false);

    MaterializerHealth working(Instant now) {
        return new MaterializerHealth(lastProgress, lag, now, outage, stopped);
    }

    MaterializerHealth progressed(Instant now, long lagNow) {
        return new MaterializerHealth(now, lagNow, null, null, stopped);
    }

    MaterializerHealth failed(String why) {
        return new MaterializerHealth(lastProgress, lag, null, why, stopped);
    }

    MaterializerHealth died() {
        return new MaterializerHealth(lastProgress, lag, busySince, outage, true);
    }

    /**
     * Why the materializer is not keeping the directory up to date, or null if it is: its thread ended, an outage
     * stops it, or it has made no progress for {@code stall} with decisions waiting (or a batch in hand).
     */
    public String problem(Instant now, Duration stall) {
        if (stopped) {
            return "The materializer thread has stopped.";
        }
        if (outage != null) {
            return "Cannot write the directory: " + outage;
        }
        if (busySince != null && busySince.plus(stall).isBefore(now)) {
            return "A batch of decisions has been in progress since " + busySince + ".";
        }
        if (lag > 0 && lastProgress.plus(stall).isBefore(now)) {
            return "No progress since " + lastProgress + " with " + lag + " decisions waiting.";
        }
        return null;
    }
}
