package io.neuralstyle.model;

import java.util.Arrays;

/**
 * How a weights file wants its input: the network sees, for each of its channels c,
 * {@code (rgb[source(c)] * scale - mean[c]) / std[c]} where rgb is the image in [0, 1] and
 * source(c) swaps R and B when {@code bgr} is set.
 *
 * <p>The Caffe/Keras VGG19 (our q8 weights) takes BGR in 0..255 minus the ImageNet means;
 * torchvision's takes RGB in 0..1 normalized by mean and standard deviation.
 */
public record Preprocessing(boolean bgr, float scale, float[] mean, float[] std) {

    public static final Preprocessing CAFFE = new Preprocessing(true, 255f,
            new float[] {103.939f, 116.779f, 123.68f}, new float[] {1f, 1f, 1f});

    public static final Preprocessing TORCHVISION = new Preprocessing(false, 1f,
            new float[] {0.485f, 0.456f, 0.406f}, new float[] {0.229f, 0.224f, 0.225f});

    public Preprocessing {
        if (mean.length != 3 || std.length != 3) {
            throw new IllegalArgumentException("mean and std need 3 values each");
        }
        mean = mean.clone();
        std = std.clone();
    }

    /** Which RGB channel feeds network channel c. */
    public int source(int c) {
        return bgr ? 2 - c : c;
    }

    @Override
    public float[] mean() {
        return mean.clone();
    }

    @Override
    public float[] std() {
        return std.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Preprocessing p && p.bgr == bgr && p.scale == scale
                && Arrays.equals(p.mean, mean) && Arrays.equals(p.std, std);
    }

    @Override
    public int hashCode() {
        return Boolean.hashCode(bgr) * 31 * 31 + Float.hashCode(scale) * 31 + Arrays.hashCode(mean)
                + 7 * Arrays.hashCode(std);
    }

    @Override
    public String toString() {
        return (bgr ? "BGR" : "RGB") + " x" + scale + " mean " + Arrays.toString(mean) + " std " + Arrays.toString(std);
    }
}
