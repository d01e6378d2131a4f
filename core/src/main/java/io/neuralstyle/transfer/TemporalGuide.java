package io.neuralstyle.transfer;

import io.neuralstyle.image.Image;
import java.util.List;

/**
 * What a video frame is held to, so that a painted clip does not flicker (Ruder, Dosovitskiy and
 * Brox, "Artistic style transfer for videos", 2016): earlier painted frames warped to this one along
 * the optical flow, each with weights that say where the warp can be trusted. The run adds
 * {@code weight * sum_j sum c_j (x - w_j)^2 / (3 H W)} to its loss (see the engine's LossTerms).
 *
 * @param weight tau, the temporal term's weight
 * @param frames the warped frames w_j with their weights c_j; one for the paper's short-term loss,
 *               several with disjoint weights for its long-term loss
 */
public record TemporalGuide(double weight, List<Frame> frames) {

    public TemporalGuide {
        if (!(weight >= 0) || Double.isInfinite(weight)) {
            throw new IllegalArgumentException("the temporal weight must be finite and not negative, got " + weight);
        }
        frames = List.copyOf(frames);
    }

    /**
     * One earlier painted frame warped to this one, in the output's colors, and its weights in [0, 1]
     * (the same value on the three channels for a per-pixel weight). Both are resized to each stage.
     */
    public record Frame(Image image, Image weights) {
        public Frame {
            if (image.width() != weights.width() || image.height() != weights.height()) {
                throw new IllegalArgumentException("a warped frame and its weights must be the same size: " + image
                        + " and " + weights);
            }
        }
    }
}
