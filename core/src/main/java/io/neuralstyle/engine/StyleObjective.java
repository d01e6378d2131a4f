package io.neuralstyle.engine;

import io.neuralstyle.optim.Objective;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.types.TFloat32;

/**
 * The loss of {@link LossTerms} and its gradient, for images of one size, as a plain
 * {@link Objective} over the RGB image in [0, 1] laid out CHW. The graph (network, targets, the raw
 * sums of every term and the gradient of their weighted sum, weighted by {@link LossAssembly}) is
 * built once and reused by every evaluation; only the image crosses from Java to TensorFlow and
 * only the sums and the gradient come back. The terms of the image itself (smoothness, temporal) are
 * added in Java, by {@link LossAssembly}.
 *
 * <p>The content targets and their coefficients are fed, not built into the graph, so that
 * {@link #retarget} can give the same graph another photo (a video's next frame) without building
 * and optimizing it again: that costs several evaluations' time at small sizes.
 */
public final class StyleObjective implements LossObjective {
    private final int width;
    private final int height;
    private LossSpec spec;
    private LossAssembly assembly;
    private final List<StyleTarget> styles;
    private final Graph graph;
    private final Session session;
    private final Placeholder<TFloat32> input;
    private final Operand<TFloat32> gradient;
    /** Per content layer: its target P_l and its coefficient, fed at each evaluation. */
    private final List<Placeholder<TFloat32>> contentTargets = new ArrayList<>();
    private final List<Placeholder<TFloat32>> contentCoefficients = new ArrayList<>();
    /** The values fed to them, in the same order: the targets, then the coefficients. */
    private final List<TFloat32> contentFeeds = new ArrayList<>();
    private final List<Operand<TFloat32>> contentSums = new ArrayList<>();
    /** Per style layer, per style target. */
    private final List<List<Operand<TFloat32>>> styleSums = new ArrayList<>();
    private Losses last;

    /** The loss of {@code spec} against {@code targets} for images of {@code width} x {@code height}. */
    public StyleObjective(Network network, int width, int height, LossSpec spec, Targets targets) {
        this.width = width;
        this.height = height;
        this.spec = spec;
        this.assembly = new LossAssembly(spec, targets, width, height);
        this.styles = targets.styles();
        this.graph = new Graph();
        try {
            Ops tf = Ops.create(graph);
            input = tf.placeholder(TFloat32.class, Placeholder.shape(Shape.of(1, 3, height, width)));
            Map<String, Operand<TFloat32>> features = Vgg19Graph.build(tf, input, network.weights(),
                    network.pooling(), spec.deepestLayer(), network.precision());
            Operand<TFloat32> total = tf.constant(0f);
            for (String layer : assembly.contentLayers()) {
                FeatureMap p = assembly.contentTarget(layer);
                Placeholder<TFloat32> target = tf.placeholder(TFloat32.class,
                        Placeholder.shape(Shape.of(1, p.height(), p.width(), p.channels())));
                Placeholder<TFloat32> coefficient = tf.placeholder(TFloat32.class, Placeholder.shape(Shape.scalar()));
                Operand<TFloat32> sse = LossTerms.squaredError(tf, features.get(layer), target);
                contentTargets.add(target);
                contentCoefficients.add(coefficient);
                contentSums.add(sse);
                total = tf.math.add(total, tf.math.mul(sse, coefficient));
            }
            for (String layer : assembly.styleLayers()) {
                List<Operand<TFloat32>> sums = new ArrayList<>();
                for (int t = 0; t < assembly.styleCount(); t++) {
                    Operand<TFloat32> sse = styleSum(tf, layer, t, features.get(layer));
                    sums.add(sse);
                    total = tf.math.add(total, tf.math.mul(sse,
                            tf.constant((float) assembly.styleCoefficient(layer, t))));
                }
                styleSums.add(sums);
            }
            gradient = tf.gradients(total, List.of(input)).dy(0);
            session = Sessions.openForRepeatedRuns(graph, network.compute(), network.precision());
            feedContent();
        } catch (RuntimeException e) {
            closeContentFeeds();
            graph.close();
            throw e;
        }
    }

    /**
     * The same loss against other content and temporal targets, on the same graph: for a video's
     * next frame. What the graph holds must not change: the spec but for the weights of the image's
     * own terms, and the style targets (the same objects: their values are built into the graph).
     *
     * @throws IllegalArgumentException when the spec or the style targets differ in what the graph holds
     */
    public void retarget(LossSpec spec, Targets targets) {
        if (!spec.withoutImageTerms().equals(this.spec.withoutImageTerms())) {
            throw new IllegalArgumentException("another loss needs another objective: " + spec);
        }
        if (!sameObjects(targets.styles(), styles)) {
            throw new IllegalArgumentException("other style targets need another objective");
        }
        LossAssembly next = new LossAssembly(spec, targets, width, height);
        this.assembly = next;
        this.spec = spec;
        this.last = null;
        closeContentFeeds();
        feedContent();
    }

