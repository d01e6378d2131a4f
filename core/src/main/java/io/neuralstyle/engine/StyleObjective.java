package io.neuralstyle.engine;

import io.neuralstyle.image.Image;
import io.neuralstyle.image.Resize;
import io.neuralstyle.model.Weights;
import io.neuralstyle.optim.Objective;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Gradients;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.types.TFloat32;

/**
 * The loss of {@link LossTerms} and its gradient, for images of one size, as a plain
 * {@link Objective} over the RGB image in [0, 1] laid out CHW. The graph (network, targets, loss and
 * its gradient) is built once and reused by every evaluation; only the image crosses from Java to
 * TensorFlow and only the scalars and the gradient come back.
 */
public final class StyleObjective implements LossObjective {
    private final int width;
    private final int height;
    private final LossSpec spec;
    private final Graph graph;
    private final Session session;
    private final Placeholder<TFloat32> input;
    private final List<Operand<TFloat32>> fetches = new ArrayList<>();
    private final List<String> contentLayers;
    private final List<String> styleLayers;
    private Losses last;

    public StyleObjective(Weights weights, Pooling pooling, int threads, int width, int height, LossSpec spec,
            Targets targets) {
        this(weights, pooling, threads, Precision.FP32, width, height, spec, targets);
    }

    /** As above, with the network run in {@code precision} (the loss and its sums stay float32). */
    public StyleObjective(Weights weights, Pooling pooling, int threads, Precision precision, int width, int height,
            LossSpec spec, Targets targets) {
        this.width = width;
        this.height = height;
        this.spec = spec;
        this.contentLayers = new ArrayList<>(spec.contentLayers().keySet());
        this.styleLayers = new ArrayList<>(spec.styleLayers().keySet());
        this.graph = new Graph();
        try {
            Ops tf = Ops.create(graph);
            input = tf.placeholder(TFloat32.class, Placeholder.shape(Shape.of(1, 3, height, width)));
            Map<String, Operand<TFloat32>> features = Vgg19Graph.build(tf, input, weights, pooling,
                    spec.deepestLayer(), precision);

            Operand<TFloat32> content = tf.constant(0f);
            List<Operand<TFloat32>> contentTerms = new ArrayList<>();
            for (String layer : contentLayers) {
                FeatureMap target = targets.content().get(layer);
                checkTarget(layer, target, features.get(layer));
                Operand<TFloat32> term = LossTerms.contentTerm(tf, features.get(layer), target);
                contentTerms.add(term);
                content = tf.math.add(content, tf.math.mul(term, tf.constant(spec.contentLayers().get(layer).floatValue())));
            }
            Operand<TFloat32> style = tf.constant(0f);
            List<Operand<TFloat32>> styleTerms = new ArrayList<>();
            for (String layer : styleLayers) {
                Operand<TFloat32> f = features.get(layer);
                Operand<TFloat32> term = styleTerm(tf, layer, f, targets.styles());
                styleTerms.add(term);
                style = tf.math.add(style, tf.math.mul(term, tf.constant(spec.styleLayers().get(layer).floatValue())));
            }
            // Computed even at weight 0: it is cheap, and reported as a measure of noise in the image.
            Operand<TFloat32> tv = LossTerms.totalVariation(tf, input, height, width);
            Operand<TFloat32> total = tf.math.add(
                    tf.math.add(tf.math.mul(content, tf.constant((float) spec.contentWeight())),
                            tf.math.mul(style, tf.constant((float) spec.styleWeight()))),
                    tf.math.mul(tv, tf.constant((float) spec.tvWeight())));
            Gradients gradient = tf.gradients(total, List.of(input));

            fetches.add(total);
            fetches.add(gradient.dy(0));
            fetches.add(content);
            fetches.add(style);
            fetches.add(tv);
            fetches.addAll(contentTerms);
            fetches.addAll(styleTerms);
            session = Sessions.open(graph, threads);
        } catch (RuntimeException e) {
            graph.close();
            throw e;
        }
    }

