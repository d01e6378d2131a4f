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
import org.tensorflow.types.TBfloat16;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.family.TNumber;

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
        return build(tf, image, weights, pooling, deepest, Precision.FP32);
    }

    /**
     * As above, with the layers after the first computed in {@code precision}; the features come back
     * as float32 either way, so the losses and their sums stay float32. The first layer stays float32
     * in bfloat16 mode because it sees the image itself: bfloat16 keeps 8 bits of mantissa, which
     * would round away the optimizer's small steps on pixel values (a line search then finds no
     * descent at all).
     */
    static Map<String, Operand<TFloat32>> build(Ops tf, Operand<TFloat32> image, Weights weights, Pooling pooling,
            String deepest, Precision precision) {
        int last = Vgg19.index(deepest);
        if (last >= weights.depth()) {
            throw new IllegalArgumentException("layer " + deepest + " is deeper than the weights in "
                    + weights.source() + ", which end at " + Vgg19.LAYERS.get(weights.depth() - 1));
        }
        Operand<TFloat32> x = preprocess(tf, image, weights.preprocessing());
        Operand<TBfloat16> low = null;
        Map<String, Operand<TFloat32>> features = new LinkedHashMap<>();
        for (int i = 0; i <= last; i++) {
            String layer = Vgg19.LAYERS.get(i);
            boolean pooled = i > 0 && Vgg19.endsBlock(Vgg19.LAYERS.get(i - 1));
            if (low == null) {
                x = convRelu(tf, pooled ? pool(tf, x, pooling) : x, weights, layer, TFloat32.class);
                features.put(layer, x);
                if (precision == Precision.BF16) {
                    low = tf.dtypes.cast(x, TBfloat16.class);
                }
            } else {
                low = convRelu(tf, pooled ? pool(tf, low, pooling) : low, weights, layer, TBfloat16.class);
                features.put(layer, tf.dtypes.cast(low, TFloat32.class));
            }
        }
        return features;
    }

    private static <T extends TNumber> Operand<T> convRelu(Ops tf, Operand<T> x, Weights weights, String layer,
            Class<T> type) {
        Operand<T> kernel = as(tf, tf.constant(Shape.of(3, 3, Vgg19.inChannels(layer), Vgg19.outChannels(layer)),
                DataBuffers.of(weights.kernel(layer), true, false)), type);
        Operand<T> bias = as(tf, tf.constant(Shape.of(Vgg19.outChannels(layer)),
                DataBuffers.of(weights.bias(layer), true, false)), type);
        return tf.withName(layer).nn.relu(tf.nn.biasAdd(tf.nn.conv2d(x, kernel, UNIT_STRIDES, "SAME"), bias));
    }

    /** A float32 constant in the given type; TensorFlow folds the cast once, when the graph is optimized. */
    @SuppressWarnings("unchecked")
    private static <T extends TNumber> Operand<T> as(Ops tf, Operand<TFloat32> constant, Class<T> type) {
        return type == TFloat32.class ? (Operand<T>) constant : tf.dtypes.cast(constant, type);
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

    private static <T extends TNumber> Operand<T> pool(Ops tf, Operand<T> x, Pooling pooling) {
        return switch (pooling) {
            case AVG -> tf.nn.avgPool(x, POOL_WINDOW, POOL_WINDOW, "VALID");
            case MAX -> tf.nn.maxPool(x, tf.constant(new int[] {1, 2, 2, 1}), tf.constant(new int[] {1, 2, 2, 1}),
                    "VALID");
        };
    }
}
