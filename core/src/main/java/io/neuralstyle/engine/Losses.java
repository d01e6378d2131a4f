package io.neuralstyle.engine;

import java.util.Map;

/**
 * The loss terms at one point, as defined in {@link LossTerms}: {@code content} = sum of v_l Lc_l,
 * {@code style} = sum of w_l E_l, {@code terms} each {@link ImageTerm} (smoothness, a video frame's
 * temporal term), all before their weights; {@code total} = alpha content + beta style + the sum of
 * each image term's weight times its value, the value being minimized.
 */
public record Losses(double content, double style, Map<ImageTerm, Double> terms, double total,
        Map<String, Double> contentPerLayer, Map<String, Double> stylePerLayer) {

    /** One term of the image, before its weight; 0 where it was not computed. */
    public double term(ImageTerm term) {
        return terms.getOrDefault(term, 0.0);
    }
}
