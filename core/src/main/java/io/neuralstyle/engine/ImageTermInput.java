package io.neuralstyle.engine;

import java.util.List;

/**
 * What the terms of the image ({@link ImageTerm}) read besides the image: its size, and the
 * temporal targets of a video frame (empty for a still image).
 */
record ImageTermInput(int width, int height, List<TemporalTarget> temporal) {

    /** @throws IllegalArgumentException when a temporal target is not an image of this size */
    ImageTermInput {
        for (TemporalTarget t : temporal) {
            if (t.image().length != 3 * width * height) {
                throw new IllegalArgumentException("a temporal target must be a " + width + "x" + height + " image");
            }
        }
        temporal = List.copyOf(temporal);
    }
}
