package io.neuralstyle.engine;

import io.neuralstyle.engine.TileGrid.Tile;
import io.neuralstyle.model.Vgg19;
import java.util.ArrayList;
import java.util.Arrays;
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
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;

/**
 * The same loss and gradient as {@link StyleObjective}, evaluated tile by tile ({@link TileGrid})
 * so that memory is bounded by the tile size instead of the image size. The halo makes each core's
 * features exactly the whole image's. Each loss term is a sum over positions, or a function of such
 * sums (Gram matrices), so it is assembled by {@link LossAssembly} from the cores' shares:
 * <ol>
 * <li>Pass 1 (forward only, style layers only): each tile's unnormalized Gram matrix over its core;
 * summed in Java they give the image's Gram matrices, hence the style terms and dL/dG.</li>
 * <li>Pass 2: each tile's gradient of {@code sum <dL/dG, G_core> + the content sums over the core,
 * weighted}, added into the image's gradient over the whole tile, halo included: the halo's pixels
 * also feed the core's features, and the cores' shares of every term add up to the whole.</li>
 * </ol>
 * The terms of the image itself (smoothness, temporal) are added in Java over the whole image, by
 * {@link LossAssembly}. One graph with free spatial dimensions
 * serves every tile shape; crops are fed per evaluation.
 */
public final class TiledObjective implements LossObjective {
    private final int width;
    private final int height;
    private final LossAssembly assembly;
    private final TileGrid grid;
    private final List<String> usedLayers = new ArrayList<>();
    private final Graph graph;
    private final Session session;
    private final Placeholder<TFloat32> input;
    private final Map<String, Placeholder<TInt32>> cropBegin = new LinkedHashMap<>();
    private final Map<String, Placeholder<TInt32>> cropSize = new LinkedHashMap<>();
    /** Per style layer and style target: the core's unnormalized Gram matrix, its mask input (null: none), dL/dG. */
    private final Map<String, List<Operand<TFloat32>>> coreGrams = new LinkedHashMap<>();
    private final Map<String, List<Placeholder<TFloat32>>> maskInputs = new LinkedHashMap<>();
    private final Map<String, List<Placeholder<TFloat32>>> gramGradients = new LinkedHashMap<>();
    private final Map<String, Placeholder<TFloat32>> contentInputs = new LinkedHashMap<>();
    private final List<Operand<TFloat32>> contentSums = new ArrayList<>();
    private final Operand<TFloat32> gradient;
    private Losses last;

    /**
     * @param core side of a tile's core in pixels, a positive multiple of {@link TileGrid#STRIDE}
     */
    public TiledObjective(Network network, int width, int height, LossSpec spec, Targets targets, int core) {
        this(network, spec, targets, TileGrid.of(width, height, core, spec.deepestLayer()));
    }

    /** On a given grid: the tests use one with a too small halo to show that the halo matters. */
    TiledObjective(Network network, LossSpec spec, Targets targets, TileGrid grid) {
        this.width = grid.width();
        this.height = grid.height();
        this.grid = grid;
        if (spec.styleLoss() != StyleLoss.GRAM && !spec.styleLayers().isEmpty()) {
            throw new IllegalArgumentException("--style-loss " + spec.styleLoss() + " needs each style layer whole"
                    + " (a covariance's square root, a sort), which tiles cannot give: raise --max-memory so the"
                    + " image fits untiled, or use --style-loss gram");
        }
        this.assembly = new LossAssembly(spec, targets, width, height);
        usedLayers.addAll(assembly.contentLayers());
        assembly.styleLayers().stream().filter(l -> !usedLayers.contains(l)).forEach(usedLayers::add);
        this.graph = new Graph();
        try {
            Ops tf = Ops.create(graph);
            input = tf.placeholder(TFloat32.class, Placeholder.shape(Shape.of(1, 3, -1, -1)));
            Map<String, Operand<TFloat32>> features = Vgg19Graph.build(tf, input, network.weights(),
                    network.pooling(), spec.deepestLayer(), network.precision());
            Map<String, Operand<TFloat32>> cores = new LinkedHashMap<>();
            for (String layer : usedLayers) {
                Placeholder<TInt32> begin = tf.placeholder(TInt32.class, Placeholder.shape(Shape.of(4)));
                Placeholder<TInt32> size = tf.placeholder(TInt32.class, Placeholder.shape(Shape.of(4)));
                cropBegin.put(layer, begin);
                cropSize.put(layer, size);
                cores.put(layer, tf.slice(features.get(layer), begin, size));
            }
            Operand<TFloat32> surrogate = tf.constant(0f);
            for (String layer : assembly.contentLayers()) {
                Placeholder<TFloat32> p = tf.placeholder(TFloat32.class,
                        Placeholder.shape(Shape.of(1, -1, -1, Vgg19.outChannels(layer))));
                Operand<TFloat32> sse = LossTerms.squaredError(tf, cores.get(layer), p);
                contentInputs.put(layer, p);
                contentSums.add(sse);
                surrogate = tf.math.add(surrogate, tf.math.mul(sse,
                        tf.constant((float) assembly.contentCoefficient(layer))));
            }
            for (String layer : assembly.styleLayers()) {
                surrogate = tf.math.add(surrogate, buildStyleLayer(tf, layer, cores.get(layer)));
            }
            gradient = tf.gradients(surrogate, List.of(input)).dy(0);
            session = Sessions.openForRepeatedRuns(graph, network.compute(), network.precision());
        } catch (RuntimeException e) {
            graph.close();
            throw e;
        }
    }

