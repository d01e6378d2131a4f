package io.neuralstyle.video;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.neuralstyle.SharedData;
import io.neuralstyle.image.Image;
import io.neuralstyle.image.ImageReader;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * DIS flow, the warp and the consistency check on a clip whose true motion is known (a pan and zoom
 * over tubingen.jpg with a crop of the_scream.jpg sliding across it).
 */
class FlowTest {
    static SyntheticClip clip;
    static final int T = 5;

    @BeforeAll
    static void makeClip() {
        clip = new SyntheticClip(ImageReader.read(SharedData.imageOrSkip("tubingen.jpg")),
                ImageReader.read(SharedData.imageOrSkip("the_scream.jpg")), 128, 96);
    }

    /** The warp itself, on the true flow: frame t-1 warped by it is frame t where nothing was hidden. */
    @Test
    void trueFlowWarpsThePreviousFrameOntoThisOne() {
        Image previous = clip.frame(T - 1);
        Image current = clip.frame(T);
        Image warped = Warp.backward(previous, clip.trueBackwardFlow(T));
        boolean[] hidden = clip.disoccluded(T);
        assertTrue(meanAbs(warped, current, hidden, 4) < 0.02, "warp error " + meanAbs(warped, current, hidden, 4));
        // Negative control: without the warp the frames differ several times more.
        assertTrue(meanAbs(previous, current, hidden, 4) > 3 * meanAbs(warped, current, hidden, 4));
    }

    @Test
    void disFlowIsCloseToTheTrueFlowOnTheBackground() {
        Flow estimated = OpticalFlow.between(clip.frame(T), clip.frame(T - 1));
        Flow truth = clip.trueBackwardFlow(T);
        double error = 0;
        double motion = 0;
        int n = 0;
        for (int y = 8; y < clip.height - 8; y++) {
            for (int x = 8; x < clip.width - 8; x++) {
                if (nearSprite(x, y)) {
                    continue;
                }
                int p = y * clip.width + x;
                error += Math.hypot(estimated.dx()[p] - truth.dx()[p], estimated.dy()[p] - truth.dy()[p]);
                motion += Math.hypot(truth.dx()[p], truth.dy()[p]);
                n++;
            }
        }
        assertTrue(error / n < 0.35, "mean endpoint error " + error / n + " px, true motion " + motion / n + " px");
    }

    /** The check finds the pixels the picture uncovered and keeps almost all of the rest. */
    @Test
    void consistencyDropsDisoccludedPixelsAndKeepsTheRest() {
        float[] c = Consistency.weights(OpticalFlow.between(clip.frame(T), clip.frame(T - 1)),
                OpticalFlow.between(clip.frame(T - 1), clip.frame(T)));
        boolean[] hidden = clip.disoccluded(T);
        int hiddenCount = 0;
        int hiddenDropped = 0;
        int farCount = 0;
        int farKept = 0;
        for (int y = 0; y < clip.height; y++) {
            for (int x = 0; x < clip.width; x++) {
                int p = y * clip.width + x;
                if (hidden[p]) {
                    hiddenCount++;
                    hiddenDropped += c[p] == 0 ? 1 : 0;
                } else if (!nearSprite(x, y) && x > 4 && y > 4 && x < clip.width - 4 && y < clip.height - 4) {
                    farCount++;
                    farKept += c[p] == 1 ? 1 : 0;
                }
            }
        }
        assertTrue(hiddenCount > 100, "the clip uncovers pixels");
        assertTrue(hiddenDropped > 0.7 * hiddenCount, hiddenDropped + " of " + hiddenCount + " uncovered dropped");
        assertTrue(farKept > 0.9 * farCount, farKept + " of " + farCount + " background pixels kept");
    }

    @Test
    void uniformFlowOfWholePixelsShiftsTheImage() {
        Image frame = clip.frame(0);
        Image shifted = Warp.backward(frame, Flow.uniform(clip.width, clip.height, 3, 0));
        int w = clip.width;
        assertEquals(frame.data()[10 * w + 13], shifted.data()[10 * w + 10], 1e-6);
    }

    /**
     * One process meeting frames of several sizes, back and forth: with one DIS object for all of
     * them, OpenCV 4.10 crashed the JVM here (see {@link OpticalFlow}).
     */
    @Test
    void framesOfSeveralSizesInOneProcess() {
        int[][] sizes = {{128, 96}, {64, 48}, {256, 192}, {64, 48}, {200, 150}, {128, 96}};
        for (int[] size : sizes) {
            Image a = io.neuralstyle.image.Resize.to(clip.frame(3), size[0], size[1]);
            Image b = io.neuralstyle.image.Resize.to(clip.frame(4), size[0], size[1]);
            Flow forward = OpticalFlow.between(a, b);
            Flow backward = OpticalFlow.between(b, a);
            assertEquals(size[0], forward.width());
            assertEquals(size[1], backward.height());
        }
    }

    /**
     * The flow between two frames is the same whatever the process computed before: a resumed video
     * computes its first flow in a fresh process, an uninterrupted one after many others. OpenCV's DIS
     * takes a flow buffer of the right size as its starting guess, so a reused buffer carried the last
     * pair's flow into the next (the resumed run of the issue drifted from frame 7 on).
     */
    @Test
    void flowDoesNotDependOnTheFlowsComputedBefore() {
        int w = 96;
        int h = 72;
        Image a = io.neuralstyle.image.Resize.to(clip.frame(6), w, h);
        Image b = io.neuralstyle.image.Resize.to(clip.frame(7), w, h);
        Flow first = OpticalFlow.between(a, b);
        OpticalFlow.between(io.neuralstyle.image.Resize.to(clip.frame(1), w, h),
                io.neuralstyle.image.Resize.to(clip.frame(4), w, h));
        Flow again = OpticalFlow.between(a, b);
        assertTrue(java.util.Arrays.equals(first.dx(), again.dx()) && java.util.Arrays.equals(first.dy(), again.dy()),
                "the same pair gave another flow after a different pair");
    }

    private static boolean nearSprite(int x, int y) {
        for (int t = T - 1; t <= T; t++) {
            for (int d = -6; d <= 6; d += 3) {
                if (clip.inSprite(t, x + d, y) || clip.inSprite(t, x, y + d)) {
                    return true;
                }
            }
        }
        return false;
    }

    private static double meanAbs(Image a, Image b, boolean[] skip, int border) {
        int w = a.width();
        int h = a.height();
        double sum = 0;
        int n = 0;
        for (int c = 0; c < 3; c++) {
            for (int y = border; y < h - border; y++) {
                for (int x = border; x < w - border; x++) {
                    int p = y * w + x;
                    if (!skip[p]) {
                        sum += Math.abs(a.data()[c * w * h + p] - b.data()[c * w * h + p]);
                        n++;
                    }
                }
            }
        }
        return sum / n;
    }
}
