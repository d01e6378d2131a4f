package io.neuralstyle.transfer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.neuralstyle.SharedData;
import io.neuralstyle.engine.LossObjective;
import io.neuralstyle.engine.Losses;
import io.neuralstyle.image.Image;
import io.neuralstyle.image.ImageReader;
import io.neuralstyle.model.QuantizedWeightsReader;
import io.neuralstyle.model.Weights;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Checkpoints on the real weights, at a small size: a run stopped and taken up again ends where an
 * uninterrupted one does, bit for bit; another run's checkpoint is refused; a run whose loss turns
 * NaN ends with its best image.
 */
class CheckpointTest {
    /** Two stages, 48 and 96 px, 20 iterations each. */
    private static final Settings SETTINGS = Settings.builder().size(96).scaleIterations(List.of(20)).iterations(20)
            .seed(3).build();
    private static Weights weights;
    private static Image photo;
    private static List<StyleImage> painting;
    private static Result uninterrupted;

    @TempDir
    Path dir;

    @BeforeAll
    static void load() {
        weights = QuantizedWeightsReader.read(SharedData.q8WeightsOrSkip());
        photo = ImageReader.read(SharedData.imageOrSkip("tubingen.jpg"));
        painting = List.of(StyleImage.of(ImageReader.read(SharedData.imageOrSkip("starry_night.jpg"))));
        uninterrupted = run(SETTINGS, null, photo, Listener.NONE);
    }

    /** A run of {@code settings} on {@code content} and the painting, checkpointed to {@code checkpoint} on a stop. */
    private static Result run(Settings settings, Path checkpoint, Image content, Listener listener) {
        StyleTransfer transfer = StyleTransfer.builder().weights(weights).settings(settings).build();
        return transfer.run(request(transfer, checkpoint, listener).content(content).build());
    }

    private static RunRequest.Builder request(StyleTransfer transfer, Path checkpoint, Listener listener) {
        return transfer.request().content(photo).styles(painting).checkpoint(checkpoint, Duration.ofHours(1))
                .listener(listener);
    }

    @Test
    void aRunStoppedInItsLastStageGoesOnToTheSameImage() {
        assertResumesExactly(27);
    }

    @Test
    void aRunStoppedInItsFirstStageGoesOnThroughTheNextToTheSameImage() {
        assertResumesExactly(7);
    }

    private void assertResumesExactly(int stopAt) {
        Path file = dir.resolve("run.checkpoint");
        Result partial = run(SETTINGS, file, photo, p -> p.iteration() < stopAt);
        assertTrue(partial.stopped());
        assertEquals(stopAt, partial.iterations());
        assertTrue(Files.exists(file), "stopping writes a checkpoint");

        Result resumed = run(SETTINGS, file, photo, Listener.NONE);
        assertEquals(uninterrupted.iterations(), resumed.iterations());
        assertEquals(uninterrupted.history(), resumed.history(), "the same losses at every iteration");
        assertArrayEquals(uninterrupted.image().data(), resumed.image().data(), "the same image, bit for bit");
        assertEquals(uninterrupted.initial(), resumed.initial());
    }

