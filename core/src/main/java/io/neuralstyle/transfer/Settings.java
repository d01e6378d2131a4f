package io.neuralstyle.transfer;

import io.neuralstyle.engine.LossSpec;
import io.neuralstyle.engine.Pooling;
import io.neuralstyle.engine.Precision;
import io.neuralstyle.model.Vgg19;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Everything that decides a run's result, immutable; make one with {@link #builder()}. The loss
 * terms these weights multiply are defined, with their normalization, in
 * {@link io.neuralstyle.engine.LossTerms}.
 *
 * @param size          longest side of the output in pixels; the content photo is resized to it
 * @param iterations    optimizer iterations
 * @param optimizer     L-BFGS (the paper's) or Adam
 * @param learningRate  Adam's step size, in image units (the image spans 0..1)
 * @param lbfgsHistory  L-BFGS memory: the most correction pairs kept; an image too large for that many
 *                      in memory keeps fewer (see MemoryEstimate.historyThatFits)
 * @param init          where the image starts
 * @param pooling       pooling between VGG blocks
 * @param contentLayers layer to weight of the content terms
 * @param styleLayers   layer to weight w_l of the style terms
 * @param contentWeight alpha
 * @param styleWeight   beta
 * @param tvWeight      total-variation weight (0: off, as in the paper)
 * @param seed          seed of the noise image; the same seed repeats a run bit for bit on one machine
 * @param threads       threads for TensorFlow; 0 means one per processor
 * @param styleBlend    one weight per style image, normalized to sum 1 (empty: equal weights); the
 *                      style targets are the blend of the styles' Gram matrices. Not used with masks
 * @param styleScale    longest side of the style images relative to the output's: below 1 the
 *                      painting's strokes and motifs come out smaller, above 1 larger
 * @param colors        whose colours the result keeps
 * @param scaleIterations iterations at each coarser scale before the full size, coarsest first,
 *                      each scale half the next (Gatys et al. 2017, coarse-to-fine); empty: the
 *                      full size only, as in the paper
 * @param precision     the network's arithmetic while optimizing; targets are always float32
 * @param maxMemoryBytes memory a run may use; a size whose whole-image evaluation needs more runs in
 *                      tiles that fit (see TilePlan). 0: automatic, the smaller of 8 GiB and the
 *                      memory available when the run starts
 */
public record Settings(int size, int iterations, OptimizerKind optimizer, double learningRate, int lbfgsHistory,
        Init init, Pooling pooling, Map<String, Double> contentLayers, Map<String, Double> styleLayers,
        double contentWeight, double styleWeight, double tvWeight, long seed, int threads,
        List<Double> styleBlend, double styleScale, Colors colors, List<Integer> scaleIterations,
        Precision precision, long maxMemoryBytes) {

    /**
     * 512 px: the size most tools default to, large enough to show brush strokes. It takes minutes
     * per hundred iterations on a laptop CPU; use --size 256 to try settings.
     */
    public static final int DEFAULT_SIZE = 512;
    /**
     * Iterations at the full size when it is the only scale: the paper's figures come from about 500
     * to 1000 L-BFGS iterations, and 500 look finished.
     */
    public static final int DEFAULT_ITERATIONS = 500;
    /**
     * Sizes above this run coarse-to-fine by default (Gatys et al. 2017): half the size first, and so
     * on down to the smallest scale of at least {@link #SMALLEST_SCALE}, each scale starting from the
     * previous one's result upsampled.
     */
    public static final int COARSE_TO_FINE_ABOVE = 256;
    /** Below this, conv5_1 sees fewer than 8 positions across: the painting's motifs no longer fit. */
    public static final int SMALLEST_SCALE = 128;
    /**
     * Iterations at each coarser scale of the default schedule. Measured on tubingen with
     * starry_night at 512 px (see the README's performance section): the coarse scales cost a
     * quarter and a sixteenth of a full-size iteration, and settle the large-scale layout that the
     * full size otherwise spends hundreds of iterations on.
     */
    public static final int DEFAULT_COARSE_ITERATIONS = 300;
    /** Iterations at the full size after the coarser scales: they only have to add the fine detail. */
    public static final int DEFAULT_FINE_ITERATIONS = 100;
    /** Adam's step: a noise image moves by about 2/255 per step at first. */
    public static final double DEFAULT_LEARNING_RATE = 0.02;
    /** 100 pairs: the choice of jcjohnson/neural-style; memory is 2 x 100 image-sized arrays. */
    public static final int DEFAULT_LBFGS_HISTORY = 100;
    /** The paper's content layer (Fig. 2 and 3). */
    public static final List<String> DEFAULT_CONTENT_LAYERS = List.of("conv4_2");
    /** The paper's style layers of Fig. 2, each weighted 1/5. */
    public static final List<String> DEFAULT_STYLE_LAYERS = List.of("conv1_1", "conv2_1", "conv3_1", "conv4_1",
            "conv5_1");
    /** alpha: with relative terms only the ratio to beta matters; 1 makes beta read as beta/alpha. */
    public static final double DEFAULT_CONTENT_WEIGHT = 1;
    /**
     * beta: chosen by eye on tubingen.jpg with starry_night.jpg at 256 px so that the result looks
     * like the paper's Fig. 2: the photo's layout clearly kept, its textures replaced by the
     * painting's strokes. At 1 the photo dominates, at 100 and above only the painting's texture is
     * left; 5 and 20 bracket the paper's look. Because each term is a relative error (see LossTerms),
     * the same value works for both the Caffe and the torchvision weights.
     */
    public static final double DEFAULT_STYLE_WEIGHT = 10;
    /** The paper uses no smoothness term. */
    public static final double DEFAULT_TV_WEIGHT = 0;
    /** The style image at the output's size, as in the paper. */
    public static final double DEFAULT_STYLE_SCALE = 1;

    public Settings {
        if (size < 16) {
            throw new IllegalArgumentException("size must be at least 16 pixels, got " + size);
        }
        if (iterations < 0) {
            throw new IllegalArgumentException("iterations must not be negative, got " + iterations);
        }
        if (!(learningRate > 0) || Double.isInfinite(learningRate)) {
            throw new IllegalArgumentException("learning rate must be positive, got " + learningRate);
        }
        if (lbfgsHistory < 1) {
            throw new IllegalArgumentException("L-BFGS history must be at least 1, got " + lbfgsHistory);
        }
        for (double w : styleBlend) {
            if (!(w >= 0) || Double.isInfinite(w)) {
                throw new IllegalArgumentException("style blend weights must be finite and not negative, got " + w);
            }
        }
        if (!styleBlend.isEmpty() && styleBlend.stream().mapToDouble(Double::doubleValue).sum() <= 0) {
            throw new IllegalArgumentException("style blend weights must not all be 0: give at least one a weight");
        }
        styleBlend = List.copyOf(styleBlend);
        if (!(styleScale > 0) || Double.isInfinite(styleScale)) {
            throw new IllegalArgumentException("style scale must be positive, got " + styleScale);
        }
        if ((int) Math.round(size * styleScale) < 16) {
            throw new IllegalArgumentException("style scale " + styleScale + " makes the style image smaller than"
                    + " 16 pixels at size " + size + ": use a larger --style-scale or --size");
        }
        for (int n : scaleIterations) {
            if (n < 0) {
                throw new IllegalArgumentException("scale iterations must not be negative, got " + n);
            }
        }
        if (size >> scaleIterations.size() < 16) {
            throw new IllegalArgumentException(scaleIterations.size() + " coarser scales would start below 16 pixels"
                    + " at size " + size + ": give fewer scale iterations");
        }
        scaleIterations = List.copyOf(scaleIterations);
        if (maxMemoryBytes < 0) {
            throw new IllegalArgumentException("max memory must not be negative, got " + maxMemoryBytes
                    + ": give a size such as 8g, or 0 for automatic");
        }
        contentLayers = Collections.unmodifiableMap(new LinkedHashMap<>(contentLayers));
        styleLayers = Collections.unmodifiableMap(new LinkedHashMap<>(styleLayers));
        // Validates layer names and weights once, here, rather than deep inside a run.
        new LossSpec(contentLayers, styleLayers, contentWeight, styleWeight, tvWeight);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** A builder holding these settings, to change a few. */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.size = size;
        b.iterations = iterations;
        b.optimizer = optimizer;
        b.learningRate = learningRate;
        b.lbfgsHistory = lbfgsHistory;
        b.init = init;
        b.pooling = pooling;
        b.contentLayers = new LinkedHashMap<>(contentLayers);
        b.styleLayers = new LinkedHashMap<>(styleLayers);
        b.contentWeight = contentWeight;
        b.styleWeight = styleWeight;
        b.tvWeight = tvWeight;
        b.seed = seed;
        b.threads = threads;
        b.styleBlend = new ArrayList<>(styleBlend);
        b.styleScale = styleScale;
        b.colors = colors;
        b.scaleIterations = new ArrayList<>(scaleIterations);
        b.precision = precision;
        b.maxMemoryBytes = maxMemoryBytes;
        return b;
    }

    /** The engine's view of the loss. */
    public LossSpec lossSpec() {
        return new LossSpec(contentLayers, styleLayers, contentWeight, styleWeight, tvWeight);
    }

    /**
     * Every setting as text, in a fixed order: embedded in outputs so that a result can be re-run.
     * The images (content, styles, masks) are inputs, not settings: the caller records their paths.
     */
    public Map<String, String> describe() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("size", Integer.toString(size));
        m.put("iterations", Integer.toString(iterations));
        m.put("optimizer", optimizer.toString());
        m.put("learning-rate", Double.toString(learningRate));
        m.put("lbfgs-history", Integer.toString(lbfgsHistory));
        m.put("init", init.toString());
        m.put("pooling", pooling.toString());
        m.put("content-layers", String.join(",", contentLayers.keySet()));
        m.put("content-layer-weights", joinWeights(contentLayers));
        m.put("style-layers", String.join(",", styleLayers.keySet()));
        m.put("style-layer-weights", joinWeights(styleLayers));
        m.put("content-weight", Double.toString(contentWeight));
        m.put("style-weight", Double.toString(styleWeight));
        m.put("tv-weight", Double.toString(tvWeight));
        m.put("seed", Long.toString(seed));
        m.put("threads", Integer.toString(threads));
        if (!styleBlend.isEmpty()) {
            m.put("style-blend", String.join(",", styleBlend.stream().map(String::valueOf).toList()));
        }
        m.put("style-scale", Double.toString(styleScale));
        m.put("colors", colors.toString());
        // Written even when empty: a re-run at a larger size would otherwise get the default schedule.
        m.put("scale-iterations", scaleIterations.isEmpty() ? "none"
                : String.join(",", scaleIterations.stream().map(String::valueOf).toList()));
        m.put("precision", precision.toString());
        if (maxMemoryBytes > 0) {
            m.put("max-memory", (maxMemoryBytes >> 20) + "m");
        }
        return m;
    }

    /**
     * The coarse-to-fine schedule a size gets when none is given: none up to
     * {@link #COARSE_TO_FINE_ABOVE}, else {@link #DEFAULT_COARSE_ITERATIONS} at each halved size down to
     * the smallest of at least {@link #SMALLEST_SCALE}.
     */
    public static List<Integer> defaultScaleIterations(int size) {
        List<Integer> counts = new ArrayList<>();
        if (size > COARSE_TO_FINE_ABOVE) {
            for (int s = size / 2; s >= SMALLEST_SCALE; s /= 2) {
                counts.add(DEFAULT_COARSE_ITERATIONS);
            }
        }
        return counts;
    }

    private static String joinWeights(Map<String, Double> layers) {
        List<String> parts = new ArrayList<>();
        layers.values().forEach(w -> parts.add(Double.toString(w)));
        return String.join(",", parts);
    }

    /** Layers with weights, from parallel lists; no weights means each layer gets 1/count. */
    public static Map<String, Double> layerWeights(List<String> layers, List<Double> weights) {
        if (!weights.isEmpty() && weights.size() != layers.size()) {
            throw new IllegalArgumentException(layers.size() + " layers but " + weights.size()
                    + " layer weights: give one weight per layer, or none for equal weights");
        }
        Map<String, Double> m = new LinkedHashMap<>();
        for (int i = 0; i < layers.size(); i++) {
            String layer = Vgg19.canonical(layers.get(i));
            double w = weights.isEmpty() ? 1.0 / layers.size() : weights.get(i);
            if (m.put(layer, w) != null) {
                throw new IllegalArgumentException("layer " + layer + " is listed twice");
            }
        }
        return m;
    }

    /** Builds {@link Settings}; every field starts at its documented default. */
    public static final class Builder {
        private int size = DEFAULT_SIZE;
        /** Null until set: the default depends on whether the schedule is coarse-to-fine. */
        private Integer iterations;
        private OptimizerKind optimizer = OptimizerKind.LBFGS;
        private double learningRate = DEFAULT_LEARNING_RATE;
        private int lbfgsHistory = DEFAULT_LBFGS_HISTORY;
        private Init init = Init.NOISE;
        private Pooling pooling = Pooling.AVG;
        private Map<String, Double> contentLayers = layerWeights(DEFAULT_CONTENT_LAYERS, List.of());
        private Map<String, Double> styleLayers = layerWeights(DEFAULT_STYLE_LAYERS, List.of());
        private double contentWeight = DEFAULT_CONTENT_WEIGHT;
        private double styleWeight = DEFAULT_STYLE_WEIGHT;
        private double tvWeight = DEFAULT_TV_WEIGHT;
        private long seed = 0;
        private int threads = 0;
        private List<Double> styleBlend = new ArrayList<>();
        private double styleScale = DEFAULT_STYLE_SCALE;
        private Colors colors = Colors.STYLE;
        /** Null until set: the default depends on the size. */
        private List<Integer> scaleIterations;
        private Precision precision = Precision.fastest();
        private long maxMemoryBytes;

        private Builder() {
        }

        public Builder size(int v) {
            size = v;
            return this;
        }

        /** Iterations at the full size; null for the default (see {@link #build()}). */
        public Builder iterations(Integer v) {
            iterations = v;
            return this;
        }

        public Builder optimizer(OptimizerKind v) {
            optimizer = v;
            return this;
        }

        public Builder learningRate(double v) {
            learningRate = v;
            return this;
        }

        public Builder lbfgsHistory(int v) {
            lbfgsHistory = v;
            return this;
        }

        public Builder init(Init v) {
            init = v;
            return this;
        }

        public Builder pooling(Pooling v) {
            pooling = v;
            return this;
        }

        /** Content layers with their weights, in order. */
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

        public Builder tvWeight(double v) {
            tvWeight = v;
            return this;
        }

        public Builder seed(long v) {
            seed = v;
            return this;
        }

        public Builder threads(int v) {
            threads = v;
            return this;
        }

        /** One weight per style image (normalized to sum 1); empty for equal weights. */
        public Builder styleBlend(List<Double> v) {
            styleBlend = new ArrayList<>(v);
            return this;
        }

        public Builder styleScale(double v) {
            styleScale = v;
            return this;
        }

        public Builder colors(Colors v) {
            colors = v;
            return this;
        }

        /**
         * Iterations at each coarser scale, coarsest first; empty for the full size only. Unset, sizes
         * above {@link #COARSE_TO_FINE_ABOVE} get {@link #defaultScaleIterations}.
         */
        public Builder scaleIterations(List<Integer> v) {
            scaleIterations = v == null ? null : new ArrayList<>(v);
            return this;
        }

        public Builder precision(Precision v) {
            precision = v;
            return this;
        }

        /**
         * The settings; unset iterations and scale iterations get their defaults for the size:
         * {@link #defaultScaleIterations} with {@link #DEFAULT_FINE_ITERATIONS} at the full size, or
         * {@link #DEFAULT_ITERATIONS} when there are no coarser scales.
         */
        public Settings build() {
            List<Integer> scales = scaleIterations != null ? scaleIterations : defaultScaleIterations(size);
            int its = iterations != null ? iterations : scales.isEmpty() ? DEFAULT_ITERATIONS : DEFAULT_FINE_ITERATIONS;
            return new Settings(size, its, optimizer, learningRate, lbfgsHistory, init, pooling, contentLayers,
                    styleLayers, contentWeight, styleWeight, tvWeight, seed, threads, styleBlend, styleScale, colors,
                    scales, precision, maxMemoryBytes);
        }

        /** Memory a run may use, in bytes; 0 for automatic. */
        public Builder maxMemoryBytes(long v) {
            maxMemoryBytes = v;
            return this;
        }
    }
}
