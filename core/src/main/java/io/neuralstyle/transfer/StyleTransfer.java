package io.neuralstyle.transfer;

import io.neuralstyle.engine.FeatureExtractor;
import io.neuralstyle.engine.FeatureMap;
import io.neuralstyle.engine.LossObjective;
import io.neuralstyle.engine.LossSpec;
import io.neuralstyle.engine.Losses;
import io.neuralstyle.engine.StyleObjective;
import io.neuralstyle.engine.StyleTarget;
import io.neuralstyle.engine.Targets;
import io.neuralstyle.engine.TiledObjective;
import io.neuralstyle.image.Image;
import io.neuralstyle.image.Resize;
import io.neuralstyle.model.Weights;
import io.neuralstyle.optim.Adam;
import io.neuralstyle.optim.Box;
import io.neuralstyle.optim.DivergenceException;
import io.neuralstyle.optim.Lbfgs;
import io.neuralstyle.optim.Objective;
import io.neuralstyle.optim.Optimizer;
import io.neuralstyle.transfer.RunPlan.Stage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SplittableRandom;
import java.util.function.Consumer;

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
 */
public final class StyleTransfer {
    /** Standard deviation of the starting noise, in image units (the image spans 0..1). */
    static final double NOISE_AMPLITUDE = 0.1;
    /** How often a run with a checkpoint file saves its state, by default: at most this much work is lost. */
    public static final Duration DEFAULT_CHECKPOINT_INTERVAL = Duration.ofSeconds(30);

    private final Weights weights;
    private final Settings settings;
    /** Told what the plan decided that the user should know (tiles, fewer pairs), one line each. */
    private final Consumer<String> notes;
    private final Path checkpointFile;
    private final Duration checkpointInterval;

