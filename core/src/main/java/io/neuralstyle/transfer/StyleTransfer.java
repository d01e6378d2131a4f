package io.neuralstyle.transfer;

import io.neuralstyle.engine.FeatureExtractor;
import io.neuralstyle.engine.FeatureMap;
import io.neuralstyle.engine.LossObjective;
import io.neuralstyle.engine.LossSpec;
import io.neuralstyle.engine.Network;
import io.neuralstyle.engine.StyleObjective;
import io.neuralstyle.engine.StyleTarget;
import io.neuralstyle.engine.Targets;
import io.neuralstyle.engine.TemporalTarget;
import io.neuralstyle.engine.TiledObjective;
import io.neuralstyle.image.Image;
import io.neuralstyle.image.Resize;
import io.neuralstyle.model.Weights;
import io.neuralstyle.optim.Adam;
import io.neuralstyle.optim.Box;
import io.neuralstyle.optim.Lbfgs;
import io.neuralstyle.optim.Optimizer;
import io.neuralstyle.transfer.RunPlan.Stage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SplittableRandom;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;

/**
 * Neural style transfer (Gatys, Ecker and Bethge 2015): paints a content photo in the style of a
 * painting by optimizing an image until its VGG19 features match the photo's and its Gram matrices
 * match the painting's. The same run, with only content or only style layers, reconstructs an image
 * from one layer's features or synthesizes a texture.
 *
 * <p>A run is a {@link RunPlan} of stages, coarsest first; each stage computes its targets, builds
 * its objective and optimizes, starting where the previous one ended. With a checkpoint file, the
 * run saves its state every so often and a later run of the same settings and inputs goes on from it.
 *
 * <pre>{@code
 * Result r = StyleTransfer.builder().weights(weights).settings(Settings.builder().size(256).build())
 *         .build().run(photo, painting, Listener.NONE);
 * }</pre>
 *
 * <h2>Embedding it in an application</h2>
 * <ul>
 * <li><b>Sharing.</b> A StyleTransfer is immutable and holds no TensorFlow object: each
 * {@code run} builds its own graphs and sessions and closes them before it returns, so one
 * instance may be kept and used by several threads at once, and so may one {@link Weights} (read
 * it once; it is plain Java arrays). Concurrent runs compete for the same cores, though: on a
 * machine with few cores, queue the runs and give each {@link Settings#threads()} = 0 (all cores).
 * The listener is called on the thread that called {@code run}.</li>
 * <li><b>Stopping.</b> Return false from the {@link Listener}: the run stops after the current
 * iteration and its {@link Result} holds the best image so far ({@link Result#stopped()} is true).
 * To stop it from another thread, have the listener read a flag that thread sets (an
 * {@code AtomicBoolean}). An iteration takes from a few hundredths of a second (small images) to a
 * few seconds (large prints on two cores); computing the targets before the first one is not
 * interruptible.</li>
 * <li><b>Native memory.</b> There is nothing to close after {@code run}: TensorFlow's memory is
 * freed when it returns, normally or by an exception. Only {@link #lossMeter} hands out an object
 * holding a session; close it. The memory a run needs, native and heap, is known before it starts:
 * {@link #plan} returns the {@link RunPlan}, whose {@link RunPlan#memory()} is a
 * {@link MemoryEstimate} (a run that cannot fit is refused with a {@link TransferException} naming
 * a size that would); {@link MemoryEstimate#of} gives it for any size without an image.</li>
 * <li><b>TensorFlow's log lines.</b> TensorFlow's native library prints its start-up lines to the
 * process's standard error when it loads. Java cannot set its own process's environment, so set
 * {@code TF_CPP_MIN_LOG_LEVEL=2} in the environment the JVM starts with (a launcher script, the
 * service's unit file, the IDE's run configuration, Surefire's {@code environmentVariables}); two
 * lines that TensorFlow 1.1.0 writes through another logger (absl) still appear.</li>
 * </ul>
 */
