package io.neuralstyle.transfer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.neuralstyle.engine.ImageTerm;
import io.neuralstyle.engine.Losses;
import io.neuralstyle.optim.OptimizerState;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Which checkpoint a run goes on from, and when it saves its state, on a clock the test sets. */
class CheckpointPolicyTest {
    private static final long SECOND = 1_000_000_000L;
    private static final Fingerprint FINGERPRINT = new Fingerprint(Map.of("size", "16", "content", "abc"));
    /** One stage of 16x16: its checkpoints hold 3 x 16 x 16 values. */
    private static final RunPlan PLAN = RunPlan.of(Settings.builder().size(16).scaleIterations(List.of())
            .iterations(5).build(), 16, 16, 8L << 30, 6L << 30);

    @TempDir
    Path dir;
    /** The clock's reading, in nanoseconds. */
    private long now;

    @Test
    void aSaveIsDueOnceTheIntervalHasPassedSinceTheStageBeganOrTheLastWrite() {
        Path file = dir.resolve("run.checkpoint");
        CheckpointPolicy policy = new CheckpointPolicy(CheckpointStore.file(file), Duration.ofSeconds(60),
                FINGERPRINT, () -> now);
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
        CheckpointPolicy policy = new CheckpointPolicy(CheckpointStore.file(dir.resolve("run.checkpoint")),
                Duration.ofHours(1), FINGERPRINT, () -> now);
        policy.stageStarts(0);
        assertFalse(policy.due(1, false));
        assertTrue(policy.due(1, true));
    }

    @Test
    void withoutAFileNothingIsEverDue() {
        CheckpointPolicy policy = new CheckpointPolicy(null, Duration.ofNanos(1), null, () -> now);
        policy.stageStarts(0);
        assertFalse(policy.due(SECOND, false));
        assertFalse(policy.due(SECOND, true));
    }

    @Test
    void whatIsWrittenIsWhatIsReadBack() {
        Path file = dir.resolve("run.checkpoint");
        CheckpointPolicy policy = new CheckpointPolicy(CheckpointStore.file(file), Duration.ofSeconds(1),
                FINGERPRINT, () -> now);
        Checkpoint written = checkpoint(7);
        policy.write(written);
        Checkpoint read = Checkpoint.read(file);
        assertEquals(written.stage(), read.stage());
        assertEquals(written.history(), read.history());
        assertArrayEquals(written.best(), read.best());
        assertArrayEquals(written.optimizer().x(), read.optimizer().x());
    }

    private static Checkpoint checkpoint(int iteration) {
        return checkpoint(FINGERPRINT, iteration, 3);
    }

    /** A checkpoint of the first stage whose images hold {@code length} values. */
    private static Checkpoint checkpoint(Fingerprint fingerprint, int iteration, int length) {
        Losses losses = new Losses(1, 2, Map.of(ImageTerm.SMOOTHNESS, 3.0), 4, Map.of("conv4_2", 1.0),
                Map.of("conv1_1", 2.0));
        float[] x = new float[length];
        java.util.Arrays.fill(x, 0.25f);
        OptimizerState state = new OptimizerState("adam", iteration, iteration, 4, x, new float[length], List.of(),
                new double[0]);
        return new Checkpoint(fingerprint, 0, 0, 1.5, losses, List.of(losses, losses), 5, 4, x.clone(), state);
    }

    @Test
    void aRunGoesOnFromACheckpointOfItsOwnOnceTheLeftoversOfAnInterruptedSaveAreGone() throws IOException {
        Path file = dir.resolve("run.checkpoint");
        CheckpointPolicy policy = new CheckpointPolicy(CheckpointStore.file(file), Duration.ofSeconds(1),
                FINGERPRINT, () -> now);
        Path leftover = Files.createFile(dir.resolve(".run.checkpoint.tmp-0123"));
        assertNull(policy.resumable(PLAN), "nothing to go on from yet");
        assertFalse(Files.exists(leftover));

        policy.write(checkpoint(FINGERPRINT, 2, 3 * 16 * 16));
        Checkpoint c = policy.resumable(PLAN);
        assertEquals(2, c.optimizer().iteration());
        assertNull(new CheckpointPolicy(null, Duration.ofSeconds(1), null, () -> now).resumable(PLAN),
                "no file, no checkpoint");
    }

    @Test
    void anotherRunsCheckpointIsRefusedSayingWhatDiffers() {
        Path file = dir.resolve("run.checkpoint");
        checkpoint(new Fingerprint(Map.of("size", "16", "content", "def")), 2, 3 * 16 * 16).write(file);
        CheckpointPolicy policy = new CheckpointPolicy(CheckpointStore.file(file), Duration.ofSeconds(1),
                FINGERPRINT, () -> now);
        CheckpointMismatchException e = assertThrows(CheckpointMismatchException.class, () -> policy.resumable(PLAN));
        assertEquals(List.of("content"), e.differences().stream().map(Fingerprint.Difference::name).toList());
    }

    @Test
    void aCheckpointThatDoesNotFitTheStagesIsRefused() {
        Path file = dir.resolve("run.checkpoint");
        checkpoint(FINGERPRINT, 2, 3 * 8 * 8).write(file);
        CheckpointPolicy policy = new CheckpointPolicy(CheckpointStore.file(file), Duration.ofSeconds(1),
                FINGERPRINT, () -> now);
        TransferException e = assertThrows(TransferException.class, () -> policy.resumable(PLAN));
        assertTrue(e.getMessage().contains("does not fit") && e.getMessage().contains("delete it"), e.getMessage());
    }
}