    /** The core Gram matrices of one style layer, and its share of the pass-2 surrogate. */
    private Operand<TFloat32> buildStyleLayer(Ops tf, String layer, Operand<TFloat32> core) {
        int channels = Vgg19.outChannels(layer);
        Operand<TFloat32> flat = LossTerms.positionsByChannels(tf, core, channels, -1);
        Operand<TFloat32> plain = null;
        List<Operand<TFloat32>> grams = new ArrayList<>();
        List<Placeholder<TFloat32>> masks = new ArrayList<>();
        List<Placeholder<TFloat32>> dLdG = new ArrayList<>();
        Operand<TFloat32> surrogate = tf.constant(0f);
        for (int t = 0; t < assembly.styleCount(); t++) {
            Operand<TFloat32> gram;
            if (assembly.layerMask(layer, t) == null) {
                if (plain == null) {
                    plain = LossTerms.gramSum(tf, flat);
                }
                gram = plain;
                masks.add(null);
            } else {
                Placeholder<TFloat32> m = tf.placeholder(TFloat32.class, Placeholder.shape(Shape.of(-1, 1)));
                gram = LossTerms.maskedGramSum(tf, flat, m);
                masks.add(m);
            }
            Placeholder<TFloat32> k = tf.placeholder(TFloat32.class, Placeholder.shape(Shape.of(channels, channels)));
            grams.add(gram);
            dLdG.add(k);
            surrogate = tf.math.add(surrogate, LossTerms.sumAll(tf, tf.math.mul(k, gram)));
        }
        coreGrams.put(layer, grams);
        maskInputs.put(layer, masks);
        gramGradients.put(layer, dLdG);
        return surrogate;
    }

    public int tileCount() {
        return grid.tileCount();
    }

    /** The largest tile's width and height. */
    public int[] largestTile() {
        return grid.largestTile();
    }

    @Override
    public double evaluate(float[] x, float[] gradientOut) {
        if (x.length != 3 * width * height || gradientOut.length != x.length) {
            throw new IllegalArgumentException("expected arrays of " + 3 * width * height + " values");
        }
        List<String> styleLayers = assembly.styleLayers();
        Map<String, double[][]> grams = styleLayers.isEmpty() ? Map.of() : sumCoreGrams(x);
        double[][] style = new double[styleLayers.size()][];
        Map<String, float[][]> dLdG = new LinkedHashMap<>();
        for (int i = 0; i < styleLayers.size(); i++) {
            String layer = styleLayers.get(i);
            double[][] g = grams.get(layer);
            float[][] k = new float[g.length][];
            style[i] = new double[g.length];
            for (int t = 0; t < g.length; t++) {
                k[t] = new float[g[t].length];
                style[i][t] = assembly.styleSse(layer, t, g[t], k[t]);
            }
            dLdG.put(layer, k);
        }
        Arrays.fill(gradientOut, 0f);
        double[] content = backward(x, dLdG, gradientOut);
        last = assembly.losses(content, style, x, gradientOut);
        return last.total();
    }

