package io.neuralstyle.engine;

/**
 * What a video frame should stay close to (Ruder, Dosovitskiy and Brox 2016): an earlier painted
 * frame warped to this one along the optical flow, and a weight per value saying where that warped
 * frame can be trusted (0 where the flow found an occlusion or a motion boundary, 1 elsewhere; in
 * between for the long-term form). Both are CHW arrays of the image's size, in the values the
 * objective optimizes; see {@link LossTerms} for the term.
 */
public record TemporalTarget(float[] image, float[] weights) {

    public TemporalTarget {
        if (image.length != weights.length) {
            throw new IllegalArgumentException("a temporal target needs one weight per value: " + image.length
                    + " values, " + weights.length + " weights");
        }
    }
}
