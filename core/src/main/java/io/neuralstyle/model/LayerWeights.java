package io.neuralstyle.model;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The one check of a list of VGG19 layers with a weight each, as the loss's content and style terms
 * take them: every name becomes the paper's ({@link Vgg19#canonical}: relu3_1 is conv3_1), each layer
 * is listed once, and each weight is finite and not negative. The settings and the engine's loss spec
 * both call it, so a list is refused for the same reasons, in the same words, wherever it comes from.
 *
 * <p>A refusal is an {@link Invalid} with a {@link Kind}, so that a front end can say which of its
 * settings is wrong (the layers or their weights) without reading the message; the message says what
 * is wrong in words that fit after any setting's name, and names no option of its own.
 *
 * <p>Static methods over plain maps rather than a value class: the layers travel as
 * {@code Map<String, Double>} through the settings, the spec and their callers, and what they need
 * from here is the check, not another type.
 */
public final class LayerWeights {
    /** Why a list was refused. */
    public enum Kind {
        /** A name that is no VGG19 layer. */
        UNKNOWN_LAYER,
        /** A layer listed twice, perhaps once by its alias. */
        DUPLICATE_LAYER,
        /** A weight that is negative, NaN or infinite. */
        BAD_WEIGHT,
        /** Parallel lists of layers and weights of different lengths. */
        WEIGHT_COUNT
    }

    /** A refused layer list; {@link #kind()} says why, the message says it in words. */
    public static final class Invalid extends IllegalArgumentException {
        private final Kind kind;

        Invalid(Kind kind, String message) {
            super(message);
            this.kind = kind;
        }

        public Kind kind() {
            return kind;
        }

        /** Whether the weights are wrong rather than the layers. */
        public boolean aboutWeights() {
            return kind == Kind.BAD_WEIGHT || kind == Kind.WEIGHT_COUNT;
        }
    }

    private LayerWeights() {
    }

    /**
     * Layers with weights from parallel lists, under the paper's names, in order; no weights means
     * each layer gets 1/count. The weights' values are checked where the list is used, by
     * {@link #checked}: a settings builder may hold a negative weight that a later value replaces.
     *
     * @throws Invalid when the lists differ in length, or a layer is unknown or listed twice
     */
    public static Map<String, Double> of(List<String> layers, List<Double> weights) {
        if (!weights.isEmpty() && weights.size() != layers.size()) {
            throw new Invalid(Kind.WEIGHT_COUNT, layers.size() + " layers but " + weights.size()
                    + " layer weights: give one weight per layer, or none for equal weights");
        }
        // The names first: a map would silently merge a layer given twice.
        List<String> names = names(layers);
        Map<String, Double> m = new LinkedHashMap<>();
        for (int i = 0; i < names.size(); i++) {
            m.put(names.get(i), weights.isEmpty() ? 1.0 / names.size() : weights.get(i));
        }
        return Collections.unmodifiableMap(m);
    }

    /**
     * The same layers under their paper names, in order, unmodifiable.
     *
     * @throws Invalid when a layer is unknown or listed twice, or a weight is negative or not finite
     */
    public static Map<String, Double> checked(Map<String, Double> layers) {
        Map<String, Double> out = new LinkedHashMap<>();
        layers.forEach((layer, weight) -> {
            String name = canonical(layer);
            if (!(weight >= 0) || Double.isInfinite(weight)) {
                throw new Invalid(Kind.BAD_WEIGHT, "must be finite and not negative, got " + weight + " for " + name);
            }
            if (out.put(name, weight) != null) {
                throw duplicate(name);
            }
        });
        return Collections.unmodifiableMap(out);
    }

    /**
     * The paper's names of these layers, in order, each once.
     *
     * @throws Invalid when a layer is unknown or listed twice
     */
    public static List<String> names(List<String> layers) {
        List<String> out = new ArrayList<>();
        for (String layer : layers) {
            String name = canonical(layer);
            if (out.contains(name)) {
                throw duplicate(name);
            }
            out.add(name);
        }
        return List.copyOf(out);
    }

    private static String canonical(String layer) {
        try {
            return Vgg19.canonical(layer);
        } catch (IllegalArgumentException e) {
            throw new Invalid(Kind.UNKNOWN_LAYER, e.getMessage());
        }
    }

    private static Invalid duplicate(String name) {
        return new Invalid(Kind.DUPLICATE_LAYER, "lists " + name + " twice");
    }
}
