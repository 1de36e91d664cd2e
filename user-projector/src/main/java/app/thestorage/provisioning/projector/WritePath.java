package app.thestorage.provisioning.projector;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;

/**
 * {@code provisioning.write.path}: how long after ingest-api published a command (the command record's timestamp,
 * which Kafka Streams gives the decision too) the projector decided it ({@code stage=decided}) and its decision was
 * committed in the directory ({@code stage=written}). With ingest-api's {@code provisioning.outcome.wait} (until the
 * answer), the write path of a SCIM write, stage by stage.
 */
public final class WritePath {

    /** For the topology's tests: nothing is measured. */
    public static final WritePath NONE = new WritePath(null, null);

    private final Timer decided;
    private final Timer written;

    private WritePath(Timer decided, Timer written) {
        this.decided = decided;
        this.written = written;
    }

    public static WritePath measuredIn(MeterRegistry meters) {
        return new WritePath(stage(meters, "decided"), stage(meters, "written"));
    }

    public void decided(long commandTimestamp) {
        record(decided, commandTimestamp);
    }

    public void written(long commandTimestamp) {
        record(written, commandTimestamp);
    }

    private static void record(Timer stage, long commandTimestamp) {
        if (stage != null && commandTimestamp > 0) {
            stage.record(Duration.ofMillis(Math.max(0, System.currentTimeMillis() - commandTimestamp)));
        }
    }

    private static Timer stage(MeterRegistry meters, String stage) {
        return Timer.builder("provisioning.write.path")
                .description("From ingest-api publishing a command to the stage it reached")
                .tag("stage", stage)
                .publishPercentileHistogram()
                .register(meters);
    }
}
