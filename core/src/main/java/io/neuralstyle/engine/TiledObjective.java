package io.neuralstyle.engine;

import io.neuralstyle.model.Vgg19;
import io.neuralstyle.model.Weights;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.Tensor;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.op.linalg.MatMul;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;

/**
 * The same loss and gradient as {@link StyleObjective}, evaluated tile by tile so that memory is
 * bounded by the tile size instead of the image size.
 *
 * <p>The image is partitioned into <em>cores</em> whose starts are multiples of {@link #STRIDE}, so
 * that every tile's pooling grid coincides with the whole image's. A tile is its core grown by a
 * {@link #halo} on every side (clipped to the image): wide enough that the zero padding at the
 * tile's border cannot reach the core's features at the deepest layer, so those features are exactly
 * the whole image's. Each loss term is a sum over positions, or a function of such sums (Gram
 * matrices), so it is assembled from the cores' shares:
 * <ol>
 * <li>Pass 1 (forward only, style layers only): each tile's unnormalized Gram matrix over its core;
 * summed in Java they give the image's Gram matrices G, hence the style terms and dL/dG.</li>
 * <li>Pass 2: each tile's gradient of {@code sum <dL/dG, G_core> + alpha * content terms over the
 * core}, added into the image's gradient over the whole tile, halo included: the halo's pixels also
 * feed the core's features, and the cores' shares of every term add up to the whole.</li>
 * </ol>
 * The smoothness term is cheap and local, so it is computed in plain Java over the whole image. One
 * graph with free spatial dimensions serves every tile shape; crops are fed per evaluation.
 */
public final class TiledObjective implements LossObjective {
    /** The stride of the deepest pooling before conv5_x: tiles start on its grid. */
    public static final int STRIDE = 16;

    private final int width;
    private final int height;
    private final LossSpec spec;
    private final Targets targets;
    private final List<Tile> tiles;
    private final List<String> contentLayers;
    private final List<String> styleLayers;
    private final List<String> usedLayers = new ArrayList<>();
    private final Graph graph;
    private final Session session;
    private final Placeholder<TFloat32> input;
    private final Map<String, Placeholder<TInt32>> cropBegin = new LinkedHashMap<>();
    private final Map<String, Placeholder<TInt32>> cropSize = new LinkedHashMap<>();
    /** Per style layer and style target: the core's Gram matrix (unnormalized), its mask, its coefficient. */
    private final Map<String, List<Operand<TFloat32>>> coreGrams = new LinkedHashMap<>();
    private final Map<String, List<Placeholder<TFloat32>>> maskInputs = new LinkedHashMap<>();
    private final Map<String, List<Placeholder<TFloat32>>> gramCoefficients = new LinkedHashMap<>();
    /** Per style layer and target: the mask at the layer's resolution (null: none) and its area M. */
    private final Map<String, List<float[]>> layerMasks = new LinkedHashMap<>();
    private final Map<String, double[]> gramNormalizers = new LinkedHashMap<>();
    private final Map<String, Placeholder<TFloat32>> contentInputs = new LinkedHashMap<>();
    private final Map<String, Operand<TFloat32>> contentErrors = new LinkedHashMap<>();
    private final Map<String, Double> contentNormalizers = new LinkedHashMap<>();
    private final Operand<TFloat32> gradient;
    private Losses last;

    /** One tile: its core [x0, x1) x [y0, y1) and the tile [tx0, tx1) x [ty0, ty1) around it. */
    record Tile(int x0, int y0, int x1, int y1, int tx0, int ty0, int tx1, int ty1) {
        int tileWidth() {
            return tx1 - tx0;
        }

        int tileHeight() {
            return ty1 - ty0;
        }
    }

    /**
     * @param core side of a tile's core in pixels, a positive multiple of {@link #STRIDE}
     */
    public TiledObjective(Weights weights, Pooling pooling, int threads, int width, int height, LossSpec spec,
            Targets targets, int core) {
        this(weights, pooling, threads, Precision.FP32, width, height, spec, targets, core);
    }

    /** As above, with the network run in {@code precision} (see {@link Vgg19Graph}). */
    public TiledObjective(Weights weights, Pooling pooling, int threads, Precision precision, int width, int height,
            LossSpec spec, Targets targets, int core) {
        this(weights, pooling, threads, precision, width, height, spec, targets, core, halo(spec.deepestLayer()));
    }

