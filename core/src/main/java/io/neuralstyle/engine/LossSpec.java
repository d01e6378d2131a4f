package io.neuralstyle.engine;

import io.neuralstyle.model.Vgg19;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Which layers enter the loss and how they are weighted; see {@link LossTerms} for what each term
 * measures.
 *
 * @param contentLayers layer to weight v_l of its content term (may be empty: a pure texture)
 * @param styleLayers   layer to weight w_l of its style term (may be empty: a pure reconstruction)
 * @param contentWeight alpha
 * @param styleWeight   beta
 * @param tvWeight      weight of the total-variation smoothness term (0 turns it off)
 * @param temporalWeight tau, weight of the temporal term that holds a video frame to the previous
 *                      painted ones (0 for a still image)
 * @param styleLoss     how a style layer compares features: Gram matrices (the paper), W2 or sliced
 * @param projections   the sliced loss's random directions per layer; 0: as many as the layer has
 *                      channels (see {@link #projections(String)})
 * @param sliceSeed     seed of the sliced loss's directions, fixed for the whole objective
 */
public record LossSpec(Map<String, Double> contentLayers, Map<String, Double> styleLayers,
        double contentWeight, double styleWeight, double tvWeight, double temporalWeight, StyleLoss styleLoss,
        int projections, long sliceSeed) {

    /** The Gram loss of the paper, with a temporal weight. */
    public LossSpec(Map<String, Double> contentLayers, Map<String, Double> styleLayers, double contentWeight,
            double styleWeight, double tvWeight, double temporalWeight) {
        this(contentLayers, styleLayers, contentWeight, styleWeight, tvWeight, temporalWeight, StyleLoss.GRAM, 0, 0);
    }

    /** A still image's loss: no temporal term. */
    public LossSpec(Map<String, Double> contentLayers, Map<String, Double> styleLayers, double contentWeight,
            double styleWeight, double tvWeight) {
        this(contentLayers, styleLayers, contentWeight, styleWeight, tvWeight, 0);
    }

    /** The same loss with the temporal term weighted {@code tau}. */
    public LossSpec withTemporalWeight(double tau) {
        return new LossSpec(contentLayers, styleLayers, contentWeight, styleWeight, tvWeight, tau, styleLoss,
                projections, sliceSeed);
    }

    /** The same loss with the smoothness term weighted {@code w}. */
    public LossSpec withTvWeight(double w) {
        return new LossSpec(contentLayers, styleLayers, contentWeight, styleWeight, w, temporalWeight, styleLoss,
                projections, sliceSeed);
    }

    /** The same loss with another style term. */
    public LossSpec withStyleLoss(StyleLoss loss, int projections, long sliceSeed) {
        return new LossSpec(contentLayers, styleLayers, contentWeight, styleWeight, tvWeight, temporalWeight, loss,
                projections, sliceSeed);
    }

    /** The number of sliced directions at a layer: {@link #projections()}, or its channels when that is 0. */
    public int projections(String layer) {
        return projections > 0 ? projections : Vgg19.outChannels(layer);
    }

    public LossSpec {
        contentLayers = canonical(contentLayers);
        styleLayers = canonical(styleLayers);
        if (contentLayers.isEmpty() && styleLayers.isEmpty()) {
            throw new IllegalArgumentException("the loss needs at least one content or style layer");
        }
        Objects.requireNonNull(styleLoss, "style loss");
        if (projections < 0) {
            throw new IllegalArgumentException("projections must not be negative (0: one per channel), got "
                    + projections);
        }
        for (double w : new double[] {contentWeight, styleWeight, tvWeight, temporalWeight}) {
            if (!(w >= 0) || Double.isInfinite(w)) {
                throw new IllegalArgumentException("loss weights must be finite and not negative, got " + w);
            }
        }
    }

    private static Map<String, Double> canonical(Map<String, Double> layers) {
        Map<String, Double> out = new LinkedHashMap<>();
        layers.forEach((name, weight) -> {
            if (!(weight >= 0) || Double.isInfinite(weight)) {
                throw new IllegalArgumentException("layer weight of " + name + " must be finite and not negative, got "
                        + weight);
            }
            if (out.put(Vgg19.canonical(name), weight) != null) {
                throw new IllegalArgumentException("layer " + name + " is listed twice");
            }
        });
        return Collections.unmodifiableMap(out);
    }

    /** The deepest layer any term reads: the network is built only up to it. */
    public String deepestLayer() {
        int deepest = -1;
        for (String l : contentLayers.keySet()) {
            deepest = Math.max(deepest, Vgg19.index(l));
        }
        for (String l : styleLayers.keySet()) {
            deepest = Math.max(deepest, Vgg19.index(l));
        }
        return Vgg19.LAYERS.get(deepest);
    }
}
