package io.neuralstyle.engine;

import io.neuralstyle.image.Image;
import java.util.Map;

/**
 * What one style asks for, and where: with a mask (Gatys et al. 2017, "Controlling Perceptual
 * Factors in Neural Style Transfer") the generated image's statistics are taken over the masked
 * region only, with the mask resized to each layer.
 *
 * <p>Which statistics depend on {@link LossSpec#styleLoss()}: the Gram loss needs {@code grams}; W2
 * needs {@code grams} (the second moments) and {@code means}; the sliced loss needs the painting's
 * {@code features} themselves, which it projects on its directions. A map a loss does not need may be
 * empty.
 *
 * @param grams    layer to target Gram A_l (N_l x N_l, divided by the positions: the second moment)
 * @param mask     any size; its mean over the RGB channels, in [0, 1], weighs each position (white:
 *                 the style applies); null for the whole image
 * @param means    layer to the mean of the painting's features, N_l values
 * @param features layer to the painting's feature map
 */
public record StyleTarget(Map<String, float[]> grams, Image mask, Map<String, float[]> means,
        Map<String, FeatureMap> features) {

    public StyleTarget {
        grams = Map.copyOf(grams);
        means = Map.copyOf(means);
        features = Map.copyOf(features);
    }

    /** Gram matrices only: the paper's style target. */
    public StyleTarget(Map<String, float[]> grams, Image mask) {
        this(grams, mask, Map.of(), Map.of());
    }
}
