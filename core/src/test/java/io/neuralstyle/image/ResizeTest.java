package io.neuralstyle.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ResizeTest {

    @ParameterizedTest(name = "37x23 -> {0}x{1}")
    @CsvSource({"10, 7", "80, 50", "80, 9", "5, 60", "1, 1"})
    void constantImageStaysConstant(int width, int height) {
        Image out = Resize.to(Image.filled(37, 23, 0.3f), width, height);

        assertEquals(width, out.width());
        assertEquals(height, out.height());
        for (float v : out.data()) {
            assertEquals(0.3f, v, 1e-5f);
        }
    }

    @Test
    void halvingAOnePixelCheckerboardGivesGray() {
        int n = 64;
        float[] chw = new float[3 * n * n];
        for (int c = 0; c < 3; c++) {
            for (int y = 0; y < n; y++) {
                for (int x = 0; x < n; x++) {
                    chw[(c * n + y) * n + x] = (x + y) % 2;
                }
            }
        }
        Image out = Resize.to(new Image(n, n, chw), n / 2, n / 2);

        // Without antialiasing every output pixel would land on a single black or white input.
        for (int c = 0; c < 3; c++) {
            for (int y = 0; y < n / 2; y++) {
                for (int x = 0; x < n / 2; x++) {
                    boolean interior = x >= 3 && y >= 3 && x < n / 2 - 3 && y < n / 2 - 3;
                    // At the border the filter is cut off and renormalized, which tilts it slightly.
                    assertEquals(0.5f, out.get(c, y, x), interior ? 1e-4f : 0.02f, "(" + x + ", " + y + ")");
                }
            }
        }
    }

    @Test
    void upscaleThenDownscaleOfASmoothImageComesBack() {
        Image smooth = smooth(48, 32);

        Image back = Resize.to(Resize.to(smooth, 96, 64), 48, 32);

        float maxError = 0f;
        for (int i = 0; i < smooth.data().length; i++) {
            maxError = Math.max(maxError, Math.abs(smooth.data()[i] - back.data()[i]));
        }
        assertTrue(maxError < 0.005f, "max error " + maxError);
    }

    @Test
    void upscalingInterpolatesBetweenSamples() {
        // A horizontal ramp stays a ramp (bicubic reproduces linear functions away from the border).
        int w = 16;
        float[] chw = new float[3 * w];
        for (int c = 0; c < 3; c++) {
            for (int x = 0; x < w; x++) {
                chw[c * w + x] = x / (float) (w - 1);
            }
        }
        Image out = Resize.to(new Image(w, 1, chw), 4 * w, 1);

        for (int x = 8; x < 4 * w - 8; x++) {
            float sourceX = (x + 0.5f) / 4 - 0.5f; // output pixel centre in input pixel coordinates
            assertEquals(sourceX / (w - 1), out.get(0, 0, x), 1e-4f, "x = " + x);
        }
    }

    @Test
    void overshootAtHardEdgesIsClamped() {
        float[] chw = new float[3 * 20];
        for (int c = 0; c < 3; c++) {
            for (int x = 10; x < 20; x++) {
                chw[c * 20 + x] = 1f;
            }
        }
        Image image = new Image(20, 1, chw);

        for (Image out : new Image[] {Resize.to(image, 7, 1), Resize.to(image, 77, 1)}) {
            for (float v : out.data()) {
                assertTrue(v >= 0f && v <= 1f, "value " + v);
            }
        }
    }

    @Test
    void sameSizeIsAnIndependentCopy() {
        Image image = smooth(5, 4);
        Image out = Resize.to(image, 5, 4);

        assertNotSame(image.data(), out.data());
        assertEquals(java.util.Arrays.toString(image.data()), java.util.Arrays.toString(out.data()));
    }

    @ParameterizedTest(name = "{0}x{1} longest {2} -> {3}x{4}")
    @CsvSource({
            "1000, 333, 300, 300, 100", // 99.9 rounds up
            "333, 1000, 300, 100, 300",
            "640, 480, 512, 512, 384",
            "101, 100, 50, 50, 50", // 49.5 rounds half up
            "3, 1000, 10, 1, 10", // 0.03 would round to 0; at least 1
            "200, 200, 64, 64, 64",
            "10, 5, 30, 30, 15", // enlarging works the same way
    })
    void longestSideKeepsTheAspectRatio(int w, int h, int longest, int expectedW, int expectedH) {
        Image out = Resize.toLongestSide(Image.filled(w, h, 0.5f), longest);

        assertEquals(expectedW, out.width());
        assertEquals(expectedH, out.height());
    }

    @Test
    void nonPositiveSizesAreRejected() {
        Image image = Image.filled(4, 4, 0f);
        assertThrows(IllegalArgumentException.class, () -> Resize.to(image, 0, 4));
        assertThrows(IllegalArgumentException.class, () -> Resize.to(image, 4, -1));
        assertThrows(IllegalArgumentException.class, () -> Resize.toLongestSide(image, 0));
    }

    /** Low-frequency color waves: well sampled at this size, so resampling should be near lossless. */
    private static Image smooth(int w, int h) {
        float[] chw = new float[3 * w * h];
        for (int c = 0; c < 3; c++) {
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    double u = (x + 0.5) / w;
                    double v = (y + 0.5) / h;
                    chw[(c * h + y) * w + x] = (float) (0.5 + 0.3 * Math.sin(2 * Math.PI * (u + 0.5 * v + c / 3.0)));
                }
            }
        }
        return new Image(w, h, chw);
    }
}
