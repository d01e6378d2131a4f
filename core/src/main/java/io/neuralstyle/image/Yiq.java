package io.neuralstyle.image;

/**
 * The NTSC YIQ colour space: Y is luminance, I and Q the chroma. Used to keep a photo's colours
 * (Gatys et al. 2016, "Preserving Color in Neural Artistic Style Transfer", luminance-only transfer):
 * the style is transferred on luminance alone and the result's Y is combined with the photo's I and Q.
 */
public final class Yiq {
    /** FCC NTSC RGB to YIQ, rows Y, I, Q. */
    static final double[][] FROM_RGB = {
        {0.299, 0.587, 0.114},
        {0.595716, -0.274453, -0.321263},
        {0.211456, -0.522591, 0.311135}};
    static final double[][] TO_RGB = Matrix3.inverse(FROM_RGB);

    private Yiq() {
    }

    /** Y, I or Q (0, 1, 2) of every pixel, row-major. */
    public static float[] channel(Image image, int which) {
        int n = image.pixels();
        float[] d = image.data();
        float[] out = new float[n];
        double[] row = FROM_RGB[which];
        for (int p = 0; p < n; p++) {
            out[p] = (float) (row[0] * d[p] + row[1] * d[n + p] + row[2] * d[2 * n + p]);
        }
        return out;
    }

    public static float[] luminance(Image image) {
        return channel(image, 0);
    }

    /** A gray image whose three channels are the given luminance. */
    public static Image gray(float[] luminance, int width, int height) {
        int n = width * height;
        float[] d = new float[3 * n];
        for (int c = 0; c < 3; c++) {
            System.arraycopy(luminance, 0, d, c * n, n);
        }
        return new Image(width, height, d);
    }

    /** The image's luminance as a gray image. */
    public static Image luminanceOnly(Image image) {
        return gray(luminance(image), image.width(), image.height());
    }

    /**
     * {@code values} shifted and scaled to the mean and standard deviation of {@code reference}: a style
     * image's luminance made comparable with the photo's, as Gatys et al. 2016 do before a
     * luminance-only transfer.
     */
    public static float[] matchMeanAndStd(float[] values, float[] reference) {
        double[] v = meanAndStd(values);
        double[] r = meanAndStd(reference);
        double scale = v[1] > 1e-12 ? r[1] / v[1] : 1;
        float[] out = new float[values.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = (float) ((values[i] - v[0]) * scale + r[0]);
        }
        return out;
    }

    private static double[] meanAndStd(float[] values) {
        double mean = 0;
        for (float x : values) {
            mean += x;
        }
        mean /= values.length;
        double var = 0;
        for (float x : values) {
            var += (x - mean) * (x - mean);
        }
        return new double[] {mean, Math.sqrt(var / values.length)};
    }

    /**
     * The image with luminance {@code luminance} and the chroma (I, Q) of {@code colors}. Where that
     * colour would leave the RGB cube, the luminance is clipped into the range that keeps it inside
     * (never empty: the colour source's own pixel is inside), so the chroma is kept exactly.
     */
    public static Image combine(float[] luminance, Image colors) {
        int n = colors.pixels();
        float[] i = channel(colors, 1);
        float[] q = channel(colors, 2);
        float[] d = new float[3 * n];
        for (int p = 0; p < n; p++) {
            double low = Double.NEGATIVE_INFINITY;
            double high = Double.POSITIVE_INFINITY;
            double[] chroma = new double[3];
            for (int c = 0; c < 3; c++) {
                chroma[c] = TO_RGB[c][1] * i[p] + TO_RGB[c][2] * q[p];
                // 0 <= TO_RGB[c][0] * y + chroma[c] <= 1, and TO_RGB[c][0] is 1 for YIQ.
                low = Math.max(low, -chroma[c] / TO_RGB[c][0]);
                high = Math.min(high, (1 - chroma[c]) / TO_RGB[c][0]);
            }
            double y = Math.max(low, Math.min(high, luminance[p]));
            for (int c = 0; c < 3; c++) {
                d[c * n + p] = (float) (TO_RGB[c][0] * y + chroma[c]);
            }
        }
        return new Image(colors.width(), colors.height(), d);
    }
}