    private StyleTransfer(Builder b) {
        this.weights = Objects.requireNonNull(b.weights, "weights");
        this.settings = Objects.requireNonNull(b.settings, "settings");
        this.notes = Objects.requireNonNull(b.notes, "notes");
        this.checkpointFile = b.checkpointFile;
        this.checkpointInterval = b.checkpointInterval;
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
     * @param init    the starting image when {@link Settings#init()} is {@link Init#IMAGE}, else ignored
     * @throws TransferException when the run cannot start (memory, an unreadable or foreign checkpoint)
     *                           or diverges before its first step
     */
    public Result run(Image content, List<StyleImage> styles, Image init, Listener listener) {
        checkInputs(content, styles, init);
        RunPlan plan = plan(content, styles);
        plan.notes().forEach(notes);
        Run run = new Run(plan, content, styles, init, listener);
        for (Stage stage : plan.stages()) {
            if (!run.reached(stage)) {
                continue;
            }
            run.optimize(stage);
            if (run.ended()) {
                break;
            }
        }
        return run.result();
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
        Problem p = prepare(full, content, styles);
        return new LossMeter(new StyleObjective(weights, settings.pooling(), settings.threads(), full.width(),
                full.height(), settings.lossSpec(), p.targets()), p.colors());
    }

    private void checkInputs(Image content, List<StyleImage> styles, Image init) {
        LossSpec spec = settings.lossSpec();
        if (!spec.contentLayers().isEmpty() && content == null) {
            throw new IllegalArgumentException("content layers are set but no content image was given");
        }
        if (!spec.styleLayers().isEmpty() && styles.isEmpty()) {
            throw new IllegalArgumentException("style layers are set but no style image was given");
        }
        if (settings.init() == Init.IMAGE && init == null) {
            throw new IllegalArgumentException("init is 'image' but no initial image was given");
        }
        if (settings.init() == Init.CONTENT && content == null) {
            throw new IllegalArgumentException("init is 'content' but there is no content image");
        }
        if (settings.colors() != Colors.STYLE && content == null) {
            throw new IllegalArgumentException("colors " + settings.colors() + " keeps the photo's colors and needs"
                    + " a content image: use colors style for a texture");
        }
        StyleTargets.check(styles, settings);
    }

    /** What one stage optimizes against: its colour handling and its targets. */
    private record Problem(ColorPlan colors, Image netContent, Targets targets) {
    }

    private Problem prepare(Stage stage, Image content, List<StyleImage> styles) {
        LossSpec spec = settings.lossSpec();
        Image photo = content == null ? null : Resize.to(content, stage.width(), stage.height());
        ColorPlan colors = new ColorPlan(settings.colors(), photo);
        FeatureExtractor extractor = new FeatureExtractor(weights, settings.pooling(), settings.threads());
        Image netContent = photo == null ? null : colors.forNetwork(photo);
        Map<String, FeatureMap> contentTargets = photo == null ? Map.of()
                : extractor.features(netContent, spec.contentLayers().keySet());
        List<StyleTarget> styleTargets = styles.isEmpty() ? List.of() : StyleTargets.compute(extractor,
                colors.styles(styles), spec.styleLayers().keySet(), settings, stage.width(), stage.height());
        return new Problem(colors, netContent, new Targets(contentTargets, styleTargets));
    }

    /** The whole image at once when it fits the memory budget, else in the plan's tiles. */
    private LossObjective objective(Stage stage, Targets targets) {
        if (stage.tiled()) {
            return new TiledObjective(weights, settings.pooling(), settings.threads(), settings.precision(),
                    stage.width(), stage.height(), settings.lossSpec(), targets, stage.tileCore());
        }
        return new StyleObjective(weights, settings.pooling(), settings.threads(), settings.precision(), stage.width(),
                stage.height(), settings.lossSpec(), targets);
    }

    private Optimizer optimizer(Stage stage) {
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

    /** One call of {@link #run}: what it has done so far, across its stages. */
    private final class Run {
        private final RunPlan plan;
        private final Image content;
        private final List<StyleImage> styles;
        private final Image init;
        private final Listener listener;
        private final Fingerprint fingerprint;
        private Checkpoint resumed;
        private Losses initial;
        private final List<Losses> history = new ArrayList<>();
        private int iterationsBefore;
        private double secondsBefore;
        /** The last stage's best image, as the network sees it, and its size. */
        private float[] previous;
        private Stage previousStage;
        private ColorPlan previousColors;
        private boolean stopped;
        private String divergence;

        Run(RunPlan plan, Image content, List<StyleImage> styles, Image init, Listener listener) {
            this.plan = plan;
            this.content = content;
            this.styles = styles;
            this.init = init;
            this.listener = listener;
            this.fingerprint = checkpointFile == null ? null : Fingerprint.of(settings, weights, content, styles, init);
            this.resumed = checkpointFile == null || !Files.exists(checkpointFile) ? null : resume();
        }

        /** The checkpoint, if it belongs to this run; refused with what differs if not. */
        private Checkpoint resume() {
            Checkpoint c = Checkpoint.read(checkpointFile);
            List<String> differences = fingerprint.differences(c.fingerprint());
            if (!differences.isEmpty()) {
                throw new CheckpointMismatchException(checkpointFile, differences);
            }
            if (c.stage() >= plan.stages().size() || c.best().length != 3 * plan.stages().get(c.stage()).width()
                    * plan.stages().get(c.stage()).height()) {
                throw new TransferException("the checkpoint " + checkpointFile + " does not fit this run's stages;"
                        + " delete it to start over");
            }
            notes.accept("going on from " + checkpointFile + " (iteration " + (c.iterationsBefore()
                    + c.optimizer().iteration()) + " of " + plan.totalIterations() + ")");
            initial = c.initial();
            history.addAll(c.history());
            iterationsBefore = c.iterationsBefore();
            secondsBefore = c.seconds();
            return c;
        }

        /** False for the stages a resumed run has done already. */
        boolean reached(Stage stage) {
            return resumed == null || stage.index() >= resumed.stage();
        }

        boolean ended() {
            return stopped || divergence != null;
        }

        /** Targets, objective, optimizer: one stage, from its start or from the checkpoint. */
        void optimize(Stage stage) {
            Problem problem = prepare(stage, content, styles);
            Checkpoint from = resumed != null && resumed.stage() == stage.index() ? resumed : null;
            resumed = null;
            float[] x = from != null ? new float[from.best().length] : start(stage, problem);
            float[] best = from != null ? from.best() : x.clone();
            double[] bestLoss = {from != null ? from.bestLoss() : Double.POSITIVE_INFINITY};
            Optimizer optimizer = optimizer(stage);
            int offset = iterationsBefore;
            double secondsAtStart = secondsBefore;
            long start = System.nanoTime();
            long[] lastSave = {start};
            try (LossObjective objective = objective(stage, problem.targets())) {
                // Losses of each evaluation since the last iteration, by its number: the monitor is
                // told which one the optimizer accepted.
                Map<Long, Losses> evaluated = new HashMap<>();
                long[] evaluations = {from != null ? from.optimizer().evaluations() : 0};
                Objective recording = (point, gradient) -> {
                    double loss = objective.evaluate(point, gradient);
                    evaluated.put(++evaluations[0], objective.lastLosses());
                    if (initial == null) {
                        initial = objective.lastLosses();
                    }
                    return loss;
                };
                Optimizer.Monitor monitor = it -> {
                    Losses losses = evaluated.get(it.evaluation());
                    evaluated.clear();
                    history.add(losses);
                    if (it.loss() < bestLoss[0]) {
                        bestLoss[0] = it.loss();
                        System.arraycopy(it.x(), 0, best, 0, best.length);
                    }
                    long now = System.nanoTime();
                    double seconds = secondsAtStart + (now - start) / 1e9;
                    float[] current = it.x();
                    boolean go = listener.onIteration(new Progress(offset + it.number(), plan.totalIterations(),
                            losses, seconds, () -> problem.colors().finish(new Image(stage.width(), stage.height(),
                                    current.clone()))));
                    if (checkpointFile != null && (!go || now - lastSave[0] >= checkpointInterval.toNanos())) {
                        new Checkpoint(fingerprint, stage.index(), offset, seconds, initial, history, bestLoss[0],
                                best, optimizer.state()).write(checkpointFile);
                        lastSave[0] = System.nanoTime();
                    }
                    if (!go && it.number() < stage.iterations()) {
                        stopped = true;
                    }
                    return go;
                };
                try {
                    int done = from != null ? optimizer.resume(recording, from.optimizer(), x, stage.iterations(),
                            monitor) : optimizer.minimize(recording, x, stage.iterations(), monitor);
                    iterationsBefore = offset + done;
                } catch (DivergenceException e) {
                    if (e.iteration() == 0 && history.isEmpty()) {
                        throw new TransferException(e.getMessage(), e);
                    }
                    divergence = e.getMessage();
                    iterationsBefore = history.size();
                }
            }
            secondsBefore = secondsAtStart + (System.nanoTime() - start) / 1e9;
            // A stage that made no step at all (0 iterations) hands on its starting image.
            previous = bestLoss[0] < Double.POSITIVE_INFINITY ? best : x;
            previousStage = stage;
            previousColors = problem.colors();
        }

        private float[] start(Stage stage, Problem problem) {
            return switch (stage.start()) {
                case NOISE -> noise(stage.width(), stage.height(), settings.seed());
                case CONTENT -> problem.netContent().data().clone();
                case IMAGE -> problem.colors().forNetwork(Resize.to(init, stage.width(), stage.height())).data().clone();
                case PREVIOUS -> Resize.to(new Image(previousStage.width(), previousStage.height(), previous),
                        stage.width(), stage.height()).data();
            };
        }

        Result result() {
            Image last = previousColors.finish(new Image(previousStage.width(), previousStage.height(), previous));
            Stage full = plan.last();
            if (last.width() != full.width() || last.height() != full.height()) {
                // Ended at a coarser stage: still hand back an image of the size asked for.
                last = Resize.to(last, full.width(), full.height());
            }
            return new Result(last, initial, List.copyOf(history), iterationsBefore, secondsBefore, stopped,
                    divergence);
        }
    }

    /** Builds a {@link StyleTransfer}. */
    public static final class Builder {
        private Weights weights;
        private Settings settings = Settings.builder().build();
        private Consumer<String> notes = note -> { };
        private Path checkpointFile;
        private Duration checkpointInterval = DEFAULT_CHECKPOINT_INTERVAL;

        private Builder() {
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