    /** Pass 1: per style layer and target, the image's unnormalized Gram matrix, summed over the cores. */
    private Map<String, double[][]> sumCoreGrams(float[] x) {
        Map<String, double[][]> sums = new LinkedHashMap<>();
        for (String layer : assembly.styleLayers()) {
            int c = Vgg19.outChannels(layer);
            sums.put(layer, new double[assembly.styleCount()][c * c]);
        }
        for (Tile tile : grid.tiles()) {
            List<Tensor> fed = new ArrayList<>();
            try {
                Session.Runner runner = feedTile(x, tile, fed);
                List<double[]> into = new ArrayList<>();
                for (String layer : assembly.styleLayers()) {
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

    /** Pass 2: adds every tile's gradient into {@code gradientOut}; returns the content layers' sums. */
    private double[] backward(float[] x, Map<String, float[][]> dLdG, float[] gradientOut) {
        List<String> contentLayers = assembly.contentLayers();
        double[] contentSse = new double[contentLayers.size()];
        for (Tile tile : grid.tiles()) {
            List<Tensor> fed = new ArrayList<>();
            try {
                Session.Runner runner = feedTile(x, tile, fed);
                for (String layer : assembly.styleLayers()) {
                    List<Placeholder<TFloat32>> ks = gramGradients.get(layer);
                    int c = Vgg19.outChannels(layer);
                    for (int t = 0; t < ks.size(); t++) {
                        runner.feed(ks.get(t), keep(fed, TFloat32.tensorOf(Shape.of(c, c),
                                DataBuffers.of(dLdG.get(layer)[t], true, false))));
                    }
                }
                for (String layer : contentLayers) {
                    runner.feed(contentInputs.get(layer), keep(fed, contentCrop(layer, tile)));
                }
                runner.fetch(gradient);
                contentSums.forEach(runner::fetch);
                try (Result r = runner.run()) {
                    float[] g = Tensors.toArray((TFloat32) r.get(0));
                    addTile(g, tile, gradientOut);
                    for (int i = 0; i < contentSse.length; i++) {
                        contentSse[i] += ((TFloat32) r.get(i + 1)).getFloat();
                    }
                }
            } finally {
                fed.forEach(Tensor::close);
            }
        }
        return contentSse;
    }

    /** A runner fed with the tile's pixels, its cores' crops at every layer and its masks. */
    private Session.Runner feedTile(float[] x, Tile tile, List<Tensor> fed) {
        Session.Runner runner = session.runner();
        runner.feed(input, keep(fed, Tensors.imageTensor(cropImage(x, tile), tile.tileWidth(), tile.tileHeight())));
        for (String layer : usedLayers) {
            int s = Vgg19.stride(layer);
            int[] begin = {0, (tile.y0() - tile.ty0()) / s, (tile.x0() - tile.tx0()) / s, 0};
            int[] size = {1, tile.y1() / s - tile.y0() / s, tile.x1() / s - tile.x0() / s, -1};
            runner.feed(cropBegin.get(layer), keep(fed, TInt32.vectorOf(begin)));
            runner.feed(cropSize.get(layer), keep(fed, TInt32.vectorOf(size)));
        }
        for (String layer : assembly.styleLayers()) {
            List<Placeholder<TFloat32>> masks = maskInputs.get(layer);
            for (int t = 0; t < masks.size(); t++) {
                if (masks.get(t) != null) {
                    float[] crop = cropPositions(assembly.layerMask(layer, t), 1, width / Vgg19.stride(layer), layer,
                            tile);
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
                System.arraycopy(x, (c * height + t.ty0() + y) * width + t.tx0(), out, (c * h + y) * w, w);
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
                int to = (c * height + t.ty0() + y) * width + t.tx0();
                for (int i = 0; i < w; i++) {
                    gradientOut[to + i] += g[from + i];
                }
            }
        }
    }

    private TFloat32 contentCrop(String layer, Tile tile) {
        FeatureMap target = assembly.contentTarget(layer);
        float[] crop = cropPositions(target.hwc(), target.channels(), target.width(), layer, tile);
        int s = Vgg19.stride(layer);
        return TFloat32.tensorOf(Shape.of(1, tile.y1() / s - tile.y0() / s, tile.x1() / s - tile.x0() / s,
                target.channels()), DataBuffers.of(crop, true, false));
    }

    /** The core's positions of a position-major (HWC) layer-sized array. */
    private static float[] cropPositions(float[] hwc, int channels, int layerWidth, String layer, Tile tile) {
        int s = Vgg19.stride(layer);
        int x0 = tile.x0() / s;
        int y0 = tile.y0() / s;
        int w = tile.x1() / s - x0;
        int h = tile.y1() / s - y0;
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
