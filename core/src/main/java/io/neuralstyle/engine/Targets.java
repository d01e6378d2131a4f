package io.neuralstyle.engine;

import java.util.Map;

/**
 * What the generated image must match: the content image's feature maps P_l at the content layers,
 * and the style's Gram matrices A_l (N_l x N_l, already divided by the positions M_l, see
 * {@link LossTerms}) at the style layers.
 */
public record Targets(Map<String, FeatureMap> content, Map<String, float[]> styleGrams) {
}
