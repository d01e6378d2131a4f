package io.neuralstyle.engine;

import io.neuralstyle.model.Preprocessing;
import io.neuralstyle.model.Vgg19;
import io.neuralstyle.model.Weights;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;

/** A VGG19 truncated after a few layers, with seeded random weights: fast graphs for gradient checks. */
final class TinyNetwork {
    private TinyNetwork() {
    }

    static Weights weights(int layers, long seed, Preprocessing preprocessing) {
        Random random = new Random(seed);
        Map<String, float[]> kernels = new LinkedHashMap<>();
        Map<String, float[]> biases = new LinkedHashMap<>();
        for (int i = 0; i < layers; i++) {
            String layer = Vgg19.LAYERS.get(i);
            int in = Vgg19.inChannels(layer);
            int out = Vgg19.outChannels(layer);
            float[] k = new float[9 * in * out];
            // He initialisation keeps activations of the same order through the layers.
            double std = Math.sqrt(2.0 / (9 * in));
            for (int j = 0; j < k.length; j++) {
                k[j] = (float) (random.nextGaussian() * std);
            }
            float[] b = new float[out];
            for (int j = 0; j < out; j++) {
                b[j] = (float) (random.nextGaussian() * 0.05);
            }
            kernels.put(layer, k);
            biases.put(layer, b);
        }
        return new Weights(kernels, biases, preprocessing, "random tiny network (seed " + seed + ")");
    }
}