public final class StyleTransfer {
    /** Standard deviation of the starting noise, in image units (the image spans 0..1). */
    static final double NOISE_AMPLITUDE = 0.1;
    /** How often a run with a checkpoint file saves its state, by default: at most this much work is lost. */
    public static final Duration DEFAULT_CHECKPOINT_INTERVAL = Duration.ofSeconds(30);

    /** The weights as {@link #settings} run them. */
    private final Network network;
    private final Settings settings;
    /** Told what the plan decided that the user should know (tiles, fewer pairs), one line each. */
    private final Consumer<String> notes;
    private final Path checkpointFile;
    private final Duration checkpointInterval;
    /** For tests: wraps each stage's objective, e.g. to make it fail. */
    private final UnaryOperator<LossObjective> faults;

    private StyleTransfer(Builder b) {
        this.settings = Objects.requireNonNull(b.settings, "settings");
        this.network = settings.network(b.weights);
        this.notes = Objects.requireNonNull(b.notes, "notes");
        this.checkpointFile = b.checkpointFile;
        this.checkpointInterval = b.checkpointInterval;
        this.faults = b.faults;
    }

    public static Builder builder() {
        return new Builder();
    }

    public Settings settings() {
        return settings;
    }

    /** Paints {@code content} in the style of {@code style}, starting as {@link Settings#init()} says. */
    public Result run(Image content, Image style, Listener listener) {
        return run(content, style, null, listener);
    }

    /** Paints {@code content} in the style of {@code style} ({@code init}: see the next method). */
    public Result run(Image content, Image style, Image init, Listener listener) {
        return run(content, style == null ? List.of() : List.of(StyleImage.of(style)), init, listener);
    }

    /**
     * The plan a run on these inputs follows: its stages, memory and notes.
     *
     * @throws TransferException when the output cannot fit in memory even in tiles
     */
    public RunPlan plan(Image content, List<StyleImage> styles) {
        Image shape = content != null ? content : styles.isEmpty() ? null : styles.get(0).image();
        if (shape == null) {
            throw new IllegalArgumentException("a run needs a content image or a style image to take its shape from");
        }
        return RunPlan.of(settings, shape.width(), shape.height());
    }

    /**
     * Paints {@code content} in the styles given: blended by {@link Settings#styleBlend()} when they
     * have no masks, or each in its mask's region (Gatys et al. 2017). The content term applies to the
     * whole image, so where no mask is white the result stays close to the photo.
     *
     * @param content the photo; may be null when the settings have no content layers (a texture),
     *                then the output takes the first style image's proportions
     * @param styles  the paintings, with their masks if any; may be empty when the settings have no
     *                style layers
     * @param init    the starting image when {@link Settings#init()} is an {@link Init.FromImage}, else ignored
     * @throws TransferException when the run cannot start (memory, an unreadable or foreign checkpoint)
     *                           or diverges before its first step
     */
    public Result run(Image content, List<StyleImage> styles, Image init, Listener listener) {
        return run(content, styles, init, null, listener);
    }

    /**
     * Paints one frame of a video: as above, held to the earlier painted frames by {@code guide}
     * (null: a still image). A video starts each frame after the first from the previous painted
     * frame warped to it ({@code init}, with an {@link Init.FromImage}).
     */
    public Result run(Image content, List<StyleImage> styles, Image init, TemporalGuide guide, Listener listener) {
        checkInputs(content, styles, init);
        if (guide != null && checkpointFile != null) {
            throw new IllegalArgumentException("a video frame is not checkpointed on its own: the video keeps one"
                    + " checkpoint per frame");
        }
        RunPlan plan = plan(content, styles);
        plan.notes().forEach(notes);
        Fingerprint fingerprint = checkpointFile == null ? null : Fingerprint.of(settings, network.weights(), content,
                styles, init);
        return new TransferRun(this, plan, new Inputs(content, styles, init, guide), listener, fingerprint,
                checkpointFile, checkpointInterval, notes).run();
    }

