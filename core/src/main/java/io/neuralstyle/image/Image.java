package io.neuralstyle.image;

import java.util.Arrays;

/**
 * An RGB image as planar floats in [0, 1]: channel-major (CHW) so that a channel is one contiguous
 * run, the layout every pixel-wise operation and the engine's input conversion expect.
 * Index of (channel c, row y, column x) is {@code (c * height + y) * width + x}.
 */
public final class Image {
    public static final int CHANNELS = 3;

    private final int width;
    private final int height;
    private final float[] data;

    /** Takes ownership of {@code chw}; it must hold {@code 3 * width * height} values. */
    public Image(int width, int height, float[] chw) {
        if (width <= 0 || height <= 0) {
            throw new IllegalArgumentException("image size must be positive, got " + width + "x" + height);
        }
        if (chw.length != CHANNELS * width * height) {
            throw new IllegalArgumentException("expected " + CHANNELS * width * height + " values for a "
                    + width + "x" + height + " RGB image, got " + chw.length);
        }
        this.width = width;
        this.height = height;
        this.data = chw;
    }

    public static Image filled(int width, int height, float value) {
        float[] d = new float[CHANNELS * width * height];
        Arrays.fill(d, value);
        return new Image(width, height, d);
    }

    public int width() {
        return width;
    }

    public int height() {
        return height;
    }

    public int pixels() {
        return width * height;
    }

    /** The backing array, not a copy: callers that change it own the image. */
    public float[] data() {
        return data;
    }

    public float get(int c, int y, int x) {
        return data[(c * height + y) * width + x];
    }

    public Image copy() {
        return new Image(width, height, data.clone());
    }

    /** A copy with every value clamped to [0, 1]. */
    public Image clamped() {
        float[] d = data.clone();
        for (int i = 0; i < d.length; i++) {
            d[i] = Math.max(0f, Math.min(1f, d[i]));
        }
        return new Image(width, height, d);
    }

    @Override
    public String toString() {
        return "Image[" + width + "x" + height + "]";
    }
}
