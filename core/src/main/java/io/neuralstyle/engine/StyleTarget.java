package io.neuralstyle.engine;

import io.neuralstyle.image.Image;
import java.util.List;
import java.util.Map;

/**
 * What one style asks for, and where: with a mask (Gatys et al. 2017, "Controlling Perceptual
 * Factors in Neural Style Transfer") the generated image's statistics are taken over the masked
 * region only, with the mask resized to each layer.
 *
 * <p>Which statistics depend on {@link LossSpec#styleLoss()}: the Gram loss needs {@code grams}; W2
 * needs {@code grams} (the second moments) and {@code means}; the sliced loss needs the paintings'
 * features themselves, which it projects on its directions. A map or list a loss does not need may be
 * empty.
 *
 * <p>Why the sliced loss keeps a list of paintings where the others keep one set of statistics: a blend
 * of Gram matrices (or of means and second moments) is their weighted mean, computed before the
 * engine; a blend of sliced targets is the mixture of the paintings' projected distributions, which
 * exists only on the engine's directions, so each painting's features travel with their blend weight.
 *
 * @param grams     layer to target Gram A_l (N_l x N_l, divided by the positions: the second moment)
 * @param mask      any size; its mean over the RGB channels, in [0, 1], weighs each position (white:
 *                  the style applies); null for the whole image
 * @param means     layer to the mean of the painting's features, N_l values
 * @param paintings the paintings whose features the sliced loss compares with: one, or a blend
 */
public record StyleTarget(Map<String, float[]> grams, Image mask, Map<String, float[]> means,
        List<Painting> paintings) {

    /**
     * One painting's feature maps and its blend weight b_k (any positive scale: the weights are
     * divided by their sum).
     *
     * @param weight   b_k, at least 0
     * @param features layer to the painting's feature map
     */
    public record Painting(double weight, Map<String, FeatureMap> features) {
        public Painting {
            if (!(weight >= 0) || Double.isInfinite(weight)) {
                throw new IllegalArgumentException("a blend weight must be finite and at least 0, not " + weight);
            }
            features = Map.copyOf(features);
        }
    }

    public StyleTarget {
        grams = Map.copyOf(grams);
        means = Map.copyOf(means);
        paintings = List.copyOf(paintings);
    }

    /** Gram matrices only: the paper's style target. */
    public StyleTarget(Map<String, float[]> grams, Image mask) {
        this(grams, mask, Map.of(), List.of());
    }
}