    /** Deletes the checkpoint file, if any: call it once the result is safely written. */
    public void discardCheckpoint() {
        if (checkpointFile != null) {
            try {
                Files.deleteIfExists(checkpointFile);
            } catch (IOException e) {
                throw new UncheckedIOException("could not delete the checkpoint " + checkpointFile, e);
            }
        }
    }

    /**
     * A yardstick for this run's loss at its full size, in float32 whatever
     * {@link Settings#precision()} says: for comparing schedules and precisions. Close it after use.
     */
    public LossMeter lossMeter(Image content, List<StyleImage> styles) {
        RunPlan plan = plan(content, styles);
        Stage full = plan.last();
        Problem p = prepare(full, new Inputs(content, styles, null, null));
        return new LossMeter(new StyleObjective(network.inFloat32(), full.width(), full.height(), settings.lossSpec(),
                p.targets()), p.colors());
    }

    private void checkInputs(Image content, List<StyleImage> styles, Image init) {
        LossSpec spec = settings.lossSpec();
        if (!spec.contentLayers().isEmpty() && content == null) {
            throw new IllegalArgumentException("content layers are set but no content image was given");
        }
        if (!spec.styleLayers().isEmpty() && styles.isEmpty()) {
            throw new IllegalArgumentException("style layers are set but no style image was given");
        }
        if (settings.init() instanceof Init.FromImage image && init == null) {
            throw new IllegalArgumentException("init is the image " + image.location() + ", but no initial image"
                    + " was given: read it and pass it to run");
        }
        if (settings.init() instanceof Init.Content && content == null) {
            throw new IllegalArgumentException("init is 'content' but there is no content image");
        }
        if (settings.colors() != Colors.STYLE && content == null) {
            throw new IllegalArgumentException("colors " + settings.colors() + " keeps the photo's colors and needs"
                    + " a content image: use colors style for a texture");
        }
        StyleTargets.check(styles, settings);
    }

    /**
     * A run's images: the photo (or null), the paintings with their masks, the starting image (or
     * null), and for a video frame the earlier frames it is held to (or null).
     */
    record Inputs(Image content, List<StyleImage> styles, Image init, TemporalGuide guide) {
    }

    /**
     * What one stage optimizes: its colour handling, the photo as the network sees it, its targets and
     * its loss.
     */
    record Problem(ColorPlan colors, Image netContent, Targets targets, LossSpec spec) {
    }

    /** The stage's targets, computed at its size. */
    Problem prepare(Stage stage, Inputs in) {
        Image content = in.content();
        List<StyleImage> styles = in.styles();
        LossSpec spec = settings.lossSpec();
        Image photo = content == null ? null : Resize.to(content, stage.width(), stage.height());
        ColorPlan colors = new ColorPlan(settings.colors(), photo);
        FeatureExtractor extractor = new FeatureExtractor(network);
        Image netContent = photo == null ? null : colors.forNetwork(photo);
        Map<String, FeatureMap> contentTargets = photo == null ? Map.of()
                : extractor.features(netContent, spec.contentLayers().keySet());
        List<StyleTarget> styleTargets = styles.isEmpty() ? List.of() : StyleTargets.compute(extractor,
                colors.styles(styles), spec.styleLayers().keySet(), settings, stage.width(), stage.height());
        List<TemporalTarget> temporal = new ArrayList<>();
        LossSpec stageSpec = stage.lossSpec(settings);
        if (in.guide() != null) {
            for (TemporalGuide.Frame f : in.guide().frames()) {
                temporal.add(new TemporalTarget(
                        colors.forNetwork(Resize.to(f.image(), stage.width(), stage.height())).data(),
                        Resize.to(f.weights(), stage.width(), stage.height()).data()));
            }
            stageSpec = stageSpec.withTemporalWeight(in.guide().weight());
        }
        return new Problem(colors, netContent, new Targets(contentTargets, styleTargets, temporal), stageSpec);
    }

