package io.neuralstyle.transfer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.neuralstyle.image.Image;
import org.junit.jupiter.api.Test;

/** The painting as the style targets see it: scaled to the output, never below the network's smallest side. */
class StyleTargetsTest {

    @Test
    void thePaintingFollowsTheOutputsLongestSide() {
        Image scaled = StyleTargets.scaled(Image.filled(1024, 640, 0.5f), 0.5, 512, 384);
        assertEquals(256, scaled.width());
        assertEquals(160, scaled.height());
    }

    @Test
    void aWidePaintingAtASmallStageKeepsItsShortSideAtTheDeepestStride() {
        // Starry Night's 1024x640 at a 24x18 coarse stage was 24x15: its deepest layers had no
        // positions and the run failed with TensorFlow's "Negative dimension size".
        Image scaled = StyleTargets.scaled(Image.filled(1024, 640, 0.5f), 1, 24, 18);
        assertTrue(Math.min(scaled.width(), scaled.height()) >= Settings.MIN_SIDE, scaled.width() + "x" + scaled.height());
        assertEquals(1024.0 / 640, (double) scaled.width() / scaled.height(), 0.1, "its proportions kept");
        Image tall = StyleTargets.scaled(Image.filled(100, 1000, 0.5f), 0.25, 64, 48);
        assertTrue(Math.min(tall.width(), tall.height()) >= Settings.MIN_SIDE, tall.width() + "x" + tall.height());
    }
}
