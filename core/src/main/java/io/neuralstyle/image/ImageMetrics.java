package io.neuralstyle.image;

/**
 * Measures of images, for tests, benchmarks and the figures: PSNR for pixel fidelity, edge
 * correlation for shared structure, high-frequency energy for grain, lattice amplitude for the dot
 * patterns of a network's pooling grid.
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

    /**
     * Pixel-level grain: {@code mean |x - box3(x)|} over the RGB values in 0..255 units, where
     * {@code box3} is the 3x3 mean (edges repeated), skipping a 2-pixel border. A photo scores about
     * 6, a painting at 512 px 3 to 13 depending on its brushwork; a result noisier than its painting
     * carries grain the painting does not have.
     */
    public static double highFrequencyEnergy(Image img) {
        int w = img.width();
        int h = img.height();
        int border = 2;
        if (w <= 2 * border || h <= 2 * border) {
            throw new IllegalArgumentException("the image is too small to measure: " + img);
        }
        double sum = 0;
        long count = 0;
        for (int c = 0; c < Image.CHANNELS; c++) {
            for (int y = border; y < h - border; y++) {
                for (int x = border; x < w - border; x++) {
                    double box = 0;
                    for (int dy = -1; dy <= 1; dy++) {
                        for (int dx = -1; dx <= 1; dx++) {
                            box += clamp(img.get(c, y + dy, x + dx));
                        }
                    }
                    sum += Math.abs(clamp(img.get(c, y, x)) - box / 9);
                    count++;
                }
            }
        }
        return 255 * sum / count;
    }

    /** Periods of VGG19's pooling grid, in pixels: the strides of its blocks 2 to 5. */
    public static final int LATTICE_PERIOD = 16;

    /**
     * How strongly a square region's luminance repeats on the pooling grid, as an amplitude in 0..255
     * gray levels: the part of the region's variance at the frequencies of periods dividing
     * {@value #LATTICE_PERIOD} px (16, 8, 4, 2 px and their diagonals) beyond what the other
     * frequencies of period 16 px or less hold on average, as a root mean square. A lattice of dots
     * {@code A cos(2 pi x / 8) cos(2 pi y / 8)} scores {@code 255 A / 2}; noise, brush strokes and a
     * lattice off the grid score about 0. The region is Hann-windowed, so that its borders do not
     * leak into the spectrum.
     *
     * @param n side of the region, a multiple of {@value #LATTICE_PERIOD}, at least 64
     */
    public static double latticeAmplitude(Image img, int x0, int y0, int n) {
        if (n < 4 * LATTICE_PERIOD || n % LATTICE_PERIOD != 0 || x0 < 0 || y0 < 0 || x0 + n > img.width() || y0 + n > img.height()) {
            throw new IllegalArgumentException("the region must be a square of a multiple of " + LATTICE_PERIOD
                    + " px inside " + img + ", got " + n + " px at " + x0 + "," + y0);
        }
        double[] y = luminance(img);
        double[] re = new double[n * n];
        double mean = 0;
        for (int r = 0; r < n; r++) {
            for (int c = 0; c < n; c++) {
                mean += y[(y0 + r) * img.width() + x0 + c];
            }
        }
        mean /= n * n;
        double windowSquares = 0;
        for (int r = 0; r < n; r++) {
            for (int c = 0; c < n; c++) {
                double window = hann(r, n) * hann(c, n);
                windowSquares += window * window;
                re[r * n + c] = window * (y[(y0 + r) * img.width() + x0 + c] - mean);
            }
        }
        double[][] spectrum = dft2(re, n);
        int step = n / LATTICE_PERIOD;
        double lattice = 0;
        double other = 0;
        int latticeCount = 0;
        int otherCount = 0;
        for (int ky = 0; ky < n; ky++) {
            for (int kx = 0; kx < n; kx++) {
                int fy = Math.min(ky, n - ky);
                int fx = Math.min(kx, n - kx);
                if (Math.max(fx, fy) < step) {
                    continue; // periods over 16 px: the region's own shading, not a grid
                }
                double power = spectrum[0][ky * n + kx] * spectrum[0][ky * n + kx]
                        + spectrum[1][ky * n + kx] * spectrum[1][ky * n + kx];
                if (nearGrid(kx, step) && nearGrid(ky, step)) {
                    lattice += power;
                    latticeCount++;
                } else {
                    other += power;
                    otherCount++;
                }
            }
        }
        double excess = Math.max(0, lattice - latticeCount * other / otherCount);
        // Parseval: the power summed over the spectrum is n^2 times the windowed region's sum of squares.
        return 255 * Math.sqrt(excess / ((double) n * n) / windowSquares);
    }

    /**
     * The side of the square to measure a lattice in on an image of this size: 128 px (8 periods of
     * the grid, enough to tell a lattice from brush strokes), or the largest multiple of
     * {@value #LATTICE_PERIOD} px that fits; 0 when not even 64 px fit.
     */
    public static int latticeSquare(Image img) {
        int side = Math.min(128, Math.min(img.width(), img.height()) / LATTICE_PERIOD * LATTICE_PERIOD);
        return side >= 4 * LATTICE_PERIOD ? side : 0;
    }

    /**
     * The n x n region, on the {@value #LATTICE_PERIOD} px grid, where {@code img} has the least
     * high-frequency energy: the flattest part of a photo (a sky, a wall), where a lattice shows most.
     *
     * @return the region's left and top edges
     */
    public static int[] flattestRegion(Image img, int n) {
        double[] y = luminance(img);
        int w = img.width();
        double best = Double.POSITIVE_INFINITY;
        int[] at = null;
        for (int y0 = 0; y0 + n <= img.height(); y0 += LATTICE_PERIOD) {
            for (int x0 = 0; x0 + n <= w; x0 += LATTICE_PERIOD) {
                double sum = 0;
                for (int r = y0; r < y0 + n - 1; r++) {
                    for (int c = x0; c < x0 + n - 1; c++) {
                        sum += Math.abs(y[r * w + c + 1] - y[r * w + c]) + Math.abs(y[(r + 1) * w + c] - y[r * w + c]);
                    }
                }
                if (sum < best) {
                    best = sum;
                    at = new int[] {x0, y0};
                }
            }
        }
        if (at == null) {
            throw new IllegalArgumentException(img + " is smaller than a " + n + " px region");
        }
        return at;
    }

    /**
     * Whether a frequency index lies within one bin of a multiple of {@code step}: the Hann window
     * spreads a tone that falls on a bin over exactly that bin and its two neighbours.
     */
    private static boolean nearGrid(int k, int step) {
        int r = k % step;
        return r <= 1 || r == step - 1;
    }

    private static double hann(int i, int n) {
        return 0.5 - 0.5 * Math.cos(2 * Math.PI * (i + 0.5) / n);
    }

    /** The 2-D discrete Fourier transform of a real n x n array, row by row then column by column. */
    private static double[][] dft2(double[] real, int n) {
        double[] cos = new double[n];
        double[] sin = new double[n];
        for (int k = 0; k < n; k++) {
            cos[k] = Math.cos(2 * Math.PI * k / n);
            sin[k] = Math.sin(2 * Math.PI * k / n);
        }
        double[] rowRe = new double[n * n];
        double[] rowIm = new double[n * n];
        for (int r = 0; r < n; r++) {
            for (int k = 0; k < n; k++) {
                double a = 0;
                double b = 0;
                for (int c = 0; c < n; c++) {
                    int phase = (k * c) % n;
                    a += real[r * n + c] * cos[phase];
                    b -= real[r * n + c] * sin[phase];
                }
                rowRe[r * n + k] = a;
                rowIm[r * n + k] = b;
            }
        }
        double[] re = new double[n * n];
        double[] im = new double[n * n];
        for (int k = 0; k < n; k++) {
            for (int kx = 0; kx < n; kx++) {
                double a = 0;
                double b = 0;
                for (int r = 0; r < n; r++) {
                    int phase = (k * r) % n;
                    a += rowRe[r * n + kx] * cos[phase] + rowIm[r * n + kx] * sin[phase];
                    b += rowIm[r * n + kx] * cos[phase] - rowRe[r * n + kx] * sin[phase];
                }
                re[k * n + kx] = a;
                im[k * n + kx] = b;
            }
        }
        return new double[][] {re, im};
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