    /** The starting image of a stage that starts from noise, the photo or the given image. */
    float[] start(Stage stage, Problem problem, Inputs in) {
        return switch (stage.start()) {
            case NOISE -> noise(stage.width(), stage.height(), settings.seed());
            case CONTENT -> problem.netContent().data().clone();
            case IMAGE -> problem.colors().forNetwork(Resize.to(in.init(), stage.width(), stage.height())).data();
            case PREVIOUS -> throw new IllegalArgumentException("a stage that starts from the previous one starts"
                    + " from the run's last image");
        };
    }

    /** The whole image at once when it fits the memory budget, else in the plan's tiles. */
    LossObjective objective(Stage stage, Problem problem) {
        LossObjective objective = stage.tiled()
                ? new TiledObjective(network, stage.width(), stage.height(), problem.spec(), problem.targets(),
                        stage.tileCore())
                : new StyleObjective(network, stage.width(), stage.height(), problem.spec(), problem.targets());
        return faults.apply(objective);
    }

    Optimizer optimizer(Stage stage) {
        return switch (settings.optimizer()) {
            case LBFGS -> new Lbfgs(stage.lbfgsPairs(), Box.UNIT);
            case ADAM -> new Adam(settings.learningRate(), Box.UNIT);
        };
    }

    /**
     * Gaussian white noise around mid-gray, from the seed. Its amplitude is small, as in the authors'
     * own code (unit-variance noise on the 0..255 scale): full-range noise leaves a grain that 500
     * iterations do not remove, while the low layers' style terms need only a little noise to
     * break the symmetry of a flat image.
     */
    static float[] noise(int w, int h, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        float[] x = new float[3 * w * h];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) (0.5 + NOISE_AMPLITUDE * nextGaussian(random));
        }
        return x;
    }

    /** A standard normal deviate; SplittableRandom has none in Java 17. */
    private static double nextGaussian(SplittableRandom random) {
        double u = 1 - random.nextDouble();
        double v = random.nextDouble();
        return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
    }

    /** Builds a {@link StyleTransfer}. */
    public static final class Builder {
        private Weights weights;
        private Settings settings = Settings.builder().build();
        private Consumer<String> notes = note -> { };
        private Path checkpointFile;
        private Duration checkpointInterval = DEFAULT_CHECKPOINT_INTERVAL;
        private UnaryOperator<LossObjective> faults = UnaryOperator.identity();

        private Builder() {
        }

        /** For tests: each stage's objective goes through {@code wrap}, which may make it fail. */
        Builder faults(UnaryOperator<LossObjective> wrap) {
            faults = wrap;
            return this;
        }

        public Builder weights(Weights w) {
            weights = w;
            return this;
        }

        public Builder settings(Settings s) {
            settings = s;
            return this;
        }

        /** Where to tell what the plan decided, e.g. "2048x1536 in 12 tiles of 672x672". */
        public Builder notes(Consumer<String> n) {
            notes = n;
            return this;
        }

        /**
         * Saves the run's state to {@code file} every {@code interval} of optimization and when the
         * listener stops the run, and goes on from it when it already holds a checkpoint of the same
         * run (a {@link CheckpointMismatchException} otherwise). Null turns checkpoints off.
         */
        public Builder checkpoint(Path file, Duration interval) {
            if (interval != null && (interval.isNegative() || interval.isZero())) {
                throw new IllegalArgumentException("the checkpoint interval must be positive, got " + interval);
            }
            checkpointFile = file;
            checkpointInterval = interval == null ? DEFAULT_CHECKPOINT_INTERVAL : interval;
            return this;
        }

        public StyleTransfer build() {
            if (weights == null) {
                throw new IllegalStateException("no weights: load them with ModelStore and pass them to weights(...)");
            }
            return new StyleTransfer(this);
        }
    }
}
