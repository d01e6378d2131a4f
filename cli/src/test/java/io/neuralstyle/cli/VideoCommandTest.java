package io.neuralstyle.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.neuralstyle.video.VideoTransfer;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The video command's own text, without painting. */
class VideoCommandTest {
    @Test
    void progressLineSaysTheTimeLeftAndThePace() {
        io.neuralstyle.transfer.Progress iteration = new io.neuralstyle.transfer.Progress(20, 100, null, 3, () -> null,
                null, 1, 5);
        assertEquals("frame 3 of 24, iteration 20 of 100, 2 min 10 s left, 4.5 frames/min", VideoCommand.progressLine(
                new io.neuralstyle.video.FrameProgress(3, 24, iteration, 130, 4.5)));
        assertEquals("frame 1 of 24, iteration 20 of 100", VideoCommand.progressLine(
                new io.neuralstyle.video.FrameProgress(1, 24, iteration, Double.NaN, Double.NaN)));
    }

    /** The "stopped after 6 frames ( s)": the format's arguments were one out of line. */
    @Test
    void lastLineSaysTheFramesAndTheTime() {
        assertEquals("stopped after 6 frames (42 s); run the same command again to go on",
                VideoCommand.lastLine(new VideoTransfer.Outcome(6, 6, 41.7, true, null)));
        assertEquals("wrote out.mp4: 24 frames in 90 s",
                VideoCommand.lastLine(new VideoTransfer.Outcome(24, 24, 90.2, false, Path.of("out.mp4"))));
    }
}
