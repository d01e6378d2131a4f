package io.neuralstyle.engine;

/**
 * The loss terms of the image itself, which need no network: each is computed here from the image,
 * in plain Java, with its gradient, for the whole-image and the tiled objective alike (it is local
 * and cheap, so it needs no tiles). Each has its weight in {@link LossSpec#weight(ImageTerm)} (0
 * turns it off) and its value, before the weight, in {@link Losses#term(ImageTerm)}; the total adds
 * {@code weight * value} of every term to eq. 7's (see {@link LossTerms}).
 *
 * <p>So a new term of the image is a constant here, with its formula and its computation: the spec,
 * {@link LossAssembly#losses}, {@link Losses} and the progress line loop over the constants. Where its
 * weight is a user's setting, the settings map that setting to it ({@code Settings.lossSpec()}).
 */
public enum ImageTerm {
    /**
     * Smoothness, the total variation of the RGB image x in [0, 1]:
     * {@code TV = (sum (x[c,y,x+1]-x[c,y,x])^2 + sum (x[c,y+1,x]-x[c,y,x])^2) / (3 H W)}.
     */
    SMOOTHNESS("tv") {
        @Override
        double addGradient(float[] image, ImageTermInput in, double weight, float[] gradient) {
            int width = in.width();
            int height = in.height();
            double scale = 1.0 / (3.0 * height * width);
            double sum = 0;
            for (int c = 0; c < 3; c++) {
                for (int y = 0; y < height; y++) {
                    int row = (c * height + y) * width;
                    for (int x = 0; x < width; x++) {
                        int i = row + x;
                        if (x + 1 < width) {
                            double d = image[i + 1] - image[i];
                            sum += d * d;
                            float g = (float) (2 * weight * scale * d);
                            gradient[i + 1] += g;
                            gradient[i] -= g;
                        }
                        if (y + 1 < height) {
                            double d = image[i + width] - image[i];
                            sum += d * d;
                            float g = (float) (2 * weight * scale * d);
                            gradient[i + width] += g;
                            gradient[i] -= g;
                        }
                    }
                }
            }
            return sum * scale;
        }
    },
    /**
     * Temporal, of a video frame (Ruder, Dosovitskiy and Brox 2016, eq. 7 and 8), weighted tau:
     * {@code L_temporal = sum_j sum c_j (x - w_j)^2 / (3 H W)}, with w_j an earlier painted frame
     * warped to this one and c_j its weights ({@link TemporalTarget}): the paper's D = 3 H W. One
     * earlier frame is their short-term loss, several with disjoint weights their long-term loss; 0
     * without targets (a still image).
     */
    TEMPORAL("temporal") {
        @Override
        double addGradient(float[] x, ImageTermInput in, double weight, float[] gradient) {
            double sum = 0;
            double scale = 1.0 / x.length;
            float factor = (float) (2 * weight * scale);
            for (TemporalTarget t : in.temporal()) {
                float[] w = t.image();
                float[] c = t.weights();
                for (int i = 0; i < x.length; i++) {
                    float d = x[i] - w[i];
                    sum += (double) c[i] * d * d;
                    gradient[i] += factor * c[i] * d;
                }
            }
            return sum * scale;
        }
    };

    private final String label;

    ImageTerm(String label) {
        this.label = label;
    }

    /** The term's short name, as the progress line shows it: {@code tv}, {@code temporal}. */
    public String label() {
        return label;
    }

    /**
     * This term of the image {@code x} (CHW, of the input's size), before its weight; adds
     * {@code weight} times its gradient into {@code gradient}.
     */
    abstract double addGradient(float[] x, ImageTermInput in, double weight, float[] gradient);
}
