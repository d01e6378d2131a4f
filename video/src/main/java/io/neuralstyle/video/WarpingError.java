package io.neuralstyle.video;

import io.neuralstyle.image.Image;

/**
 * How much a painted clip flickers, as Ruder et al. (2016) and Lai et al. (2018, "warping error")
 * measure it: the mean squared difference between each painted frame and the previous painted frame
 * warped to it along the clip's own flow, over the pixels the consistency check keeps, in image
 * units (0..1) squared. Averaged over the frame pairs it is given.
 */
public final class WarpingError {
    private double sum;
    private int pairs;

    /**
     * Adds the pair (previous, current) of painted frames, with the flow from current to previous and
     * from previous to current computed on the photos.
     *
     * @return this pair's error
     */
    public double add(Image previousPainted, Image currentPainted, Flow backward, Flow forward) {
        double e = of(previousPainted, currentPainted, backward, Consistency.weights(backward, forward));
        sum += e;
        pairs++;
        return e;
    }

    /** The mean over the pairs added so far; NaN before any. */
    public double mean() {
        return pairs == 0 ? Double.NaN : sum / pairs;
    }

    static double of(Image previousPainted, Image currentPainted, Flow backward, float[] weights) {
        Image warped = Warp.backward(previousPainted, backward);
        int plane = weights.length;
        double sum = 0;
        double count = 0;
        for (int c = 0; c < 3; c++) {
            for (int p = 0; p < plane; p++) {
                double d = currentPainted.data()[c * plane + p] - warped.data()[c * plane + p];
                sum += weights[p] * d * d;
                count += weights[p];
            }
        }
        return count == 0 ? 0 : sum / count;
    }
}
