package io.neuralstyle.engine;

import java.util.Map;

/**
 * The loss terms at one point, as defined in {@link LossTerms}: {@code content} = sum of v_l Lc_l,
 * {@code style} = sum of w_l E_l, {@code tv} the smoothness term, {@code temporal} a video frame's
 * distance to the earlier painted frames (0 for a still image), all before their weights;
 * {@code total} = alpha content + beta style + tvWeight tv + tau temporal, the value being minimized.
 */
public record Losses(double content, double style, double tv, double temporal, double total,
        Map<String, Double> contentPerLayer, Map<String, Double> stylePerLayer) {
}
