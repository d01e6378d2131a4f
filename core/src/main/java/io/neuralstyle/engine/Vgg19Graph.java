package io.neuralstyle.engine;

import io.neuralstyle.model.Preprocessing;
import io.neuralstyle.model.Vgg19;
import io.neuralstyle.model.Weights;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.tensorflow.Operand;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * VGG19's convolutional part as TensorFlow operations on one input, built only up to the deepest
 * layer a run reads. Weights become graph constants, so they stay resident in TensorFlow across
 * iterations and no gradient is ever taken for them.
 */
final class Vgg19Graph {
    private static final List<Long> UNIT_STRIDES = List.of(1L, 1L, 1L, 1L);
    private static final List<Long> POOL_WINDOW = List.of(1L, 2L, 2L, 1L);

    private Vgg19Graph() {
    }

    /**
     * @param image RGB in [0, 1], laid out [1, 3, H, W] (channel-major, as {@code Image} stores it)
     * @return each layer's ReLU output up to {@code deepest}, laid out [1, H_l, W_l, N_l]
     */
    static Map<String, Operand<TFloat32>> build(Ops tf, Operand<TFloat32> image, Weights weights, Pooling pooling,
            String deepest) {
        int last = Vgg19.index(deepest);
        if (last >= weights.depth()) {
            throw new IllegalArgumentException("layer " + deepest + " is deeper than the weights in "
                    + weights.source() + ", which end at " + Vgg19.LAYERS.get(weights.depth() - 1));
        }
        Operand<TFloat32> x = preprocess(tf, image, weights.preprocessing());
        Map<String, Operand<TFloat32>> features = new LinkedHashMap<>();
        for (int i = 0; i <= last; i++) {
            String layer = Vgg19.LAYERS.get(i);
            if (i > 0 && Vgg19.endsBlock(Vgg19.LAYERS.get(i - 1))) {
                x = pool(tf, x, pooling);
            }
            Operand<TFloat32> kernel = tf.constant(
                    Shape.of(3, 3, Vgg19.inChannels(layer), Vgg19.outChannels(layer)),
                    DataBuffers.of(weights.kernel(layer), true, false));
            Operand<TFloat32> bias = tf.constant(Shape.of(Vgg19.outChannels(layer)),
                    DataBuffers.of(weights.bias(layer), true, false));
            x = tf.withName(layer).nn.relu(tf.nn.biasAdd(tf.nn.conv2d(x, kernel, UNIT_STRIDES, "SAME"), bias));
            features.put(layer, x);
        }
        return features;
    }

    /** To the network's own convention: NHWC, channels possibly swapped, scaled and centred. */
    private static Operand<TFloat32> preprocess(Ops tf, Operand<TFloat32> image, Preprocessing p) {
        Operand<TFloat32> x = tf.linalg.transpose(image, tf.constant(new int[] {0, 2, 3, 1}));
        if (p.bgr()) {
            x = tf.reverse(x, tf.constant(new int[] {3}));
        }
        float[] mean = p.mean();
        float[] std = p.std();
        float[] gain = new float[3];
        float[] offset = new float[3];
        for (int c = 0; c < 3; c++) {
            gain[c] = p.scale() / std[c];
            offset[c] = mean[c] / std[c];
        }
        return tf.math.sub(tf.math.mul(x, tf.constant(gain)), tf.constant(offset));
    }

    private static Operand<TFloat32> pool(Ops tf, Operand<TFloat32> x, Pooling pooling) {
        return switch (pooling) {
            case AVG -> tf.nn.avgPool(x, POOL_WINDOW, POOL_WINDOW, "VALID");
            case MAX -> tf.nn.maxPool(x, tf.constant(new int[] {1, 2, 2, 1}), tf.constant(new int[] {1, 2, 2, 1}),
                    "VALID");
        };
    }
}
