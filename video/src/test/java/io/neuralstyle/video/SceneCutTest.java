package io.neuralstyle.video;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.neuralstyle.SharedData;
import io.neuralstyle.image.Image;
import io.neuralstyle.image.ImageReader;
import java.util.ArrayDeque;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A hard cut between two clips is found; brisk camera motion is not taken for one. */
class SceneCutTest {
    @Test
    void aHardCutIsACutAndBriskMotionIsNot() {
        Image tubingen = ImageReader.read(SharedData.imageOrSkip("tubingen.jpg"));
        Image hoover = ImageReader.read(SharedData.imageOrSkip("hoovertowernight.jpg"));
        Image scream = ImageReader.read(SharedData.imageOrSkip("the_scream.jpg"));
        Image starry = ImageReader.read(SharedData.imageOrSkip("starry_night.jpg"));
        for (int[] size : new int[][] {{64, 48}, {128, 96}}) {
            SyntheticClip a = new SyntheticClip(tubingen, starry, size[0], size[1]);
            SyntheticClip b = new SyntheticClip(hoover, scream, size[0], size[1], SyntheticClip.Motion.BRISK);
            String at = size[0] + "x" + size[1] + ": ";
            assertFalse(cut(a.frame(5), a.frame(4)), at + "gentle pan");
            assertFalse(cut(b.frame(5), b.frame(4)), at + "brisk pan");
            assertTrue(cut(b.frame(0), a.frame(11)), at + "cut from one clip to the other");
            assertTrue(cut(a.frame(0), b.frame(11)), at + "and back");
        }
    }

    private static boolean cut(Image photo, Image earlier) {
        VideoTransfer transfer = new VideoTransfer(null, null, VideoSettings.defaults(), note -> { }, "test");
        ArrayDeque<Image> before = new ArrayDeque<>(List.of(earlier));
        return SceneCut.at(transfer.guide(photo, before, new ArrayDeque<>(List.of(earlier))));
    }
}
