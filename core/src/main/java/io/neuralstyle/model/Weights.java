package io.neuralstyle.model;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The convolution weights of a VGG19 feature network and the preprocessing they were trained with.
 * Kernels are kept in TensorFlow's layout, height x width x in x out (HWIO), flattened row-major;
 * readers of other layouts convert on load. A Weights may hold only the first layers (a network
 * truncated after conv4_1, say); {@link #depth()} tells how many.
 *
 * <p>Immutable once made (callers must not change the arrays they are given): read the weights
 * once and share them between runs and threads. They hold no native memory.
 */
public final class Weights {
    private final Map<String, float[]> kernels;
    private final Map<String, float[]> biases;
    private final Preprocessing preprocessing;
    private final String source;

    /**
     * @param kernels layer name to HWIO kernel, for a prefix conv1_1.. of {@link Vgg19#LAYERS}
     * @param biases  layer name to bias, same keys
     * @param source  where the weights came from, for messages and embedded settings
     */
    public Weights(Map<String, float[]> kernels, Map<String, float[]> biases, Preprocessing preprocessing,
            String source) {
        int depth = 0;
        while (depth < Vgg19.LAYERS.size() && kernels.containsKey(Vgg19.LAYERS.get(depth))) {
            String layer = Vgg19.LAYERS.get(depth);
            int expected = 9 * Vgg19.inChannels(layer) * Vgg19.outChannels(layer);
            if (kernels.get(layer).length != expected) {
                throw new WeightsException(source + ": kernel " + layer + " has " + kernels.get(layer).length
                        + " values, expected " + expected + " (3x3x" + Vgg19.inChannels(layer) + "x"
                        + Vgg19.outChannels(layer) + ")");
            }
            float[] b = biases.get(layer);
            if (b == null || b.length != Vgg19.outChannels(layer)) {
                throw new WeightsException(source + ": bias " + layer + " is missing or has the wrong size");
            }
            depth++;
        }
        if (depth == 0) {
            throw new WeightsException(source + ": no conv1_1 kernel found");
        }
        if (depth != kernels.size()) {
            throw new WeightsException(source + ": layers must be a prefix of conv1_1 .. conv5_4, got "
                    + kernels.keySet());
        }
        this.kernels = Collections.unmodifiableMap(new LinkedHashMap<>(kernels));
        this.biases = Collections.unmodifiableMap(new LinkedHashMap<>(biases));
        this.preprocessing = preprocessing;
        this.source = source;
    }

    /** HWIO kernel of a layer (not a copy: do not change it). */
    public float[] kernel(String layer) {
        float[] k = kernels.get(Vgg19.canonical(layer));
        if (k == null) {
            throw new WeightsException(source + " holds only " + depth() + " layers, up to "
                    + Vgg19.LAYERS.get(depth() - 1) + "; " + layer + " is not among them");
        }
        return k;
    }

    /** Bias of a layer (not a copy: do not change it). */
    public float[] bias(String layer) {
        kernel(layer);
        return biases.get(Vgg19.canonical(layer));
    }

    /** Number of convolution layers held, from conv1_1. */
    public int depth() {
        return kernels.size();
    }

    public Preprocessing preprocessing() {
        return preprocessing;
    }

    public String source() {
        return source;
    }

    /** The same tensors (shared, not copied) and preprocessing with another source description. */
    public Weights withSource(String newSource) {
        return new Weights(kernels, biases, preprocessing, newSource);
    }
}