    /** The layer's style term: one style's, or the sum over several (masked) styles. */
    private static Operand<TFloat32> styleTerm(Ops tf, String layer, Operand<TFloat32> f, List<StyleTarget> styles) {
        int channels = (int) f.shape().get(3);
        int layerHeight = (int) f.shape().get(1);
        int layerWidth = (int) f.shape().get(2);
        int positions = layerHeight * layerWidth;
        if (styles.isEmpty()) {
            throw new IllegalArgumentException("style layers are set but no style target was given");
        }
        Operand<TFloat32> sum = null;
        for (StyleTarget target : styles) {
            float[] targetGram = target.grams().get(layer);
            if (targetGram == null || targetGram.length != channels * channels) {
                throw new IllegalArgumentException("no style Gram target of " + channels + "x" + channels
                        + " for layer " + layer);
            }
            Operand<TFloat32> gram = target.mask() == null ? LossTerms.gram(tf, f, channels, positions)
                    : LossTerms.maskedGram(tf, f, layerMask(target.mask(), layerWidth, layerHeight), channels,
                            positions);
            Operand<TFloat32> term = LossTerms.styleTerm(tf, gram, targetGram, channels);
            sum = sum == null ? term : tf.math.add(sum, term);
        }
        return sum;
    }

    /** The mask resized to a layer's positions, position-major, each the mean of its RGB values in [0, 1]. */
    static float[] layerMask(Image mask, int width, int height) {
        Image small = Resize.to(mask, width, height);
        float[] out = new float[width * height];
        for (int p = 0; p < out.length; p++) {
            float sum = 0;
            for (int c = 0; c < Image.CHANNELS; c++) {
                sum += small.data()[c * out.length + p];
            }
            out[p] = Math.max(0f, Math.min(1f, sum / Image.CHANNELS));
        }
        return out;
    }

    private void checkTarget(String layer, FeatureMap target, Operand<TFloat32> features) {
        Shape s = features.shape();
        if (target == null || target.height() != s.get(1) || target.width() != s.get(2)
                || target.channels() != s.get(3)) {
            throw new IllegalArgumentException("the content target of layer " + layer + " must be the features of an "
                    + width + "x" + height + " image");
        }
    }

    public int width() {
        return width;
    }

    public int height() {
        return height;
    }

    public LossSpec spec() {
        return spec;
    }

    @Override
    public double evaluate(float[] x, float[] gradient) {
        if (x.length != 3 * width * height || gradient.length != x.length) {
            throw new IllegalArgumentException("expected arrays of " + 3 * width * height + " values");
        }
        Session.Runner runner;
        try (TFloat32 in = Tensors.imageTensor(x, width, height)) {
            runner = session.runner().feed(input, in);
            fetches.forEach(runner::fetch);
            try (Result r = runner.run()) {
                ((TFloat32) r.get(1)).copyTo(DataBuffers.of(gradient, false, false));
                Map<String, Double> contentPerLayer = new LinkedHashMap<>();
                Map<String, Double> stylePerLayer = new LinkedHashMap<>();
                int k = 5;
                for (String layer : contentLayers) {
                    contentPerLayer.put(layer, (double) scalar(r, k++));
                }
                for (String layer : styleLayers) {
                    stylePerLayer.put(layer, (double) scalar(r, k++));
                }
                last = new Losses(scalar(r, 2), scalar(r, 3), scalar(r, 4), scalar(r, 0),
                        Collections.unmodifiableMap(contentPerLayer), Collections.unmodifiableMap(stylePerLayer));
                return last.total();
            }
        }
    }

    private static float scalar(Result r, int i) {
        return ((TFloat32) r.get(i)).getFloat();
    }

    /** The loss terms of the latest {@link #evaluate} call, or null before the first. */
    public Losses lastLosses() {
        return last;
    }

    @Override
    public void close() {
        session.close();
        graph.close();
    }
}
