package io.neuralstyle.video;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.neuralstyle.image.Image;
import org.junit.jupiter.api.Test;

/** The harmonic fill against what Laplace's equation is known to give. */
class HoleFillTest {
    static final int W = 40;
    static final int H = 30;

    /** A plane per channel, each a different tilt: linear functions are harmonic, so a fill must give them back. */
    private static float ramp(int c, int x, int y) {
        return 0.2f + 0.004f * (c + 1) * x + 0.003f * (3 - c) * y;
    }

    private static Image rampWithHole(boolean[] hole, float garbage) {
        int plane = W * H;
        float[] d = new float[3 * plane];
        for (int c = 0; c < 3; c++) {
            for (int p = 0; p < plane; p++) {
                d[c * plane + p] = hole[p] ? garbage : ramp(c, p % W, p / W);
            }
        }
        return new Image(W, H, d);
    }

    private static Image weights(boolean[] hole) {
        int plane = W * H;
        float[] c = new float[3 * plane];
        for (int p = 0; p < plane; p++) {
            float v = hole[p] ? 0 : 1;
            c[p] = v;
            c[plane + p] = v;
            c[2 * plane + p] = v;
        }
        return new Image(W, H, c);
    }

    private static boolean[] rectangle(int x0, int y0, int x1, int y1) {
        boolean[] hole = new boolean[W * H];
        for (int y = y0; y < y1; y++) {
            for (int x = x0; x < x1; x++) {
                hole[y * W + x] = true;
            }
        }
        return hole;
    }

    @Test
    void aHoleInsideALinearRampIsFilledWithTheRampAndTheRestIsKept() {
        boolean[] hole = rectangle(12, 9, 24, 19);
        Image filled = HoleFill.fill(rampWithHole(hole, 1f), weights(hole));
        int plane = W * H;
        double worst = 0;
        for (int c = 0; c < 3; c++) {
            for (int p = 0; p < plane; p++) {
                float v = filled.data()[c * plane + p];
                if (hole[p]) {
                    worst = Math.max(worst, Math.abs(v - ramp(c, p % W, p / W)));
                } else {
                    assertEquals(ramp(c, p % W, p / W), v, 0f, "trusted values stay as warped");
                }
            }
        }
        // The warped values in the hole were up to 0.75 off.
        assertTrue(worst < 0.01, "worst error in the hole " + worst);
    }

    @Test
    void aHoleAtTheEdgeStaysWithinTheValuesAroundIt() {
        boolean[] hole = rectangle(0, 0, 8, H);
        Image filled = HoleFill.fill(rampWithHole(hole, 5f), weights(hole));
        int plane = W * H;
        for (int c = 0; c < 3; c++) {
            for (int p = 0; p < plane; p++) {
                if (hole[p]) {
                    float v = filled.data()[c * plane + p];
                    // Maximum principle: no value beyond the trusted ones bordering the hole.
                    assertTrue(v >= ramp(c, 8, 0) - 1e-3 && v <= ramp(c, 8, H - 1) + 1e-3,
                            "channel " + c + " pixel " + p + ": " + v);
                }
            }
        }
    }

    @Test
    void nothingToFillFromGivesNoFill() {
        boolean[] all = rectangle(0, 0, W, H);
        assertNull(HoleFill.fill(rampWithHole(all, 0.5f), weights(all)));
    }
}
