package io.neuralstyle.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.neuralstyle.video.VideoTransfer;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The video command's own text, without painting. */
class VideoCommandTest {
    /** The "stopped after 6 frames ( s)": the format's arguments were one out of line. */
    @Test
    void lastLineSaysTheFramesAndTheTime() {
        assertEquals("stopped after 6 frames (42 s); run the same command again to go on",
                VideoCommand.lastLine(new VideoTransfer.Outcome(6, 6, 41.7, true, null)));
        assertEquals("wrote out.mp4: 24 frames in 90 s",
                VideoCommand.lastLine(new VideoTransfer.Outcome(24, 24, 90.2, false, Path.of("out.mp4"))));
    }
}
