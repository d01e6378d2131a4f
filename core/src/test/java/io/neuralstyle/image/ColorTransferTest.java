package io.neuralstyle.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.neuralstyle.SharedData;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Colour statistics after {@link ColorTransfer} and {@link Yiq}, checked against their definitions. */
class ColorTransferTest {

    /** Colours with correlated channels around a chosen mean, kept inside [0, 1]. */
    static Image correlatedColors(long seed, double[] mean, double spread) {
        SplittableRandom r = new SplittableRandom(seed);
        int w = 40;
        int h = 30;
        int n = w * h;
        float[] d = new float[3 * n];
        for (int p = 0; p < n; p++) {
            double a = r.nextDouble(-1, 1);
            double b = r.nextDouble(-1, 1);
            d[p] = (float) (mean[0] + spread * (a + 0.3 * b));
            d[n + p] = (float) (mean[1] + spread * (0.8 * a - 0.2 * b));
            d[2 * n + p] = (float) (mean[2] + spread * (0.1 * a + 0.9 * b));
        }
        return new Image(w, h, d);
    }

    @Test
    void matchedImageHasTheReferenceMeanAndCovariance() {
        Image source = correlatedColors(1, new double[] {0.3, 0.5, 0.6}, 0.15);
        Image reference = correlatedColors(2, new double[] {0.6, 0.4, 0.3}, 0.05);
        Image matched = ColorTransfer.matchMeanAndCovariance(source, reference);
        assertStatisticsMatch(matched, reference, 1e-5, 1e-5);
    }

    @Test
    void realPaintingTakesThePhotosColors() {
        Image painting = Resize.toLongestSide(ImageReader.read(SharedData.imageOrSkip("starry_night.jpg")), 128);
        Image photo = Resize.toLongestSide(ImageReader.read(SharedData.imageOrSkip("tubingen.jpg")), 128);
        Image matched = ColorTransfer.matchMeanAndCovariance(painting, photo);
        // Clipping to [0, 1] moves a few values; measured: mean within 1.3e-5, covariance within 2e-5
        // (the photo's channel variances are a few hundredths).
        assertStatisticsMatch(matched, photo, 1e-3, 1e-3);
    }

    private static void assertStatisticsMatch(Image a, Image b, double meanTolerance, double covTolerance) {
        double[] ma = ColorTransfer.mean(a);
        double[] mb = ColorTransfer.mean(b);
        double[][] ca = ColorTransfer.covariance(a);
        double[][] cb = ColorTransfer.covariance(b);
        double worstMean = 0;
        double worstCov = 0;
        for (int i = 0; i < 3; i++) {
            worstMean = Math.max(worstMean, Math.abs(ma[i] - mb[i]));
            for (int j = 0; j < 3; j++) {
                worstCov = Math.max(worstCov, Math.abs(ca[i][j] - cb[i][j]));
            }
        }
        System.out.printf("colour match: mean error %.2g, covariance error %.2g%n", worstMean, worstCov);
        assertTrue(worstMean <= meanTolerance, "mean error " + worstMean);
        assertTrue(worstCov <= covTolerance, "covariance error " + worstCov);
    }

    @Test
    void yiqRoundTripsAndGrayHasNoChroma() {
        double[][] identity = Matrix3.multiply(Yiq.TO_RGB, Yiq.FROM_RGB);
        for (int i = 0; i < 3; i++) {
            for (int j = 0; j < 3; j++) {
                assertEquals(i == j ? 1 : 0, identity[i][j], 1e-12);
            }
        }
        Image gray = Yiq.gray(new float[] {0f, 0.25f, 0.5f, 1f}, 2, 2);
        for (int c = 1; c < 3; c++) {
            for (float v : Yiq.channel(gray, c)) {
                assertEquals(0, v, 1e-6, "R = G = B has no chroma");
            }
        }
    }

    @Test
    void combineKeepsTheChromaAndStaysInsideTheRgbCube() {
        Image colors = correlatedColors(3, new double[] {0.5, 0.3, 0.7}, 0.3).clamped();
        SplittableRandom r = new SplittableRandom(4);
        float[] luminance = new float[colors.pixels()];
        for (int p = 0; p < luminance.length; p++) {
            luminance[p] = (float) r.nextDouble(-0.5, 1.5);
        }
        Image combined = Yiq.combine(luminance, colors);
        for (int c = 1; c < 3; c++) {
            float[] expected = Yiq.channel(colors, c);
            float[] actual = Yiq.channel(combined, c);
            for (int p = 0; p < expected.length; p++) {
                assertEquals(expected[p], actual[p], 1e-5);
            }
        }
        for (float v : combined.data()) {
            assertTrue(v >= -1e-5 && v <= 1 + 1e-5, "inside the RGB cube: " + v);
        }
    }
}