    @Test
    void checkpointsAreReplacedWholeAndLeaveNothingElse() throws IOException {
        Path file = dir.resolve("run.checkpoint");
        // An interval of a nanosecond: a checkpoint after every iteration.
        StyleTransfer transfer = StyleTransfer.builder().weights(weights).settings(SETTINGS).build();
        Result r = transfer.run(request(transfer, file, p -> p.iteration() < 30).checkpoint(file, Duration.ofNanos(1))
                .build());
        assertTrue(r.stopped());
        Checkpoint c = Checkpoint.read(file);
        assertEquals(1, c.stage());
        assertEquals(20, c.iterationsBefore());
        assertEquals(10, c.optimizer().iteration());
        assertEquals(30, c.history().size());
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(List.of(file), files.toList(), "no temporary files are left beside it");
        }
    }

    @Test
    void anotherRunsCheckpointIsRefusedSayingWhatDiffers() {
        Path file = dir.resolve("run.checkpoint");
        run(SETTINGS, file, photo, p -> p.iteration() < 5);
        Settings other = SETTINGS.toBuilder().styleWeight(30).build();
        CheckpointMismatchException e = assertThrows(CheckpointMismatchException.class,
                () -> run(other, file, photo, Listener.NONE));
        assertEquals(List.of(new Fingerprint.Difference("style-weight", "30.0", "10.0")), e.differences());
        assertTrue(e.getMessage().contains("(style-weight is 30.0 here, 10.0 there)"), e.getMessage());
        Image otherPhoto = io.neuralstyle.image.Resize.to(photo, 200, 150);
        e = assertThrows(CheckpointMismatchException.class,
                () -> run(SETTINGS, file, otherPhoto, Listener.NONE));
        assertEquals(1, e.differences().size());
        assertEquals("another content image", e.differences().get(0).toString());
    }

    @Test
    void aDamagedCheckpointIsRefused() throws IOException {
        Path file = dir.resolve("run.checkpoint");
        run(SETTINGS, file, photo, p -> p.iteration() < 5);
        byte[] bytes = Files.readAllBytes(file);
        bytes[bytes.length / 2] ^= 1;
        Files.write(file, bytes);
        TransferException e = assertThrows(TransferException.class,
                () -> run(SETTINGS, file, photo, Listener.NONE));
        assertTrue(e.getMessage().contains("checksum") && e.getMessage().contains("delete it"), e.getMessage());
        Files.write(file, java.util.Arrays.copyOf(bytes, bytes.length / 3));
        e = assertThrows(TransferException.class,
                () -> run(SETTINGS, file, photo, Listener.NONE));
        assertTrue(e.getMessage().contains("cut short"), e.getMessage());
    }

    @Test
    void aLossThatTurnsNaNEndsTheRunWithTheBestImageBeforeIt() {
        int[] evaluations = {0};
        // Well inside the second stage: where the first one stops early (in bf16 its line search can run out
        // of descent at 48 px, as on CPUs with AMX), its last iteration numbers are skipped, and a failure in
        // the second stage's first iteration would leave an image no run stopped by iteration count has.
        StyleTransfer faulty = StyleTransfer.builder().weights(weights).settings(SETTINGS)
                .faults(o -> failingAfter(o, 36, evaluations)).build();
        Result r = faulty.run(request(faulty, null, Listener.NONE).build());
        assertNotNull(r.divergence());
        assertTrue(r.divergence().contains("NaN") && r.divergence().contains("diverged"), r.divergence());
        assertFalse(r.finished());
        assertTrue(r.iterations() > 0 && r.iterations() < 40, "stopped part way: " + r.iterations());
        assertEquals(96, r.image().width());
        for (float v : r.image().data()) {
            assertTrue(v >= 0 && v <= 1, "a finite image: " + v);
        }
        // The image is the best before the failure: that of a run stopped at the same iteration.
        Result stopped = run(SETTINGS, null, photo, p -> p.iteration() < r.iterations());
        assertArrayEquals(stopped.image().data(), r.image().data());
    }

    @Test
    void aLossThatIsNaNFromTheStartIsAnError() {
        StyleTransfer faulty = StyleTransfer.builder().weights(weights).settings(SETTINGS)
                .faults(o -> failingAfter(o, 0, new int[1])).build();
        TransferException e = assertThrows(TransferException.class,
                () -> faulty.run(request(faulty, null, Listener.NONE).build()));
        assertTrue(e.getMessage().contains("starting point"), e.getMessage());
    }

    @Test
    void aFinishedRunLeavesNoCheckpointOnceDiscarded() {
        Path file = dir.resolve("run.checkpoint");
        StyleTransfer t = StyleTransfer.builder().weights(weights).settings(SETTINGS).build();
        RunRequest request = request(t, file, Listener.NONE).checkpoint(file, Duration.ofNanos(1)).build();
        Result r = t.run(request);
        assertNull(r.divergence());
        assertTrue(Files.exists(file));
        request.discardCheckpoint();
        assertFalse(Files.exists(file));
    }

    @Test
    void oneTransferServesRunsWithCheckpointsOfTheirOwn() {
        // The checkpoint is the run's, not the transfer's: one instance paints two jobs, each saving to
        // and going on from its own file, as a server with one StyleTransfer for its settings does.
        StyleTransfer shared = StyleTransfer.builder().weights(weights).settings(SETTINGS).build();
        Path first = dir.resolve("first.checkpoint");
        Path second = dir.resolve("second.checkpoint");
        assertTrue(shared.run(request(shared, first, p -> p.iteration() < 7).build()).stopped());
        assertTrue(shared.run(request(shared, second, p -> p.iteration() < 27).build()).stopped());
        assertEquals(0, Checkpoint.read(first).stage(), "the first run's state, stopped in its first stage");
        assertEquals(1, Checkpoint.read(second).stage(), "the second run's, stopped in its last stage");

        Result resumed = shared.run(request(shared, first, Listener.NONE).build());
        assertArrayEquals(uninterrupted.image().data(), resumed.image().data(), "the same image, bit for bit");
        assertArrayEquals(uninterrupted.image().data(), shared.run(request(shared, second, Listener.NONE).build())
                .image().data());
    }

    /** An objective that returns NaN from its {@code after + 1}-th evaluation on, counted over all stages. */
    private static LossObjective failingAfter(LossObjective objective, int after, int[] count) {
        return new LossObjective() {
            @Override
            public double evaluate(float[] x, float[] gradient) {
                double loss = objective.evaluate(x, gradient);
                return ++count[0] > after ? Double.NaN : loss;
            }

            @Override
            public Losses lastLosses() {
                return objective.lastLosses();
            }

            @Override
            public void close() {
                objective.close();
            }
        };
    }
}