    /** Whether this objective holds these style targets: {@link #retarget} can take them. */
    public boolean holds(LossSpec spec, List<StyleTarget> styles) {
        return spec.withoutImageTerms().equals(this.spec.withoutImageTerms()) && sameObjects(styles, this.styles);
    }

    private static boolean sameObjects(List<StyleTarget> a, List<StyleTarget> b) {
        if (a.size() != b.size()) {
            return false;
        }
        for (int i = 0; i < a.size(); i++) {
            if (a.get(i) != b.get(i)) {
                return false;
            }
        }
        return true;
    }

    /** The tensors of the current content targets and coefficients, in {@link #contentFeeds}' order. */
    private void feedContent() {
        List<TFloat32> coefficients = new ArrayList<>();
        for (String layer : assembly.contentLayers()) {
            FeatureMap p = assembly.contentTarget(layer);
            contentFeeds.add(TFloat32.tensorOf(Shape.of(1, p.height(), p.width(), p.channels()),
                    DataBuffers.of(p.hwc(), true, false)));
            coefficients.add(TFloat32.scalarOf((float) assembly.contentCoefficient(layer)));
        }
        contentFeeds.addAll(coefficients);
    }

    private void closeContentFeeds() {
        contentFeeds.forEach(TFloat32::close);
        contentFeeds.clear();
    }

    /**
     * The raw style value of one style target at a layer (see {@link LossAssembly}): sum (G - A)^2, G
     * over the whole image or the style's mask; or the squared W2 distance; or the sliced sum (its samples
     * weighted by the mask where there is one).
     */
    private Operand<TFloat32> styleSum(Ops tf, String layer, int style, Operand<TFloat32> f) {
        int channels = (int) f.shape().get(3);
        int positions = (int) (f.shape().get(1) * f.shape().get(2));
        switch (assembly.styleLoss()) {
            case W2 -> {
                LossAssembly.W2Target t = assembly.w2Target(layer, style);
                return assembly.gramDivisor(layer, style) > 0 ? LossTerms.w2(tf, f, t.weights(), channels, positions,
                        t.mean(), t.trace(), t.sqrt(), t.eps()) : tf.constant(0f);
            }
            case SLICED -> {
                LossAssembly.SlicedTarget t = assembly.slicedTarget(layer, style);
                float[] mask = assembly.layerMask(layer, style);
                if (mask == null) {
                    return LossTerms.slicedSse(tf, f, channels, positions, t.directions(), t.count(), t.descending());
                }
                // An empty region has no distribution: its term is 0, as the Gram path's.
                return assembly.gramDivisor(layer, style) > 0 ? LossTerms.maskedSlicedSse(tf, f, channels, positions,
                        t.directions(), t.count(), mask, t.quantiles()) : tf.constant(0f);
            }
            case GRAM -> {
                // below
            }
        }
        float[] mask = assembly.layerMask(layer, style);
        double divisor = assembly.gramDivisor(layer, style);
        Operand<TFloat32> gram = mask == null ? LossTerms.gram(tf, f, channels, positions, divisor)
                : LossTerms.maskedGram(tf, f, mask, channels, positions, divisor);
        Operand<TFloat32> a = tf.constant(Shape.of(channels, channels),
                DataBuffers.of(assembly.targetGram(layer, style), true, false));
        return LossTerms.squaredError(tf, gram, a);
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
    public double evaluate(float[] x, float[] gradientOut) {
        if (x.length != 3 * width * height || gradientOut.length != x.length) {
            throw new IllegalArgumentException("expected arrays of " + 3 * width * height + " values");
        }
        double[] content = new double[contentSums.size()];
        double[][] style = new double[styleSums.size()][];
        try (TFloat32 in = Tensors.imageTensor(x, width, height)) {
            Session.Runner runner = session.runner().feed(input, in).fetch(gradient);
            int layers = contentTargets.size();
            for (int i = 0; i < layers; i++) {
                runner.feed(contentTargets.get(i), contentFeeds.get(i));
                runner.feed(contentCoefficients.get(i), contentFeeds.get(layers + i));
            }
            contentSums.forEach(runner::fetch);
            styleSums.forEach(sums -> sums.forEach(runner::fetch));
            try (Result r = runner.run()) {
                ((TFloat32) r.get(0)).copyTo(DataBuffers.of(gradientOut, false, false));
                int k = 1;
                for (int i = 0; i < content.length; i++) {
                    content[i] = scalar(r, k++);
                }
                for (int i = 0; i < style.length; i++) {
                    style[i] = new double[styleSums.get(i).size()];
                    for (int t = 0; t < style[i].length; t++) {
                        style[i][t] = scalar(r, k++);
                    }
                }
            }
        }
        last = assembly.losses(content, style, x, gradientOut);
        return last.total();
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
        closeContentFeeds();
        session.close();
        graph.close();
    }
}
