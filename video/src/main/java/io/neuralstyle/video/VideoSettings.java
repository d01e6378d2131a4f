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
 * @param acceptShort     paint a video of which fewer frames decode than its header announces (cut
 *                        short, damaged) rather than refuse it
 * @param firstFrame      the clip's frame to start at, from 1; it is painted as a first frame
 * @param frameCount      how many frames to paint from there; 0: to the end of the clip
 * @param quality         how an mp4, mov, mkv or webm output is encoded (not a GIF or a folder of
 *                        frames); like the frame rate, only the written clip uses it
 */
public record VideoSettings(double temporalWeight, int frameIterations, boolean longTerm, double frameRate,
        boolean acceptShort, int firstFrame, int frameCount, VideoQuality quality) {
    /**
     * The largest weight that kept the frames' style loss within 10% of frames painted apart, on the
     * benchmark clip (8 frames, 128x96, a pan and zoom over tubingen.jpg with a picture sliding across,
     * the_scream.jpg's style, 200 iterations for the first frame, 100 for each later one). Warping
     * error and style loss against frames painted from noise (0.01094, 0.0445): tau 30: 0.00068,
     * +6%; 100: 0.00025, +9%; 300: 0.00009, +13%; 1000: 0.00003, +20%; 3000: 0.00001, +28%. Any of
     * them flickers far less than 3x less; beyond 100 the frames lose style for flicker no eye sees.
     */
    public static final double DEFAULT_TEMPORAL_WEIGHT = 100;
    /**
     * Measured on two benchmark clips (the one above; and a brisker pan over hoovertowernight.jpg with
     * woman-with-hat-matisse.jpg sliding the other way, in starry_night.jpg's style), tau 100, style
     * loss against frames painted from noise: 25 iterations: +19% on the brisk clip; 50: +13%; 100:
     * +9%; 200: +8% for 40% more time per frame (on the first clip 200 came out as 100 in about the
     * same time: L-BFGS stops early only where it finds no lower point). Fewer cost style; more buy
     * next to nothing.
     */
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
        if (firstFrame < 1 || frameCount < 0) {
            throw new IllegalArgumentException("--frames must be START:COUNT with START 1 or more and COUNT 0 or more"
                    + " (0: to the end), got " + firstFrame + ":" + frameCount);
        }
        if (quality == null) {
            throw new IllegalArgumentException("--video-quality must be " + VideoQuality.names() + ", got none");
        }
    }

    public VideoSettings(double temporalWeight, int frameIterations, boolean longTerm, double frameRate) {
        this(temporalWeight, frameIterations, longTerm, frameRate, false, 1, 0, VideoQuality.DEFAULT);
    }

    /**
     * {@code START:COUNT} (COUNT 0 or left out: to the end) as the first frame and the count, for
     * {@code --frames}.
     *
     * @throws IllegalArgumentException naming the option when it is not that
     */
    public static int[] parseFrames(String text) {
        String[] parts = text.split(":", -1);
        try {
            if (parts.length <= 2) {
                return new int[] {Integer.parseInt(parts[0].trim()),
                    parts.length == 2 && !parts[1].isBlank() ? Integer.parseInt(parts[1].trim()) : 0};
            }
        } catch (NumberFormatException e) {
            // below
        }
        throw new IllegalArgumentException("--frames must be START:COUNT (such as 101:50, or 101: to the end),"
                + " got " + text);
    }

    /** Whether frames are painted apart, each as a single picture: a temporal weight of 0. */
    boolean apart() {
        return temporalWeight == 0;
    }

    public static VideoSettings defaults() {
        return new VideoSettings(DEFAULT_TEMPORAL_WEIGHT, DEFAULT_FRAME_ITERATIONS, false, DEFAULT_FRAME_RATE);
    }

    /** The earlier frames each frame is held to, nearest first. */
    int[] earlierFrames() {
        return longTerm ? LONG_TERM_FRAMES.clone() : new int[] {1};
    }
}
