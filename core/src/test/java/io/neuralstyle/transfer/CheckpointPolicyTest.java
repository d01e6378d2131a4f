package io.neuralstyle.transfer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.neuralstyle.engine.Losses;
import io.neuralstyle.optim.OptimizerState;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** When a run saves its state, on a clock the test sets. */
class CheckpointPolicyTest {
    private static final long SECOND = 1_000_000_000L;

    @TempDir
    Path dir;
    /** The clock's reading, in nanoseconds. */
    private long now;

    @Test
    void aSaveIsDueOnceTheIntervalHasPassedSinceTheStageBeganOrTheLastWrite() {
        Path file = dir.resolve("run.checkpoint");
        CheckpointPolicy policy = new CheckpointPolicy(file, Duration.ofSeconds(60), () -> now);
        policy.stageStarts(10 * SECOND);
        assertFalse(policy.due(69 * SECOND, false));
        assertTrue(policy.due(70 * SECOND, false), "60 s after the stage began");

        // The write itself takes 5 s: the interval counts from its end.
        now = 75 * SECOND;
        policy.write(checkpoint(3));
        assertTrue(Files.exists(file));
        assertFalse(policy.due(134 * SECOND, false));
        assertTrue(policy.due(135 * SECOND, false));

        policy.stageStarts(200 * SECOND);
        assertFalse(policy.due(259 * SECOND, false), "a new stage counts from its own start");
    }

    @Test
    void aStopIsSavedAtOnce() {
        CheckpointPolicy policy = new CheckpointPolicy(dir.resolve("run.checkpoint"), Duration.ofHours(1), () -> now);
        policy.stageStarts(0);
        assertFalse(policy.due(1, false));
        assertTrue(policy.due(1, true));
    }

    @Test
    void withoutAFileNothingIsEverDue() {
        CheckpointPolicy policy = new CheckpointPolicy(null, Duration.ofNanos(1), () -> now);
        policy.stageStarts(0);
        assertFalse(policy.due(SECOND, false));
        assertFalse(policy.due(SECOND, true));
    }

    @Test
    void whatIsWrittenIsWhatIsReadBack() {
        Path file = dir.resolve("run.checkpoint");
        CheckpointPolicy policy = new CheckpointPolicy(file, Duration.ofSeconds(1), () -> now);
        Checkpoint written = checkpoint(7);
        policy.write(written);
        Checkpoint read = Checkpoint.read(file);
        assertEquals(written.stage(), read.stage());
        assertEquals(written.history(), read.history());
        assertArrayEquals(written.best(), read.best());
        assertArrayEquals(written.optimizer().x(), read.optimizer().x());
    }

    private static Checkpoint checkpoint(int iteration) {
        Losses losses = new Losses(1, 2, 3, 0, 4, Map.of("conv4_2", 1.0), Map.of("conv1_1", 2.0));
        float[] x = {0.25f, 0.5f, 0.75f};
        OptimizerState state = new OptimizerState("adam", iteration, iteration, 4, x, new float[3], List.of(),
                new double[0]);
        return new Checkpoint(new Fingerprint(Map.of("size", "1")), 0, 0, 1.5, losses, List.of(losses, losses), 5, 4,
                x.clone(), state);
    }
}
