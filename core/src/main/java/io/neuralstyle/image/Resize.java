package io.neuralstyle.image;

/**
 * High-quality resampling with separable filters, the way Pillow's resize works: each output pixel is
 * a weighted sum of the input pixels under a filter centered on it. When shrinking, the filter is
 * widened by the scale factor so every input pixel contributes (no aliasing or moiré, which the
 * network would otherwise pick up as texture); when enlarging, bicubic interpolation is sharp enough.
 */
public final class Resize {
    private Resize() {
    }

    /** A resampling kernel: {@code weight} is zero outside [-support, support]. */
    private interface Filter {
        double support();

        double weight(double x);
    }

    /** Lanczos-3: the sharpest common antialiasing filter, for shrinking. */
    private static final Filter LANCZOS3 = new Filter() {
        public double support() {
            return 3.0;
        }

        public double weight(double x) {
            return Math.abs(x) < 3.0 ? sinc(x) * sinc(x / 3.0) : 0.0;
        }
    };

    /** Keys' cubic with a = -0.5 (Catmull-Rom), the usual "bicubic": for enlarging. */
    private static final Filter BICUBIC = new Filter() {
        public double support() {
            return 2.0;
        }

        public double weight(double x) {
            final double a = -0.5;
            x = Math.abs(x);
            if (x < 1.0) {
                return ((a + 2.0) * x - (a + 3.0)) * x * x + 1.0;
            }
            if (x < 2.0) {
                return (((x - 5.0) * x + 8.0) * x - 4.0) * a;
            }
            return 0.0;
        }
    };

    /** {@code image} resampled to exactly {@code width} x {@code height}; a copy if the size is unchanged. */
    public static Image to(Image image, int width, int height) {
        if (width <= 0 || height <= 0) {
            throw new IllegalArgumentException("target size must be positive, got " + width + "x" + height);
        }
        if (width == image.width() && height == image.height()) {
            return image.copy();
        }
        float[] wide = horizontal(image.data(), image.width(), image.height(), width);
        float[] out = vertical(wide, width, image.height(), height);
        // Lanczos and bicubic overshoot slightly at hard edges; the rest of the pipeline assumes [0, 1].
        for (int i = 0; i < out.length; i++) {
            out[i] = Math.max(0f, Math.min(1f, out[i]));
        }
        return new Image(width, height, out);
    }

    /**
     * {@code image} scaled so that its longer side is {@code longest}, keeping the aspect ratio; the
     * other side is rounded to the nearest pixel and is at least 1.
     */
    public static Image toLongestSide(Image image, int longest) {
        int[] size = longestSide(image, longest);
        return to(image, size[0], size[1]);
    }

    /** The width and height {@link #toLongestSide} gives, without resizing. */
    public static int[] longestSide(Image image, int longest) {
        if (longest <= 0) {
            throw new IllegalArgumentException("longest side must be positive, got " + longest);
        }
        int w = image.width();
        int h = image.height();
        if (w >= h) {
            return new int[] {longest, sideFor(h, w, longest)};
        }
        return new int[] {sideFor(w, h, longest), longest};
    }

    private static int sideFor(int side, int longSide, int longest) {
        return (int) Math.max(1, Math.round((double) side * longest / longSide));
    }

    /** For each output index along one axis, the first input index it reads and the weights it uses. */
    private record Taps(int[] first, float[][] weights) {
        static Taps of(int inSize, int outSize) {
            double scale = (double) inSize / outSize;
            Filter filter = scale > 1.0 ? LANCZOS3 : BICUBIC;
            double filterScale = Math.max(scale, 1.0);
            double support = filter.support() * filterScale;
            int[] first = new int[outSize];
            float[][] weights = new float[outSize][];
            for (int i = 0; i < outSize; i++) {
                double center = (i + 0.5) * scale;
                int lo = Math.max(0, (int) Math.floor(center - support + 0.5));
                int hi = Math.min(inSize, (int) Math.floor(center + support + 0.5));
                double[] w = new double[hi - lo];
                double sum = 0.0;
                for (int j = lo; j < hi; j++) {
                    w[j - lo] = filter.weight((j + 0.5 - center) / filterScale);
                    sum += w[j - lo];
                }
                // Renormalize: near the border part of the filter falls outside the image, and
                // constant regions must stay exactly constant.
                float[] normalized = new float[w.length];
                for (int k = 0; k < w.length; k++) {
                    normalized[k] = (float) (w[k] / sum);
                }
                first[i] = lo;
                weights[i] = normalized;
            }
            return new Taps(first, weights);
        }
    }

    private static float[] horizontal(float[] in, int inWidth, int height, int outWidth) {
        Taps taps = Taps.of(inWidth, outWidth);
        float[] out = new float[Image.CHANNELS * height * outWidth];
        for (int row = 0; row < Image.CHANNELS * height; row++) {
            int inRow = row * inWidth;
            int outRow = row * outWidth;
            for (int x = 0; x < outWidth; x++) {
                float[] w = taps.weights()[x];
                int start = inRow + taps.first()[x];
                float sum = 0f;
                for (int k = 0; k < w.length; k++) {
                    sum += w[k] * in[start + k];
                }
                out[outRow + x] = sum;
            }
        }
        return out;
    }

    private static float[] vertical(float[] in, int width, int inHeight, int outHeight) {
        Taps taps = Taps.of(inHeight, outHeight);
        float[] out = new float[Image.CHANNELS * outHeight * width];
        for (int c = 0; c < Image.CHANNELS; c++) {
            int inPlane = c * inHeight * width;
            int outPlane = c * outHeight * width;
            for (int y = 0; y < outHeight; y++) {
                float[] w = taps.weights()[y];
                int outRow = outPlane + y * width;
                // Row by row rather than pixel by pixel: the inner loop then walks memory in order.
                for (int k = 0; k < w.length; k++) {
                    int inRow = inPlane + (taps.first()[y] + k) * width;
                    float wk = w[k];
                    for (int x = 0; x < width; x++) {
                        out[outRow + x] += wk * in[inRow + x];
                    }
                }
            }
        }
        return out;
    }

    private static double sinc(double x) {
        if (x == 0.0) {
            return 1.0;
        }
        double px = Math.PI * x;
        return Math.sin(px) / px;
    }
}
