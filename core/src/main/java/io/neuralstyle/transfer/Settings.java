package io.neuralstyle.transfer;

import io.neuralstyle.engine.Compute;
import io.neuralstyle.engine.Device;
import io.neuralstyle.engine.ImageTerm;
import io.neuralstyle.engine.LossSpec;
import io.neuralstyle.engine.Network;
import io.neuralstyle.engine.Pooling;
import io.neuralstyle.engine.Precision;
import io.neuralstyle.engine.StyleLoss;
import io.neuralstyle.model.LayerWeights;
import io.neuralstyle.model.Vgg19;
import io.neuralstyle.model.Weights;
import io.neuralstyle.optim.Lbfgs;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Everything that decides a run's result, immutable; make one with {@link #builder()}, by name. The
 * loss terms these weights multiply are defined, with their normalization, in
 * {@link io.neuralstyle.engine.LossTerms}.
 *
 * <p>Three views of the same settings: this class (typed, for Java callers), its {@link Builder}
 * (every field starting at its {@code DEFAULT_} constant below), and text, one string per key
 * ({@link #describe()}, {@link #fromMap}, {@link #readJson}/{@link #writeJson}, the text in every
 * output PNG, the command line's {@code --KEY} options). The text view is defined once, by the table
 * {@link SettingKey}, which binds each key to its accessor and builder method; {@link #equals},
 * {@link #hashCode} and {@link #toString} work from it too.
 *
 * <p>The values live in the builder's fields: a {@code Settings} holds a checked private copy of its
 * builder, which nothing changes afterwards, and each accessor reads one field of it. So a new
 * setting is a field of {@link Builder} (starting at its default), its builder method, its accessor
 * here, and one {@code SettingKey} entry (plus a range check in the constructor, if it has one).
 * Defaults are the constants here; the table's default texts and the command line's help read them.
 *
 * <p>Invalid settings throw {@link SettingsException}, which names the setting's key.
 */
public final class Settings {

    /**
     * 512 px: the size most tools default to, large enough to show brush strokes. It takes minutes
     * per hundred iterations on a laptop CPU; use --size 256 to try settings.
     */
    public static final int DEFAULT_SIZE = 512;
    /** The schedule a run gets unless its iterations are given: see {@link Quality}. */
    public static final Quality DEFAULT_QUALITY = Quality.STANDARD;
    /** Iterations at the full size when it is the only scale (the paper's figures come from 500 to 1000). */
    public static final int DEFAULT_ITERATIONS = DEFAULT_QUALITY.singleScaleIterations();
    /**
     * Sizes above this run coarse-to-fine by default (Gatys et al. 2017): half the size first, and so
     * on down to the smallest scale of at least {@link #SMALLEST_SCALE}, each scale starting from the
     * previous one's result upsampled.
     */
    public static final int COARSE_TO_FINE_ABOVE = 256;
    /**
     * The smallest side of an output, a coarse scale or a style image, 16 px: the network's deepest
     * layers see one position per {@link Vgg19#DEEPEST_STRIDE} pixels, so below it they see none.
     */
    public static final int MIN_SIDE = Vgg19.DEEPEST_STRIDE;
    /** Below this, conv5_1 sees fewer than 8 positions across: the painting's motifs no longer fit. */
    public static final int SMALLEST_SCALE = 128;
    /** Iterations at each coarser scale of the default schedule. */
    public static final int DEFAULT_COARSE_ITERATIONS = DEFAULT_QUALITY.coarseIterations();
    /** Iterations at the full size after the coarser scales: they only have to add the fine detail. */
    public static final int DEFAULT_FINE_ITERATIONS = DEFAULT_QUALITY.fineIterations();
    /** Adam's step: a noise image moves by about 2/255 per step at first. */
    public static final double DEFAULT_LEARNING_RATE = 0.02;
    /**
     * {@value} pairs, L-BFGS's own default (why: {@link Lbfgs#DEFAULT_HISTORY_SIZE}); memory is 2 x
     * {@value} image-sized arrays.
     */
    public static final int DEFAULT_LBFGS_HISTORY = Lbfgs.DEFAULT_HISTORY_SIZE;
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
    /**
     * The paper has no smoothness term, and with none the result keeps pixel-level grain: the
     * starting noise's components that the network barely sees are never optimized away (measured at
     * 256 px, tubingen with the_scream: high-frequency energy 15.3 against the painting's 5.9). A
     * weight of 5 removes it (4.9), raises the style loss by 4% (0.0351 to 0.0365) and keeps the
     * photo's outlines better (edge correlation 0.454 against 0.420); 15 smooths further (4.1) at a
     * higher loss. See the README's quality section.
     */
    public static final double DEFAULT_TV_WEIGHT = 5;
    /** The style image at the output's size, as in the paper. */
    public static final double DEFAULT_STYLE_SCALE = 1;
    /** The paper's optimizer. */
    public static final OptimizerKind DEFAULT_OPTIMIZER = OptimizerKind.LBFGS;
    /** White noise, as in the paper. */
    public static final Init DEFAULT_INIT = Init.NOISE;
    /** The paper finds average pooling gives slightly more appealing results. */
    public static final Pooling DEFAULT_POOLING = Pooling.AVG;
    /** The painting's colours, as in the 2015 paper. */
    public static final Colors DEFAULT_COLORS = Colors.STYLE;
    /** Any fixed seed makes runs repeatable; 0 is as good as any. */
    public static final long DEFAULT_SEED = 0;
    /** 0: TensorFlow's choice, one thread per processor. */
    public static final int DEFAULT_THREADS = 0;
    /** A GPU where the program has TensorFlow's CUDA build and the machine a GPU, else the CPU. */
    public static final Device DEFAULT_DEVICE = Device.AUTO;
    /**
     * The paper's Gram matrices. W2 and sliced were measured against it on tubingen with three
     * paintings at 256 px (docs/style-losses.md): see there why Gram stays the default.
     */
    public static final StyleLoss DEFAULT_STYLE_LOSS = StyleLoss.GRAM;
    /** 0: {@link LossSpec#DIRECTIONS_PER_CHANNEL} directions per channel (128 at conv1_1, 1024 at conv5_1). */
    public static final int DEFAULT_STYLE_PROJECTIONS = 0;

    /** The values, in a copy of the builder that made them, checked; never changed after the constructor. */
    private final Builder values;

    /**
     * The settings of {@code b}; unset iterations and scale iterations get the {@link Quality}'s
     * schedule for the size: {@link Quality#scaleIterations}, then {@link Quality#iterations} at the
     * full size.
     */
    private Settings(Builder b) {
        Builder v = b.copy();
        if (v.scaleIterations == null) {
            v.scaleIterations = v.quality.scaleIterations(v.size);
        }
        if (v.iterations == null) {
            v.iterations = v.quality.iterations(v.scaleIterations);
        }
        if (v.size < MIN_SIDE) {
            throw SettingKey.SIZE.invalid("must be at least " + MIN_SIDE + " pixels, got " + v.size);
        }
        if (v.iterations < 1) {
            throw SettingKey.ITERATIONS.invalid("must be at least 1, got " + v.iterations
                    + ": with none the result would be the starting image, unpainted");
        }
        if (!(v.learningRate > 0) || Double.isInfinite(v.learningRate)) {
            throw SettingKey.LEARNING_RATE.invalid("must be positive, got " + v.learningRate);
        }
        if (v.lbfgsHistory < 1) {
            throw SettingKey.LBFGS_HISTORY.invalid("must be at least 1, got " + v.lbfgsHistory);
        }
        if (v.threads < 0) {
            throw SettingKey.THREADS.invalid("must not be negative (0: one per processor), got " + v.threads);
        }
        for (double w : v.styleBlend) {
            if (!(w >= 0) || Double.isInfinite(w)) {
                throw SettingKey.STYLE_BLEND.invalid("weights must be finite and not negative, got " + w);
            }
        }
        if (!v.styleBlend.isEmpty() && v.styleBlend.stream().mapToDouble(Double::doubleValue).sum() <= 0) {
            throw SettingKey.STYLE_BLEND.invalid("weights must not all be 0: give at least one a weight");
        }
        v.styleBlend = List.copyOf(v.styleBlend);
        if (!(v.styleScale > 0) || Double.isInfinite(v.styleScale)) {
            throw SettingKey.STYLE_SCALE.invalid("must be positive, got " + v.styleScale);
        }
        if ((int) Math.round(v.size * v.styleScale) < MIN_SIDE) {
            throw SettingKey.STYLE_SCALE.invalid(v.styleScale + " makes the style image smaller than " + MIN_SIDE
                    + " pixels at {size} " + v.size + ": use a larger {style-scale} or {size}");
        }
        for (int n : v.scaleIterations) {
            if (n < 0) {
                throw SettingKey.SCALE_ITERATIONS.invalid("must not be negative, got " + n);
            }
        }
        if (v.size >> v.scaleIterations.size() < MIN_SIDE) {
            throw SettingKey.SCALE_ITERATIONS.invalid(v.scaleIterations.size() + " coarser scales would start below "
                    + MIN_SIDE + " pixels at {size} " + v.size + ": give fewer");
        }
        v.scaleIterations = List.copyOf(v.scaleIterations);
        if (v.maxMemoryBytes < 0) {
            throw SettingKey.MAX_MEMORY.invalid("must not be negative, got " + v.maxMemoryBytes
                    + ": give a size such as 8g, or auto");
        }
        v.contentLayers = checkedLayers(v.contentLayers, SettingKey.CONTENT_LAYERS, SettingKey.CONTENT_LAYER_WEIGHTS);
        v.styleLayers = checkedLayers(v.styleLayers, SettingKey.STYLE_LAYERS, SettingKey.STYLE_LAYER_WEIGHTS);
        if (v.contentLayers.isEmpty() && v.styleLayers.isEmpty()) {
            throw SettingKey.STYLE_LAYERS.invalid("the loss needs at least one layer, but {content-layers} is empty"
                    + " too");
        }
        Objects.requireNonNull(v.init, "init");
        Objects.requireNonNull(v.styleLoss, "style loss");
        Objects.requireNonNull(v.quality, "quality");
        if (v.styleProjections < 0) {
            throw SettingKey.STYLE_PROJECTIONS.invalid("must not be negative (0: "
                    + LossSpec.DIRECTIONS_PER_CHANNEL + " per channel), got " + v.styleProjections);
        }
        checkWeight(v.contentWeight, SettingKey.CONTENT_WEIGHT);
        checkWeight(v.styleWeight, SettingKey.STYLE_WEIGHT);
        values = v;
        // The weights of the image's terms, each under its own setting's key: a new term needs no line here.
        for (SettingKey key : imageTermWeights().values()) {
            checkWeight((Double) key.value(this), key);
        }
        // The engine's own checks; everything they test was checked above, naming the setting.
        lossSpec();
    }

    /** Longest side of the output in pixels; the content photo is resized to it. */
    public int size() {
        return values.size;
    }

    /** Optimizer iterations at the full size. */
    public int iterations() {
        return values.iterations;
    }

    /** L-BFGS (the paper's) or Adam. */
    public OptimizerKind optimizer() {
        return values.optimizer;
    }

    /** Adam's step size, in image units (the image spans 0..1). */
    public double learningRate() {
        return values.learningRate;
    }

    /**
     * L-BFGS memory: the most correction pairs kept; an image too large for that many in memory
     * keeps fewer (see MemoryEstimate.historyThatFits).
     */
    public int lbfgsHistory() {
        return values.lbfgsHistory;
    }

    /** Where the image starts. */
    public Init init() {
        return values.init;
    }

    /** Pooling between VGG blocks. */
    public Pooling pooling() {
        return values.pooling;
    }

    /** Layer to weight of the content terms, in order (unmodifiable). */
    public Map<String, Double> contentLayers() {
        return values.contentLayers;
    }

    /** Layer to weight w_l of the style terms, in order (unmodifiable). */
    public Map<String, Double> styleLayers() {
        return values.styleLayers;
    }

    /** Alpha. */
    public double contentWeight() {
        return values.contentWeight;
    }

    /** Beta. */
    public double styleWeight() {
        return values.styleWeight;
    }

    /** Total-variation weight (0: off, as in the paper). */
    public double tvWeight() {
        return values.tvWeight;
    }

    /** Seed of the noise image; the same seed repeats a run bit for bit on one machine. */
    public long seed() {
        return values.seed;
    }

    /** Threads for TensorFlow; 0 means one per processor. */
    public int threads() {
        return values.threads;
    }

    /**
     * One weight per style image, normalized to sum 1 (empty: equal weights); the style targets are
     * the blend of the styles' Gram matrices (with the sliced loss, the mixture of their distributions).
     * Not used with masks.
     */
    public List<Double> styleBlend() {
        return values.styleBlend;
    }

    /**
     * Longest side of the style images relative to the output's: below 1 the painting's strokes and
     * motifs come out smaller, above 1 larger.
     */
    public double styleScale() {
        return values.styleScale;
    }

    /** Whose colours the result keeps. */
    public Colors colors() {
        return values.colors;
    }

    /**
     * Iterations at each coarser scale before the full size, coarsest first, each scale half the next
     * (Gatys et al. 2017, coarse-to-fine); empty: the full size only, as in the paper.
     */
    public List<Integer> scaleIterations() {
        return values.scaleIterations;
    }

    /** The network's arithmetic while optimizing; targets are always float32. */
    public Precision precision() {
        return values.precision;
    }

    /**
     * Memory a run may use; a size whose whole-image evaluation needs more runs in tiles that fit
     * (see TilePlan). 0: automatic, the smaller of 8 GiB and the memory available when the run starts.
     */
    public long maxMemoryBytes() {
        return values.maxMemoryBytes;
    }

    /** Where the network runs: the GPU where there is one to use (auto), or the CPU. */
    public Device device() {
        return values.device;
    }

    /**
     * How the style layers compare the result with the painting: Gram matrices (the paper), W2
     * between Gaussians, or the sliced Wasserstein distance.
     */
    public StyleLoss styleLoss() {
        return values.styleLoss;
    }

    /** The sliced loss's random directions per layer; 0: {@link LossSpec#DIRECTIONS_PER_CHANNEL} per channel. */
    public int styleProjections() {
        return values.styleProjections;
    }

    /**
     * The preset that gave iterations and scale iterations their defaults (explicit values override
     * it); recorded so that a settings file can ask for it by name.
     */
    public Quality quality() {
        return values.quality;
    }

    /** Equal when every setting of {@link SettingKey} is; the layers with their weights are compared as maps. */
    @Override
    public boolean equals(Object o) {
        if (!(o instanceof Settings other)) {
            return false;
        }
        for (SettingKey key : SettingKey.values()) {
            if (!Objects.equals(key.value(this), key.value(other))) {
                return false;
            }
        }
        return true;
    }

    @Override
    public int hashCode() {
        int h = 1;
        for (SettingKey key : SettingKey.values()) {
            h = 31 * h + Objects.hashCode(key.value(this));
        }
        return h;
    }

    /** Every setting by its key, none left out: {@code Settings{size=512, iterations=500, ...}}. */
    @Override
    public String toString() {
        Map<String, Object> m = new LinkedHashMap<>();
        for (SettingKey key : SettingKey.values()) {
            Object value = key.value(this);
            if (value != null) {
                m.put(key.key(), value);
            }
        }
        return "Settings" + m;
    }

    /**
     * The layers checked by {@link LayerWeights#checked}; a refusal names the setting it is about, the
     * layers or their weights.
     */
    private static Map<String, Double> checkedLayers(Map<String, Double> layers, SettingKey names, SettingKey weights) {
        try {
            return LayerWeights.checked(layers);
        } catch (LayerWeights.Invalid e) {
            throw (e.aboutWeights() ? weights : names).invalid(e.getMessage());
        }
    }

    private static void checkWeight(double w, SettingKey key) {
        if (!(w >= 0) || Double.isInfinite(w)) {
            throw key.invalid("must be finite and not negative, got " + w);
        }
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * Settings from text, one value per key as {@link #describe()} writes them (the text an output PNG
     * carries, or a settings file's); keys left out keep their defaults.
     *
     * @throws SettingsException naming the key of an unknown setting or a value that cannot be used
     */
    public static Settings fromMap(Map<String, String> values) {
        return builder().set(values).build();
    }

    /**
     * Settings from a JSON settings file (see {@link SettingsFile}); keys left out keep their defaults.
     *
     * @throws IOException        when the file cannot be read or is not a JSON object
     * @throws SettingsException naming the key of an unknown setting or a value that cannot be used
     */
    public static Settings readJson(Path file) throws IOException {
        return fromMap(SettingsFile.read(file));
    }

    /** Writes these settings as a JSON settings file, all at once (never half-written). */
    public void writeJson(Path file) throws IOException {
        SettingsFile.write(file, describe());
    }

    /** A builder holding these settings, to change a few. */
    public Builder toBuilder() {
        return values.copy();
    }

    /** What the network runs on: {@link #device()} with {@link #threads()}. */
    public Compute compute() {
        return new Compute(threads(), device());
    }

    /** The network these settings run {@code weights} as: their pooling, compute and precision. */
    public Network network(Weights weights) {
        return new Network(weights, pooling(), compute(), precision());
    }

    /**
     * The settings that weigh a term of the image; the terms not here are not the user's to set (the
     * temporal term's weight comes from the video's own settings, per frame). A method, not a
     * constant: {@link SettingKey}'s constants and this class's initialize each other.
     */
    private static Map<ImageTerm, SettingKey> imageTermWeights() {
        return Map.of(ImageTerm.SMOOTHNESS, SettingKey.TV_WEIGHT);
    }

    /** The engine's view of the loss. */
    public LossSpec lossSpec() {
        // The sliced directions are drawn from the run's seed: the same seed repeats a run bit for bit.
        LossSpec.Builder b = LossSpec.builder().contentLayers(contentLayers()).styleLayers(styleLayers())
                .contentWeight(contentWeight()).styleWeight(styleWeight())
                .styleLoss(styleLoss()).projections(styleProjections()).sliceSeed(seed());
        imageTermWeights().forEach((term, key) -> b.weight(term, (Double) key.value(this)));
        return b.build();
    }

    /**
     * Every setting as text, in a fixed order (that of {@link SettingKey}): embedded in outputs so that
     * a result can be re-run, and read back by {@link #fromMap}. Unset optional settings (style-blend,
     * max-memory) are left out. The images (content, styles, masks) are inputs, not settings: the
     * caller records their paths. The starting image is named by its location ({@link Init.FromImage}),
     * so that a settings file or a result's text starts a re-run from the same image.
     */
    public Map<String, String> describe() {
        Map<String, String> m = new LinkedHashMap<>();
        for (SettingKey key : SettingKey.values()) {
            String value = key.format(this);
            if (value != null) {
                m.put(key.key(), value);
            }
        }
        return m;
    }

    /** The coarse-to-fine schedule a size gets when none is given: {@link #DEFAULT_QUALITY}'s. */
    public static List<Integer> defaultScaleIterations(int size) {
        return DEFAULT_QUALITY.scaleIterations(size);
    }

    /**
     * Builds {@link Settings}; every field starts at its documented default. Its fields are the
     * settings' values: {@link Settings} keeps a checked copy.
     */
    public static final class Builder implements Cloneable {
        private int size = DEFAULT_SIZE;
        /** Null until set: the default depends on whether the schedule is coarse-to-fine. */
        private Integer iterations;
        private OptimizerKind optimizer = DEFAULT_OPTIMIZER;
        private double learningRate = DEFAULT_LEARNING_RATE;
        private int lbfgsHistory = DEFAULT_LBFGS_HISTORY;
        private Init init = DEFAULT_INIT;
        private Pooling pooling = DEFAULT_POOLING;
        private Map<String, Double> contentLayers = LayerWeights.of(DEFAULT_CONTENT_LAYERS, List.of());
        private Map<String, Double> styleLayers = LayerWeights.of(DEFAULT_STYLE_LAYERS, List.of());
        private double contentWeight = DEFAULT_CONTENT_WEIGHT;
        private double styleWeight = DEFAULT_STYLE_WEIGHT;
        private double tvWeight = DEFAULT_TV_WEIGHT;
        private long seed = DEFAULT_SEED;
        private int threads = DEFAULT_THREADS;
        private List<Double> styleBlend = new ArrayList<>();
        private double styleScale = DEFAULT_STYLE_SCALE;
        private Colors colors = DEFAULT_COLORS;
        /** Null until set: the default depends on the size. */
        private List<Integer> scaleIterations;
        private Precision precision = Precision.fastest();
        private long maxMemoryBytes;
        private Device device = DEFAULT_DEVICE;
        private StyleLoss styleLoss = DEFAULT_STYLE_LOSS;
        private int styleProjections = DEFAULT_STYLE_PROJECTIONS;
        private Quality quality = DEFAULT_QUALITY;

        private Builder() {
        }

        /**
         * Sets one setting from text, as {@link Settings#describe()} writes it.
         *
         * @throws SettingsException naming the key when it is not a setting or the text is not of its form
         */
        public Builder set(String key, String text) {
            SettingKey.of(key).apply(this, text);
            return this;
        }

        /**
         * Sets every setting in {@code values} from text, in the order of {@link SettingKey} (a layer
         * list before its weights); settings not in the map keep their values. A layer list without
         * weights gives its layers equal weights.
         *
         * @throws SettingsException naming the key of an unknown setting or a value not of its form
         */
        public Builder set(Map<String, String> values) {
            for (String key : values.keySet()) {
                SettingKey.of(key);
            }
            for (SettingKey key : SettingKey.values()) {
                if (values.containsKey(key.key())) {
                    key.apply(this, values.get(key.key()));
                }
            }
            return this;
        }

        /** The content layers and weights so far (for {@link SettingKey}, which sets weights on them). */
        Map<String, Double> contentLayers() {
            return contentLayers;
        }

        /** The style layers and weights so far. */
        Map<String, Double> styleLayers() {
            return styleLayers;
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

        /** The preset whose schedule unset iterations and scale iterations get (see {@link #build()}). */
        public Builder quality(Quality v) {
            quality = v;
            return this;
        }

        /**
         * The settings; unset iterations and scale iterations get the {@link Quality}'s schedule for the
         * size: {@link Quality#scaleIterations}, then {@link Quality#iterations} at the full size.
         */
        public Settings build() {
            return new Settings(this);
        }

        /**
         * A copy of every field. Shallow, and that is enough: the builder's collections are replaced,
         * never changed in place.
         */
        private Builder copy() {
            try {
                return (Builder) clone();
            } catch (CloneNotSupportedException e) {
                throw new AssertionError(e);
            }
        }

        public Builder styleLoss(StyleLoss v) {
            styleLoss = v;
            return this;
        }

        /** Directions of the sliced loss per layer; 0 for {@link LossSpec#DIRECTIONS_PER_CHANNEL} per channel. */
        public Builder styleProjections(int v) {
            styleProjections = v;
            return this;
        }

        public Builder device(Device v) {
            device = v;
            return this;
        }

        /** Memory a run may use, in bytes; 0 for automatic. */
        public Builder maxMemoryBytes(long v) {
            maxMemoryBytes = v;
            return this;
        }
    }
}