    /** With a given halo: the tests use a too small one to show that the halo matters. */
    TiledObjective(Weights weights, Pooling pooling, int threads, int width, int height, LossSpec spec,
            Targets targets, int core, int halo) {
        this(weights, pooling, threads, Precision.FP32, width, height, spec, targets, core, halo);
    }

    private TiledObjective(Weights weights, Pooling pooling, int threads, Precision precision, int width, int height,
            LossSpec spec, Targets targets, int core, int halo) {
        if (core <= 0 || core % STRIDE != 0) {
            throw new IllegalArgumentException("the tile core must be a positive multiple of " + STRIDE + " pixels, got "
                    + core);
        }
        this.width = width;
        this.height = height;
        this.spec = spec;
        this.targets = targets;
        this.tiles = layout(width, height, core, halo);
        this.contentLayers = new ArrayList<>(spec.contentLayers().keySet());
        this.styleLayers = new ArrayList<>(spec.styleLayers().keySet());
        if (!styleLayers.isEmpty() && targets.styles().isEmpty()) {
            throw new IllegalArgumentException("style layers are set but no style target was given");
        }
        usedLayers.addAll(contentLayers);
        styleLayers.stream().filter(l -> !usedLayers.contains(l)).forEach(usedLayers::add);
        this.graph = new Graph();
        try {
            Ops tf = Ops.create(graph);
            input = tf.placeholder(TFloat32.class, Placeholder.shape(Shape.of(1, 3, -1, -1)));
            Map<String, Operand<TFloat32>> features = Vgg19Graph.build(tf, input, weights, pooling,
                    spec.deepestLayer(), precision);
            Map<String, Operand<TFloat32>> cores = new LinkedHashMap<>();
            for (String layer : usedLayers) {
                Placeholder<TInt32> begin = tf.placeholder(TInt32.class, Placeholder.shape(Shape.of(4)));
                Placeholder<TInt32> size = tf.placeholder(TInt32.class, Placeholder.shape(Shape.of(4)));
                cropBegin.put(layer, begin);
                cropSize.put(layer, size);
                cores.put(layer, tf.slice(features.get(layer), begin, size));
            }
            Operand<TFloat32> surrogate = tf.constant(0f);
            for (String layer : contentLayers) {
                FeatureMap target = targets.content().get(layer);
                checkContentTarget(layer, target);
                int channels = Vgg19.outChannels(layer);
                Placeholder<TFloat32> p = tf.placeholder(TFloat32.class,
                        Placeholder.shape(Shape.of(1, -1, -1, channels)));
                Operand<TFloat32> sse = LossTerms.sumAll(tf, tf.math.squaredDifference(cores.get(layer), p));
                double normalizer = LossTerms.sumOfSquares(target.hwc()) + LossTerms.EPSILON;
                contentInputs.put(layer, p);
                contentErrors.put(layer, sse);
                contentNormalizers.put(layer, normalizer);
                double weight = spec.contentWeight() * spec.contentLayers().get(layer) / normalizer;
                surrogate = tf.math.add(surrogate, tf.math.mul(sse, tf.constant((float) weight)));
            }
            for (String layer : styleLayers) {
                surrogate = tf.math.add(surrogate, buildStyleLayer(tf, layer, cores.get(layer)));
            }
            gradient = tf.gradients(surrogate, List.of(input)).dy(0);
            session = Sessions.open(graph, threads);
        } catch (RuntimeException e) {
            graph.close();
            throw e;
        }
    }

