package io.neuralstyle.image;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

class ImageMetricsTest {

    @Test
    void highFrequencyEnergyOfKnownPatterns() {
        assertEquals(0, ImageMetrics.highFrequencyEnergy(Image.filled(20, 10, 0.3f)), 1e-9, "flat");
        // A checkerboard of 0 and 1: every 3x3 box holds five of one value and four of the other,
        // so each pixel is 4/9 away from its box mean.
        Image checker = pattern(20, 20, (x, y) -> (x + y) % 2);
        assertEquals(255 * 4.0 / 9, ImageMetrics.highFrequencyEnergy(checker), 1e-4);
        // A linear ramp equals its own 3x3 mean: no high frequencies.
        Image ramp = pattern(20, 20, (x, y) -> x / 40f);
        assertEquals(0, ImageMetrics.highFrequencyEnergy(ramp), 1e-4);
    }

    @Test
    void highFrequencyEnergySkipsTheBorder() {
        Image framed = pattern(20, 20, (x, y) -> x < 1 || y < 1 || x > 18 || y > 18 ? 1 : 0);
        assertEquals(0, ImageMetrics.highFrequencyEnergy(framed), 1e-9, "a frame 1 px wide is outside the measure");
    }

    @Test
    void latticeAmplitudeSeparatesGridDotsFromNoise() {
        Random random = new Random(3);
        // A diamond lattice of period 8 px as faint as the noise it sits in, and the same off the grid.
        Image noise = pattern(128, 128, (x, y) -> (float) (0.5 + 0.03 * random.nextGaussian()));
        Image dots = pattern(128, 128, (x, y) -> (float) (0.5 + 0.03 * random.nextGaussian()
                + 0.03 * Math.cos(2 * Math.PI * x / 8) * Math.cos(2 * Math.PI * y / 8)));
        Image offGrid = pattern(128, 128, (x, y) -> (float) (0.5 + 0.03 * random.nextGaussian()
                + 0.03 * Math.cos(2 * Math.PI * x / 6) * Math.cos(2 * Math.PI * y / 6)));
        double plain = ImageMetrics.latticeAmplitude(noise, 0, 0, 128);
        double grid = ImageMetrics.latticeAmplitude(dots, 0, 0, 128);
        double other = ImageMetrics.latticeAmplitude(offGrid, 0, 0, 128);
        System.out.printf("lattice amplitude: noise %.2f, dots every 8 px %.2f, every 6 px %.2f (gray levels)%n",
                plain, grid, other);
        // The lattice's amplitude is 255 x 0.03 / 2 = 3.8 gray levels.
        assertEquals(3.8, grid, 0.6, "a lattice on the pooling grid");
        assertTrue(plain < 1, "noise is no lattice: " + plain);
        assertTrue(other < 1, "a lattice off the grid is not the pooling grid's: " + other);
    }

    @Test
    void flattestRegionFindsTheSky() {
        Random random = new Random(5);
        // Busy everywhere but a flat 32 x 32 patch at (48, 16).
        Image img = pattern(96, 64, (x, y) -> x >= 48 && x < 80 && y >= 16 && y < 48 ? 0.6f : random.nextFloat());
        assertArrayEquals(new int[] {48, 16}, ImageMetrics.flattestRegion(img, 32));
    }

    @Test
    void theLatticeSquareIs128PxWhereItFitsAndNoneUnder64() {
        assertEquals(128, ImageMetrics.latticeSquare(Image.filled(512, 384, 0.5f)));
        assertEquals(80, ImageMetrics.latticeSquare(Image.filled(300, 95, 0.5f)), "a multiple of 16 that fits");
        assertEquals(64, ImageMetrics.latticeSquare(Image.filled(64, 64, 0.5f)));
        assertEquals(0, ImageMetrics.latticeSquare(Image.filled(200, 63, 0.5f)), "too small to measure");
    }

    private interface Pixel {
        float at(int x, int y);
    }

    private static Image pattern(int w, int h, Pixel pixel) {
        float[] d = new float[3 * w * h];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                float v = pixel.at(x, y);
                for (int c = 0; c < 3; c++) {
                    d[(c * h + y) * w + x] = v;
                }
            }
        }
        return new Image(w, h, d);
    }
}
