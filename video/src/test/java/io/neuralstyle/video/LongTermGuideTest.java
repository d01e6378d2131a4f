package io.neuralstyle.video;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.neuralstyle.SharedData;
import io.neuralstyle.image.Image;
import io.neuralstyle.image.ImageReader;
import io.neuralstyle.transfer.Settings;
import io.neuralstyle.transfer.TemporalGuide;
import java.util.ArrayDeque;
import java.util.Deque;
import org.junit.jupiter.api.Test;

/**
 * The long-term form's weights (Ruder et al. eq. 8): frames t-1, t-2 and t-4, each pixel counted from
 * the nearest frame whose warp is trusted there and not again from a farther one.
 */
class LongTermGuideTest {

    @Test
    void eachPixelCountsOnceFromTheNearestTrustedFrame() {
        SyntheticClip clip = new SyntheticClip(ImageReader.read(SharedData.imageOrSkip("tubingen.jpg")),
                ImageReader.read(SharedData.imageOrSkip("starry_night.jpg")), 96, 72);
        int t = 6;
        Deque<Image> photos = new ArrayDeque<>();
        for (int k = 1; k <= 4; k++) {
            photos.addLast(clip.frame(t - k)); // nearest first
        }
        Image photo = clip.frame(t);
        VideoTransfer longTerm = new VideoTransfer(null, Settings.builder().build(),
                new VideoSettings(100, 10, true, 25), note -> { }, "test");
        // The photos stand in for the painted frames: only the weights are checked here.
        TemporalGuide guide = longTerm.guide(photo, photos, new ArrayDeque<>(photos));
        assertEquals(3, guide.frames().size(), "frames t-1, t-2 and t-4");
        int plane = photo.pixels();
        float[] nearest = Consistency.weights(OpticalFlow.between(photo, clip.frame(t - 1)),
                OpticalFlow.between(clip.frame(t - 1), photo));
        int agree = 0;
        for (int p = 0; p < plane; p++) {
            agree += guide.frames().get(0).weights().data()[p] == nearest[p] ? 1 : 0;
        }
        // DIS run twice on the same pair differs a little (2% of these weights here), so not all of them.
        assertTrue(agree > 0.95 * plane, "frame t-1 keeps its own consistency weights: " + agree + " of " + plane);
        int fromFarther = 0;
        for (int p = 0; p < plane; p++) {
            float sum = 0;
            for (TemporalGuide.Frame f : guide.frames()) {
                float w = f.weights().data()[p];
                assertTrue(w == 0 || w == 1, "weights are 0 or 1 here: " + w);
                sum += w;
            }
            assertTrue(sum <= 1, "pixel " + p + " counted " + sum + " times");
            if (nearest[p] == 0 && sum == 1) {
                fromFarther++;
            }
        }
        assertTrue(fromFarther > 0, "some pixels hidden in frame t-1 are taken from t-2 or t-4");
        VideoTransfer shortTerm = new VideoTransfer(null, Settings.builder().build(),
                new VideoSettings(100, 10, false, 25), note -> { }, "test");
        assertEquals(1, shortTerm.guide(photo, photos, new ArrayDeque<>(photos)).frames().size());
    }
}