    /** The core Gram matrices of one style layer, and its share of the pass-2 surrogate. */
    private Operand<TFloat32> buildStyleLayer(Ops tf, String layer, Operand<TFloat32> core) {
        int channels = Vgg19.outChannels(layer);
        int stride = strideOf(layer);
        int layerWidth = width / stride;
        int layerHeight = height / stride;
        Operand<TFloat32> flat = tf.reshape(core, tf.constant(new int[] {-1, channels}));
        Operand<TFloat32> plain = null;
        List<Operand<TFloat32>> grams = new ArrayList<>();
        List<Placeholder<TFloat32>> masks = new ArrayList<>();
        List<Placeholder<TFloat32>> coefficients = new ArrayList<>();
        List<float[]> fullMasks = new ArrayList<>();
        double[] normalizers = new double[targets.styles().size()];
        Operand<TFloat32> surrogate = tf.constant(0f);
        for (int t = 0; t < targets.styles().size(); t++) {
            StyleTarget target = targets.styles().get(t);
            float[] targetGram = target.grams().get(layer);
            if (targetGram == null || targetGram.length != channels * channels) {
                throw new IllegalArgumentException("no style Gram target of " + channels + "x" + channels
                        + " for layer " + layer);
            }
            Operand<TFloat32> gram;
            if (target.mask() == null) {
                if (plain == null) {
                    plain = tf.linalg.matMul(flat, flat, MatMul.transposeA(true));
                }
                gram = plain;
                masks.add(null);
                fullMasks.add(null);
                normalizers[t] = (double) layerWidth * layerHeight;
            } else {
                Placeholder<TFloat32> m = tf.placeholder(TFloat32.class, Placeholder.shape(Shape.of(-1, 1)));
                Operand<TFloat32> fm = tf.math.mul(flat, m);
                gram = tf.linalg.matMul(fm, fm, MatMul.transposeA(true));
                float[] mask = StyleObjective.layerMask(target.mask(), layerWidth, layerHeight);
                double area = 0;
                for (float v : mask) {
                    area += v;
                }
                masks.add(m);
                fullMasks.add(mask);
                normalizers[t] = area;
            }
            Placeholder<TFloat32> k = tf.placeholder(TFloat32.class, Placeholder.shape(Shape.of(channels, channels)));
            grams.add(gram);
            coefficients.add(k);
            surrogate = tf.math.add(surrogate, LossTerms.sumAll(tf, tf.math.mul(k, gram)));
        }
        coreGrams.put(layer, grams);
        maskInputs.put(layer, masks);
        gramCoefficients.put(layer, coefficients);
        layerMasks.put(layer, fullMasks);
        gramNormalizers.put(layer, normalizers);
        return surrogate;
    }

    private void checkContentTarget(String layer, FeatureMap target) {
        int stride = strideOf(layer);
        if (target == null || target.height() != height / stride || target.width() != width / stride
                || target.channels() != Vgg19.outChannels(layer)) {
            throw new IllegalArgumentException("the content target of layer " + layer + " must be the features of an "
                    + width + "x" + height + " image");
        }
    }

    /**
     * The halo a tile needs around its core so that the core's features at {@code deepest} do not
     * see the tile's zero padding: each 3x3 convolution widens a feature's reach by one position of
     * its layer (its stride in pixels), and the aligned 2x2 poolings add nothing. Rounded up to
     * {@link #STRIDE} to keep tiles on the pooling grid. 70 pixels (so 80) for conv5_1.
     */
    public static int halo(String deepest) {
        int last = Vgg19.index(deepest);
        int reach = 0;
        for (int i = 0; i <= last; i++) {
            reach += strideOf(Vgg19.LAYERS.get(i));
        }
        return (reach + STRIDE - 1) / STRIDE * STRIDE;
    }

    /** The side of a full (unclipped) tile with the given core, for memory estimates. */
    public static int tileSide(int core, String deepest) {
        return core + 2 * halo(deepest);
    }

    /** Pixels per position of a layer: 1 in block 1, 2 in block 2, ... 16 in block 5. */
    private static int strideOf(String layer) {
        return 1 << (Vgg19.block(layer) - 1);
    }

    static List<Tile> layout(int width, int height, int core, int halo) {
        List<Tile> out = new ArrayList<>();
        for (int[] ys : spans(height, core)) {
            for (int[] xs : spans(width, core)) {
                out.add(new Tile(xs[0], ys[0], xs[1], ys[1], Math.max(0, xs[0] - halo), Math.max(0, ys[0] - halo),
                        Math.min(width, xs[1] + halo), Math.min(height, ys[1] + halo)));
            }
        }
        return out;
    }

    /** [start, end) spans of one side; a remainder under one stride joins the span before it, so
     * that every core keeps at least one position at the deepest layers. */
    private static List<int[]> spans(int length, int core) {
        List<int[]> out = new ArrayList<>();
        for (int start = 0; start < length; start += core) {
            int end = Math.min(length, start + core);
            if (end - start < STRIDE && !out.isEmpty()) {
                out.get(out.size() - 1)[1] = end;
            } else {
                out.add(new int[] {start, end});
            }
        }
        return out;
    }

    public int tileCount() {
        return tiles.size();
    }

    /** The largest tile's width and height. */
    public int[] largestTile() {
        int w = 0;
        int h = 0;
        for (Tile t : tiles) {
            w = Math.max(w, t.tileWidth());
            h = Math.max(h, t.tileHeight());
        }
        return new int[] {w, h};
    }

