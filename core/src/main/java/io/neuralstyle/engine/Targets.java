package io.neuralstyle.engine;

import java.util.List;
import java.util.Map;

/**
 * What the generated image must match: the content image's feature maps P_l at the content layers,
 * and one or more style targets: Gram matrices A_l (N_l x N_l, already divided by the positions M_l,
 * see {@link LossTerms}) at the style layers, each optionally restricted to a region by a mask. The
 * style loss of a layer is the sum of its styles' terms. For a video frame, the images it should stay
 * close to where they are reliable: the previous painted frames, warped to this one (Ruder et al. 2016).
 */
public record Targets(Map<String, FeatureMap> content, List<StyleTarget> styles, List<TemporalTarget> temporal) {

    public Targets {
        styles = List.copyOf(styles);
        temporal = List.copyOf(temporal);
    }

    /** Content and styles, no temporal target: a still image. */
    public Targets(Map<String, FeatureMap> content, List<StyleTarget> styles) {
        this(content, styles, List.of());
    }

    /** One unmasked style: the paper's method. */
    public Targets(Map<String, FeatureMap> content, Map<String, float[]> styleGrams) {
        this(content, List.of(new StyleTarget(styleGrams, null)));
    }
}
