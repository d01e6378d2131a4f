package io.neuralstyle.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.neuralstyle.SharedData;
import io.neuralstyle.image.Image;
import io.neuralstyle.image.ImageReader;
import io.neuralstyle.image.ImageWriter;
import io.neuralstyle.image.Resize;
import io.neuralstyle.video.VideoTransfer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The video command's own text, and what it does with the settings every command takes. */
class VideoCommandTest {
    @TempDir
    Path dir;

    /** --init FILE starts the first frame from that picture (it was refused as "no starting image was given"). */
    @Test
    void aStartingImageStartsTheFirstFrame() throws Exception {
        Path frames = stillFrames(2, 48, 36);
        Path out = dir.resolve("painted");
        int code = Main.run(new String[] {"video", "--weights", SharedData.orSkip("models/vgg19-q8").toString(),
            "--input", frames.toString(), "--style", SharedData.imageOrSkip("starry_night.jpg").toString(),
            "--output", out.toString(), "--size", "48", "--iterations", "3", "--scale-iterations", "none",
            "--frame-iterations", "2", "--init", SharedData.imageOrSkip("the_scream.jpg").toString(), "--quiet"});
        assertEquals(0, code);
        try (var written = Files.list(out)) {
            assertEquals(2, written.filter(f -> f.toString().endsWith(".png")).count());
        }
        assertTrue(Files.notExists(dir.resolve("painted.frames")), "the work folder is gone once the clip is written");
    }

    @Test
    void progressLineSaysTheTimeLeftAndThePace() {
        io.neuralstyle.transfer.Progress iteration = new io.neuralstyle.transfer.Progress(20, 100, null, 3, () -> null,
                null, 1, 5);
        assertEquals("frame 3 of 24, iteration 20 of 100, 2 min 10 s left, 4.5 frames/min", VideoCommand.progressLine(
                new io.neuralstyle.video.FrameProgress(3, 24, iteration, 130, 4.5)));
        assertEquals("frame 1 of 24, iteration 20 of 100", VideoCommand.progressLine(
                new io.neuralstyle.video.FrameProgress(1, 24, iteration, Double.NaN, Double.NaN)));
    }

    /** --dry-run tells the frames, both plans and the time, and paints and writes nothing. */
    @Test
    void aDryRunTellsThePlansAndTheTimeAndWritesNothing() throws Exception {
        Path frames = stillFrames(5, 64, 48);
        Path out = dir.resolve("painted.gif");
        CommandLineProcess.Outcome run = CommandLineProcess.run(dir, "video", "--weights",
                SharedData.orSkip("models/vgg19-q8").toString(), "--input", frames.toString(), "--style",
                SharedData.imageOrSkip("starry_night.jpg").toString(), "--output", out.toString(), "--size", "64",
                "--frames", "2:3", "--dry-run");
        assertEquals(0, run.exitCode(), run.stderr());
        String said = run.stdout();
        assertTrue(said.startsWith("3 frames at 64x48\n"), said);
        assertTrue(said.contains("\nframe 1: stage 1: ") && said.contains("\neach later frame: stage 1: 64x48, 100"
                + " iterations from the given image"), said);
        assertTrue(said.matches("(?s).*\ntime: about [0-9].* for 3 frames \\(frame 1 about .*, each later one about .*"),
                said);
        try (var files = Files.list(dir)) {
            assertEquals(java.util.List.of("frames"), files.map(f -> f.getFileName().toString()).toList(),
                    "no output, no work folder, no lock");
        }
    }

    /** A log's line for a frame waits for its 20th iteration, where the first frame's time left has settled. */
    @Test
    void aLogTellsEachFrameOnceItsTimeLeftHasSettled() {
        assertFalse(VideoCommand.logs(frameAt(2, 500, 259)), "iteration 2: one iteration's pace");
        assertTrue(VideoCommand.logs(frameAt(20, 500, 73)));
        assertTrue(VideoCommand.logs(frameAt(10, 10, 5)), "a frame of fewer iterations, at its last");
        assertFalse(VideoCommand.logs(frameAt(20, 100, Double.NaN)), "nothing to tell yet");
    }

    /** A folder of {@code count} frames of tubingen.jpg at {@code width} x {@code height}, as a still camera films it. */
    private Path stillFrames(int count, int width, int height) throws Exception {
        Path frames = Files.createDirectories(dir.resolve("frames"));
        Image photo = Resize.to(ImageReader.read(SharedData.imageOrSkip("tubingen.jpg")), width, height);
        for (int i = 1; i <= count; i++) {
            ImageWriter.writePng(photo, frames.resolve("frame-" + i + ".png"), Map.of());
        }
        return frames;
    }

    private static io.neuralstyle.video.FrameProgress frameAt(int iteration, int iterations, double secondsLeft) {
        return new io.neuralstyle.video.FrameProgress(1, 5, new io.neuralstyle.transfer.Progress(iteration, iterations,
                null, 1, () -> null, null, 1, secondsLeft), secondsLeft, Double.NaN);
    }

    /** The issue's "stopped after 6 frames ( s)": the format's arguments were one out of line. */
    @Test
    void lastLineSaysTheFramesAndTheTime() {
        assertEquals("stopped after 6 frames (42 s); run the same command again to go on",
                VideoCommand.lastLine(new VideoTransfer.Outcome(6, 6, 41.7, true, null)));
        assertEquals("wrote out.mp4: 24 frames in 90 s",
                VideoCommand.lastLine(new VideoTransfer.Outcome(24, 24, 90.2, false, Path.of("out.mp4"))));
    }
}