    @Override
    public double evaluate(float[] x, float[] gradientOut) {
        if (x.length != 3 * width * height || gradientOut.length != x.length) {
            throw new IllegalArgumentException("expected arrays of " + 3 * width * height + " values");
        }
        Map<String, double[][]> grams = styleLayers.isEmpty() ? Map.of() : sumCoreGrams(x);
        // The style terms and their gradients with respect to G, in double precision.
        Map<String, Double> stylePerLayer = new LinkedHashMap<>();
        Map<String, float[][]> coefficients = new LinkedHashMap<>();
        double style = 0;
        for (String layer : styleLayers) {
            double[][] g = grams.get(layer);
            float[][] k = new float[g.length][];
            double term = 0;
            for (int t = 0; t < g.length; t++) {
                float[] a = targets.styles().get(t).grams().get(layer);
                double m = gramNormalizers.get(layer)[t];
                double denominator = LossTerms.sumOfSquares(a) + LossTerms.EPSILON;
                // d(beta w_l E)/d(G_core) = beta w_l 2 (G - A) / (sum A^2 + eps) / M.
                double scale = m > 0 ? spec.styleWeight() * spec.styleLayers().get(layer) * 2 / denominator / m : 0;
                k[t] = new float[a.length];
                double sse = 0;
                for (int i = 0; i < a.length; i++) {
                    double gi = m > 0 ? g[t][i] / m : 0;
                    double d = gi - a[i];
                    sse += d * d;
                    k[t][i] = (float) (scale * d);
                }
                term += sse / denominator;
            }
            stylePerLayer.put(layer, term);
            style += spec.styleLayers().get(layer) * term;
            coefficients.put(layer, k);
        }
        Arrays.fill(gradientOut, 0f);
        double[] contentErrorSums = backward(x, coefficients, gradientOut);
        Map<String, Double> contentPerLayer = new LinkedHashMap<>();
        double content = 0;
        for (int i = 0; i < contentLayers.size(); i++) {
            String layer = contentLayers.get(i);
            double term = contentErrorSums[i] / contentNormalizers.get(layer);
            contentPerLayer.put(layer, term);
            content += spec.contentLayers().get(layer) * term;
        }
        double tv = TotalVariation.addGradient(x, width, height, spec.tvWeight(), gradientOut);
        // Rounded to float like StyleObjective's, so a caller can match an optimizer's loss to its terms.
        double total = (float) (spec.contentWeight() * content + spec.styleWeight() * style + spec.tvWeight() * tv);
        last = new Losses(content, style, tv, total, Collections.unmodifiableMap(contentPerLayer),
                Collections.unmodifiableMap(stylePerLayer));
        return total;
    }

    /** Pass 1: per style layer and target, the image's unnormalized Gram matrix, summed over the cores. */
    private Map<String, double[][]> sumCoreGrams(float[] x) {
        Map<String, double[][]> sums = new LinkedHashMap<>();
        for (String layer : styleLayers) {
            int c = Vgg19.outChannels(layer);
            sums.put(layer, new double[targets.styles().size()][c * c]);
        }
        for (Tile tile : tiles) {
            List<Tensor> fed = new ArrayList<>();
            try {
                Session.Runner runner = feedTile(x, tile, fed);
                List<double[]> into = new ArrayList<>();
                for (String layer : styleLayers) {
                    List<Operand<TFloat32>> grams = coreGrams.get(layer);
                    for (int t = 0; t < grams.size(); t++) {
                        runner.fetch(grams.get(t));
                        into.add(sums.get(layer)[t]);
                    }
                }
                try (Result r = runner.run()) {
                    for (int i = 0; i < into.size(); i++) {
                        float[] partial = Tensors.toArray((TFloat32) r.get(i));
                        double[] sum = into.get(i);
                        for (int j = 0; j < partial.length; j++) {
                            sum[j] += partial[j];
                        }
                    }
                }
            } finally {
                fed.forEach(Tensor::close);
            }
        }
        return sums;
    }

