package io.neuralstyle.video;

/**
 * What a video run needs beyond a still image's settings; each default written once, here.
 *
 * @param temporalWeight  tau, the weight of the temporal term (Ruder et al. 2016) against the content
 *                        and style terms as {@code Settings} weighs them
 * @param frameIterations iterations of each frame after the first, which starts from the previous
 *                        painted frame warped to it and so needs far fewer than the first
 * @param longTerm        hold each frame to frames t-1, t-2 and t-4 (the paper's long-term loss), not
 *                        to t-1 alone
 * @param frameRate       frames per second of the output when the input does not say (a folder of
 *                        frames); a video's own rate wins
 */
public record VideoSettings(double temporalWeight, int frameIterations, boolean longTerm, double frameRate) {
    /**
     * A first choice, not yet tuned: on the temporal term's scale (a mean over values in 0..1), 1000
     * makes a frame that departs from the warped one by 0.03 everywhere cost about as much as the
     * default content and style terms of a finished frame. With it, the test clip (64 px, 6 frames)
     * flickers more than 3x less than frames painted apart, at no more than 20% more style loss. The
     * sweep that should choose it (100 to 10000 on 128 and 256 px clips) is still to be run.
     */
    public static final double DEFAULT_TEMPORAL_WEIGHT = 1000;
    /** A first choice, a fifth of a still image's 500, not yet tuned by measurement. */
    public static final int DEFAULT_FRAME_ITERATIONS = 100;
    public static final double DEFAULT_FRAME_RATE = 25;
    /** The earlier frames the long-term loss looks at, nearest first (Ruder et al.: J = {1, 2, 4}). */
    static final int[] LONG_TERM_FRAMES = {1, 2, 4};

    public VideoSettings {
        if (!(temporalWeight >= 0) || Double.isInfinite(temporalWeight)) {
            throw new IllegalArgumentException("--temporal-weight must be a finite number, 0 or more, got "
                    + temporalWeight);
        }
        if (frameIterations < 1) {
            throw new IllegalArgumentException("--frame-iterations must be 1 or more, got " + frameIterations);
        }
        if (!(frameRate > 0) || Double.isInfinite(frameRate)) {
            throw new IllegalArgumentException("--frame-rate must be a positive number, got " + frameRate);
        }
    }

    public static VideoSettings defaults() {
        return new VideoSettings(DEFAULT_TEMPORAL_WEIGHT, DEFAULT_FRAME_ITERATIONS, false, DEFAULT_FRAME_RATE);
    }

    /** The earlier frames each frame is held to, nearest first. */
    int[] earlierFrames() {
        return longTerm ? LONG_TERM_FRAMES.clone() : new int[] {1};
    }
}
