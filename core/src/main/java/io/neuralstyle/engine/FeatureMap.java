package io.neuralstyle.engine;

/**
 * One layer's feature maps for one image, stored position-major (HWC: {@code channels} values per
 * pixel), the layout in which a Gram matrix is a single product F^T F.
 */
public record FeatureMap(int channels, int height, int width, float[] hwc) {

    public FeatureMap {
        if (hwc.length != (long) channels * height * width) {
            throw new IllegalArgumentException("feature map of " + channels + "x" + height + "x" + width
                    + " needs " + (long) channels * height * width + " values, got " + hwc.length);
        }
    }

    /** Number of positions M = height * width. */
    public int positions() {
        return height * width;
    }

    /** The value of channel c at (y, x). */
    public float get(int c, int y, int x) {
        return hwc[(y * width + x) * channels + c];
    }

    /** The same values in channel-major order (CHW), as PyTorch lays them out. */
    public float[] toChw() {
        float[] chw = new float[hwc.length];
        int m = positions();
        for (int p = 0; p < m; p++) {
            for (int c = 0; c < channels; c++) {
                chw[c * m + p] = hwc[p * channels + c];
            }
        }
        return chw;
    }
}