    /** Pass 2: adds every tile's gradient into {@code gradientOut}; returns the content layers' error sums. */
    private double[] backward(float[] x, Map<String, float[][]> coefficients, float[] gradientOut) {
        double[] contentSums = new double[contentLayers.size()];
        for (Tile tile : tiles) {
            List<Tensor> fed = new ArrayList<>();
            try {
                Session.Runner runner = feedTile(x, tile, fed);
                for (String layer : styleLayers) {
                    List<Placeholder<TFloat32>> ks = gramCoefficients.get(layer);
                    int c = Vgg19.outChannels(layer);
                    for (int t = 0; t < ks.size(); t++) {
                        runner.feed(ks.get(t), keep(fed, TFloat32.tensorOf(Shape.of(c, c),
                                DataBuffers.of(coefficients.get(layer)[t], true, false))));
                    }
                }
                for (String layer : contentLayers) {
                    runner.feed(contentInputs.get(layer), keep(fed, contentCrop(layer, tile)));
                }
                runner.fetch(gradient);
                contentLayers.forEach(l -> runner.fetch(contentErrors.get(l)));
                try (Result r = runner.run()) {
                    float[] g = Tensors.toArray((TFloat32) r.get(0));
                    addTile(g, tile, gradientOut);
                    for (int i = 0; i < contentLayers.size(); i++) {
                        contentSums[i] += ((TFloat32) r.get(i + 1)).getFloat();
                    }
                }
            } finally {
                fed.forEach(Tensor::close);
            }
        }
        return contentSums;
    }

    /** A runner fed with the tile's pixels, its cores' crops at every layer and its masks. */
    private Session.Runner feedTile(float[] x, Tile tile, List<Tensor> fed) {
        Session.Runner runner = session.runner();
        runner.feed(input, keep(fed, Tensors.imageTensor(cropImage(x, tile), tile.tileWidth(), tile.tileHeight())));
        for (String layer : usedLayers) {
            int s = strideOf(layer);
            int[] begin = {0, (tile.y0 - tile.ty0) / s, (tile.x0 - tile.tx0) / s, 0};
            int[] size = {1, tile.y1 / s - tile.y0 / s, tile.x1 / s - tile.x0 / s, -1};
            runner.feed(cropBegin.get(layer), keep(fed, TInt32.vectorOf(begin)));
            runner.feed(cropSize.get(layer), keep(fed, TInt32.vectorOf(size)));
        }
        for (String layer : styleLayers) {
            List<Placeholder<TFloat32>> masks = maskInputs.get(layer);
            for (int t = 0; t < masks.size(); t++) {
                if (masks.get(t) != null) {
                    float[] crop = cropPositions(layerMasks.get(layer).get(t), 1, width / strideOf(layer), layer, tile);
                    runner.feed(masks.get(t), keep(fed, TFloat32.tensorOf(Shape.of(crop.length, 1),
                            DataBuffers.of(crop, true, false))));
                }
            }
        }
        return runner;
    }

    private static <T extends Tensor> T keep(List<Tensor> fed, T tensor) {
        fed.add(tensor);
        return tensor;
    }

    private float[] cropImage(float[] x, Tile t) {
        int w = t.tileWidth();
        int h = t.tileHeight();
        float[] out = new float[3 * w * h];
        for (int c = 0; c < 3; c++) {
            for (int y = 0; y < h; y++) {
                System.arraycopy(x, (c * height + t.ty0 + y) * width + t.tx0, out, (c * h + y) * w, w);
            }
        }
        return out;
    }

    private void addTile(float[] g, Tile t, float[] gradientOut) {
        int w = t.tileWidth();
        int h = t.tileHeight();
        for (int c = 0; c < 3; c++) {
            for (int y = 0; y < h; y++) {
                int from = (c * h + y) * w;
                int to = (c * height + t.ty0 + y) * width + t.tx0;
                for (int i = 0; i < w; i++) {
                    gradientOut[to + i] += g[from + i];
                }
            }
        }
    }

    private TFloat32 contentCrop(String layer, Tile tile) {
        FeatureMap target = targets.content().get(layer);
        float[] crop = cropPositions(target.hwc(), target.channels(), target.width(), layer, tile);
        int s = strideOf(layer);
        return TFloat32.tensorOf(Shape.of(1, tile.y1 / s - tile.y0 / s, tile.x1 / s - tile.x0 / s, target.channels()),
                DataBuffers.of(crop, true, false));
    }

    /** The core's positions of a position-major (HWC) layer-sized array. */
    private static float[] cropPositions(float[] hwc, int channels, int layerWidth, String layer, Tile tile) {
        int s = strideOf(layer);
        int x0 = tile.x0 / s;
        int y0 = tile.y0 / s;
        int w = tile.x1 / s - x0;
        int h = tile.y1 / s - y0;
        float[] out = new float[w * h * channels];
        for (int y = 0; y < h; y++) {
            System.arraycopy(hwc, ((y0 + y) * layerWidth + x0) * channels, out, y * w * channels, w * channels);
        }
        return out;
    }

    public int width() {
        return width;
    }

    public int height() {
        return height;
    }

    @Override
    public Losses lastLosses() {
        return last;
    }

    @Override
    public void close() {
        session.close();
        graph.close();
    }
}
