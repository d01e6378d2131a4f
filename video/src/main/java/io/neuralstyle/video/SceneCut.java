package io.neuralstyle.video;

import io.neuralstyle.transfer.TemporalGuide;

/**
 * Whether a frame begins a new scene: so few of its pixels follow from the previous frame (the
 * forward-backward check, {@link Consistency}) that holding it to the previous painted frame would
 * only drag the old scene into the new one. Such a frame is painted as a first frame.
 */
final class SceneCut {
    /**
     * The share of trusted pixels below which a frame is a cut. Measured on the test clips (pans and
     * zooms over tubingen.jpg and hoovertowernight.jpg with a picture sliding across), at 64x48 and
     * 128x96: consecutive frames kept 51-86% (the least on the brisk pan at 64x48); a hard cut between
     * the two clips, either way, 0.1-5%.
     */
    static final double MAX_TRUSTED = 0.2;

    private SceneCut() {
    }

    /** The share of the frame's pixels trusted from the nearest earlier frame, 0..1. */
    static double trusted(TemporalGuide guide) {
        return mean(guide.frames().get(0).weights().data(), guide.frames().get(0).weights().pixels());
    }

    static boolean at(TemporalGuide guide) {
        return trusted(guide) < MAX_TRUSTED;
    }

    /** Whether a frame begins a new scene, from the flows between it and the frame before (as {@link #at}). */
    static boolean between(Flow backward, Flow forward) {
        float[] c = Consistency.weights(backward, forward);
        return mean(c, c.length) < MAX_TRUSTED;
    }

    /** The mean of the first {@code count} weights: one plane of a guide's, or the consistency check's. */
    private static double mean(float[] weights, int count) {
        double sum = 0;
        for (int p = 0; p < count; p++) {
            sum += weights[p];
        }
        return sum / count;
    }
}
