package io.neuralstyle.engine;

import io.neuralstyle.model.LayerWeights;
import io.neuralstyle.model.Vgg19;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Which layers enter the loss and how they are weighted; see {@link LossTerms} for what each term
 * measures. Made by name:
 * {@code LossSpec.builder().contentLayers(Map.of("conv4_2", 1.0)).styleLayers(style).styleWeight(10).build()}.
 * What is not given is the plain loss: the content and style terms weighted 1, every term of the
 * image ({@link ImageTerm}: smoothness, temporal) off, Gram matrices; a run's values come from its
 * settings ({@code io.neuralstyle.transfer.Settings#lossSpec}).
 *
 * <p>The values live in the builder's fields, as in {@code Settings}: a spec holds a checked private
 * copy of its builder. The terms of the image are weighted by one map, {@link #weight(ImageTerm)}, so
 * a new one needs nothing here.
 */
public final class LossSpec {
    /**
     * The sliced loss's directions at a layer, per channel, unless a count is given. One per channel
     * (Heitz et al.'s count) left the deep layers' distributions looser than the Gram loss leaves them:
     * a 64 px texture's held-out sliced distance fell 54x against the Gram run's 57x at 100
     * iterations, and 162x against 169x at 300. Two per channel reached 81x and 198x, in 1.7 times
     * one's time at 256 px (docs/style-losses.md).
     */
    public static final int DIRECTIONS_PER_CHANNEL = 2;

    /** The values, in a copy of the builder that made them, checked; never changed after the constructor. */
    private final Builder values;

    private LossSpec(Builder b) {
        Builder v = b.copy();
        v.contentLayers = LayerWeights.checked(v.contentLayers);
        v.styleLayers = LayerWeights.checked(v.styleLayers);
        if (v.contentLayers.isEmpty() && v.styleLayers.isEmpty()) {
            throw new IllegalArgumentException("the loss needs at least one content or style layer");
        }
        Objects.requireNonNull(v.styleLoss, "style loss");
        if (v.projections < 0) {
            throw new IllegalArgumentException("projections must not be negative (0: " + DIRECTIONS_PER_CHANNEL
                    + " per channel), got " + v.projections);
        }
        List<Double> weights = new ArrayList<>(List.of(v.contentWeight, v.styleWeight));
        weights.addAll(v.imageWeights.values());
        for (double w : weights) {
            if (!(w >= 0) || Double.isInfinite(w)) {
                throw new IllegalArgumentException("loss weights must be finite and not negative, got " + w);
            }
        }
        values = v;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** A builder holding this spec, to change a few values. */
    public Builder toBuilder() {
        return values.copy();
    }

    /** Layer to weight v_l of its content term, in order (may be empty: a pure texture). */
    public Map<String, Double> contentLayers() {
        return values.contentLayers;
    }

    /** Layer to weight w_l of its style term, in order (may be empty: a pure reconstruction). */
    public Map<String, Double> styleLayers() {
        return values.styleLayers;
    }

    /** Alpha. */
    public double contentWeight() {
        return values.contentWeight;
    }

    /** Beta. */
    public double styleWeight() {
        return values.styleWeight;
    }

    /**
     * The weight of a term of the image (0 turns it off): the smoothness term's, or tau, the temporal
     * term's, which holds a video frame to the previous painted ones (0 for a still image).
     */
    public double weight(ImageTerm term) {
        return values.imageWeights.get(term);
    }

    /** How a style layer compares features: Gram matrices (the paper), W2 or sliced. */
    public StyleLoss styleLoss() {
        return values.styleLoss;
    }

    /**
     * The sliced loss's random directions per layer; 0: as many as the layer has channels (see
     * {@link #projections(String)}).
     */
    public int projections() {
        return values.projections;
    }

    /** Seed of the sliced loss's directions, fixed for the whole objective. */
    public long sliceSeed() {
        return values.sliceSeed;
    }

    /** The same loss with a term of the image weighted {@code weight}. */
    public LossSpec with(ImageTerm term, double weight) {
        return toBuilder().weight(term, weight).build();
    }

    /**
     * The same loss with every term of the image off: what the network's part of an objective depends
     * on (the image's terms are added in Java, see {@link ImageTerm}).
     */
    public LossSpec withoutImageTerms() {
        Builder b = toBuilder();
        for (ImageTerm term : ImageTerm.values()) {
            b.weight(term, 0);
        }
        return b.build();
    }

    /**
     * The number of sliced directions at a layer: {@link #projections()}, or {@link #DIRECTIONS_PER_CHANNEL}
     * times its channels when that is 0.
     */
    public int projections(String layer) {
        return values.projections > 0 ? values.projections : DIRECTIONS_PER_CHANNEL * Vgg19.outChannels(layer);
    }

    /** The deepest layer any term reads: the network is built only up to it. */
    public String deepestLayer() {
        int deepest = -1;
        for (String l : values.contentLayers.keySet()) {
            deepest = Math.max(deepest, Vgg19.index(l));
        }
        for (String l : values.styleLayers.keySet()) {
            deepest = Math.max(deepest, Vgg19.index(l));
        }
        return Vgg19.LAYERS.get(deepest);
    }

    /** Equal when every value is (the layers compared as maps, their order aside). */
    @Override
    public boolean equals(Object o) {
        return o instanceof LossSpec other && values.values().equals(other.values.values());
    }

    @Override
    public int hashCode() {
        return values.values().hashCode();
    }

    @Override
    public String toString() {
        return "LossSpec" + values.values();
    }

    /** Builds a {@link LossSpec}; what is not set is the plain loss (see there). */
    public static final class Builder implements Cloneable {
        private Map<String, Double> contentLayers = Map.of();
        private Map<String, Double> styleLayers = Map.of();
        private double contentWeight = 1;
        private double styleWeight = 1;
        /** Every term of the image, 0 until weighted; replaced, never changed in place (see {@link #copy}). */
        private Map<ImageTerm, Double> imageWeights = zeroWeights();
        private StyleLoss styleLoss = StyleLoss.GRAM;
        private int projections;
        private long sliceSeed;

        private Builder() {
        }

        /** Content layers with their weights v_l, in order. */
        public Builder contentLayers(Map<String, Double> v) {
            contentLayers = new LinkedHashMap<>(v);
            return this;
        }

        /** Style layers with their weights w_l, in order. */
        public Builder styleLayers(Map<String, Double> v) {
            styleLayers = new LinkedHashMap<>(v);
            return this;
        }

        public Builder contentWeight(double v) {
            contentWeight = v;
            return this;
        }

        public Builder styleWeight(double v) {
            styleWeight = v;
            return this;
        }

        /** The weight of a term of the image; 0 turns it off. */
        public Builder weight(ImageTerm term, double v) {
            Map<ImageTerm, Double> m = new EnumMap<>(imageWeights);
            m.put(term, v);
            imageWeights = m;
            return this;
        }

        public Builder styleLoss(StyleLoss v) {
            styleLoss = v;
            return this;
        }

        /** Directions of the sliced loss per layer; 0 for {@link #DIRECTIONS_PER_CHANNEL} per channel. */
        public Builder projections(int v) {
            projections = v;
            return this;
        }

        public Builder sliceSeed(long v) {
            sliceSeed = v;
            return this;
        }

        /**
         * The spec.
         *
         * @throws IllegalArgumentException when there is no layer, or a weight is negative or not
         *                                  finite; a {@link LayerWeights.Invalid} when a layer list is
         *                                  refused (a layer unknown or listed twice, relu3_1 being
         *                                  conv3_1, or its weight negative or not finite)
         */
        public LossSpec build() {
            return new LossSpec(this);
        }

        /** Every value by name, in order: what equality, the hash and the text of a spec are made of. */
        private Map<String, Object> values() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("contentLayers", contentLayers);
            m.put("styleLayers", styleLayers);
            m.put("contentWeight", contentWeight);
            m.put("styleWeight", styleWeight);
            // Named as their weights always were (tvWeight, temporalWeight), so the text reads the same.
            imageWeights.forEach((term, w) -> m.put(term.label() + "Weight", w));
            m.put("styleLoss", styleLoss);
            m.put("projections", projections);
            m.put("sliceSeed", sliceSeed);
            return m;
        }

        private static Map<ImageTerm, Double> zeroWeights() {
            Map<ImageTerm, Double> m = new EnumMap<>(ImageTerm.class);
            for (ImageTerm term : ImageTerm.values()) {
                m.put(term, 0.0);
            }
            return m;
        }

        /** A copy of every field; shallow, as the collections are replaced, never changed in place. */
        private Builder copy() {
            try {
                return (Builder) clone();
            } catch (CloneNotSupportedException e) {
                throw new AssertionError(e);
            }
        }
    }
}
