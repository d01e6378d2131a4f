package io.neuralstyle.video;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.neuralstyle.SharedData;
import io.neuralstyle.image.Image;
import io.neuralstyle.image.ImageReader;
import io.neuralstyle.image.ImageWriter;
import io.neuralstyle.image.Resize;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A hard cut between two clips is found; brisk camera motion is not taken for one, nor a hand-held
 * camera's shake, sensor noise and H.264's artefacts.
 */
class SceneCutTest {
    @TempDir
    Path dir;

    @Test
    void aPhoneLikeClipHasOneCutWhereItsSceneChanges() throws Exception {
        Image tubingen = ImageReader.read(SharedData.imageOrSkip("tubingen.jpg"));
        Image hoover = ImageReader.read(SharedData.imageOrSkip("hoovertowernight.jpg"));
        PhoneClip clip = new PhoneClip(tubingen, hoover, 256, 192, 24, 16);
        List<Path> pngs = new ArrayList<>();
        for (int t = 0; t < 24; t++) {
            pngs.add(dir.resolve("f" + (t + 1) + ".png"));
            ImageWriter.writePng(clip.frame(t), pngs.get(t), Map.of());
        }
        Path mp4 = dir.resolve("phone.mp4");
        ClipWriter.writeVideo(pngs, 24, null, mp4, VideoQuality.SMALL);
        List<Image> frames = new ArrayList<>();
        try (ClipReader reader = ClipReader.open(mp4)) {
            for (Image f = reader.next(); f != null; f = reader.next()) {
                frames.add(Resize.to(f, 128, 96)); // as the video command paints it at --size 128
            }
        }
        List<Integer> cuts = new ArrayList<>();
        for (int k = 1; k < frames.size(); k++) {
            if (SceneCut.between(OpticalFlow.between(frames.get(k), frames.get(k - 1)),
                    OpticalFlow.between(frames.get(k - 1), frames.get(k)))) {
                cuts.add(k + 1);
            }
        }
        assertEquals(List.of(17), cuts, "frame 17, the second scene's first, and no other");
    }

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
