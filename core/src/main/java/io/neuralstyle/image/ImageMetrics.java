package io.neuralstyle.image;

/**
 * Measures of how alike two images are, for tests and for the figures: PSNR for pixel fidelity,
 * edge correlation for shared structure.
 */
public final class ImageMetrics {
    private ImageMetrics() {
    }

    /** Peak signal-to-noise ratio in dB of two images of one size, values in [0, 1]. */
    public static double psnr(Image a, Image b) {
        requireSameSize(a, b);
        double sse = 0;
        float[] x = a.data();
        float[] y = b.data();
        for (int i = 0; i < x.length; i++) {
            double d = clamp(x[i]) - clamp(y[i]);
            sse += d * d;
        }
        double mse = sse / x.length;
        return mse == 0 ? Double.POSITIVE_INFINITY : 10 * Math.log10(1 / mse);
    }

    /**
     * Pearson correlation of the edge strength (Sobel magnitude of the luminance, after a Gaussian
     * blur of {@code blurSigma} pixels) of two images of one size. It is near 1 when the images share
     * their outlines, near 0 for unrelated images: a painted version of a photo keeps the photo's
     * outlines while its own strokes add fine edges, which the blur discounts.
     */
    public static double edgeCorrelation(Image a, Image b, double blurSigma) {
        requireSameSize(a, b);
        double[] ea = edges(blur(luminance(a), a.width(), a.height(), blurSigma), a.width(), a.height());
        double[] eb = edges(blur(luminance(b), b.width(), b.height(), blurSigma), b.width(), b.height());
        return correlation(ea, eb);
    }

    /**
     * Pearson correlation of the luminance of two images of one size, pixel by pixel: near 0 when
     * nothing is where it is in the other image, as for a texture and the painting it came from.
     */
    public static double pixelCorrelation(Image a, Image b) {
        requireSameSize(a, b);
        return correlation(luminance(a), luminance(b));
    }

    /** Rec. 601 luma of each pixel. */
    static double[] luminance(Image img) {
        int n = img.pixels();
        float[] d = img.data();
        double[] y = new double[n];
        for (int i = 0; i < n; i++) {
            y[i] = 0.299 * clamp(d[i]) + 0.587 * clamp(d[n + i]) + 0.114 * clamp(d[2 * n + i]);
        }
        return y;
    }

    static double[] blur(double[] v, int w, int h, double sigma) {
        if (sigma <= 0) {
            return v;
        }
        int r = (int) Math.ceil(3 * sigma);
        double[] k = new double[2 * r + 1];
        double sum = 0;
        for (int i = -r; i <= r; i++) {
            k[i + r] = Math.exp(-i * i / (2 * sigma * sigma));
            sum += k[i + r];
        }
        for (int i = 0; i < k.length; i++) {
            k[i] /= sum;
        }
        double[] tmp = new double[v.length];
        double[] out = new double[v.length];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                double s = 0;
                for (int i = -r; i <= r; i++) {
                    s += k[i + r] * v[y * w + Math.min(w - 1, Math.max(0, x + i))];
                }
                tmp[y * w + x] = s;
            }
        }
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                double s = 0;
                for (int i = -r; i <= r; i++) {
                    s += k[i + r] * tmp[Math.min(h - 1, Math.max(0, y + i)) * w + x];
                }
                out[y * w + x] = s;
            }
        }
        return out;
    }

    static double[] edges(double[] v, int w, int h) {
        double[] e = new double[v.length];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                double gx = at(v, w, h, x + 1, y - 1) + 2 * at(v, w, h, x + 1, y) + at(v, w, h, x + 1, y + 1)
                        - at(v, w, h, x - 1, y - 1) - 2 * at(v, w, h, x - 1, y) - at(v, w, h, x - 1, y + 1);
                double gy = at(v, w, h, x - 1, y + 1) + 2 * at(v, w, h, x, y + 1) + at(v, w, h, x + 1, y + 1)
                        - at(v, w, h, x - 1, y - 1) - 2 * at(v, w, h, x, y - 1) - at(v, w, h, x + 1, y - 1);
                e[y * w + x] = Math.hypot(gx, gy);
            }
        }
        return e;
    }

    private static double at(double[] v, int w, int h, int x, int y) {
        return v[Math.min(h - 1, Math.max(0, y)) * w + Math.min(w - 1, Math.max(0, x))];
    }

    static double correlation(double[] a, double[] b) {
        double ma = 0;
        double mb = 0;
        for (int i = 0; i < a.length; i++) {
            ma += a[i];
            mb += b[i];
        }
        ma /= a.length;
        mb /= b.length;
        double sab = 0;
        double saa = 0;
        double sbb = 0;
        for (int i = 0; i < a.length; i++) {
            sab += (a[i] - ma) * (b[i] - mb);
            saa += (a[i] - ma) * (a[i] - ma);
            sbb += (b[i] - mb) * (b[i] - mb);
        }
        return saa == 0 || sbb == 0 ? 0 : sab / Math.sqrt(saa * sbb);
    }

    private static double clamp(float v) {
        return Math.max(0, Math.min(1, v));
    }

    private static void requireSameSize(Image a, Image b) {
        if (a.width() != b.width() || a.height() != b.height()) {
            throw new IllegalArgumentException("images differ in size: " + a + " and " + b);
        }
    }
}
