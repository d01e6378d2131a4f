package io.neuralstyle.transfer;

import io.neuralstyle.engine.LossObjective;
import io.neuralstyle.engine.Network;
import io.neuralstyle.engine.StyleObjective;
import io.neuralstyle.image.Image;
import io.neuralstyle.model.Weights;
import io.neuralstyle.transfer.RunPlan.Stage;
import java.util.List;
import java.util.Objects;
import java.util.SplittableRandom;
import java.util.function.UnaryOperator;

/**
 * Neural style transfer (Gatys, Ecker and Bethge 2015): paints a content photo in the style of a
 * painting by optimizing an image until its VGG19 features match the photo's and its Gram matrices
 * match the painting's. The same run, with only content or only style layers, reconstructs an image
 * from one layer's features or synthesizes a texture.
 *
 * <p>A run is a {@link RunPlan} of stages, coarsest first; each stage computes its targets, builds
 * its objective and optimizes, starting where the previous one ended. With a checkpoint file (the
 * {@link RunRequest}'s), the run saves its state every so often and a later run of the same settings
 * and inputs goes on from it.
 *
 * <pre>{@code
 * StyleTransfer transfer = StyleTransfer.builder().weights(weights)
 *         .settings(Settings.builder().size(256).build()).build();
 * Result r = transfer.run(transfer.request().content(photo).style(painting).build());
 * }</pre>
 *
 * <h2>Embedding it in an application</h2>
 * <ul>
 * <li><b>Sharing.</b> A StyleTransfer is immutable and holds no TensorFlow object and nothing of
 * any one run (its images, checkpoint file and listener are the {@link RunRequest}'s): each
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

    /** The weights as {@link #settings} run them. */
    private final Network network;
    private final Settings settings;
    /** For tests: wraps each stage's objective, e.g. to make it fail. */
    private final UnaryOperator<LossObjective> faults;

    private StyleTransfer(Builder b) {
        this.settings = Objects.requireNonNull(b.settings, "settings");
        this.network = settings.network(b.weights);
        this.faults = b.faults;
    }

    public static Builder builder() {
        return new Builder();
    }

    public Settings settings() {
        return settings;
    }

    /** The weights as the settings run them, for each stage's targets and objective. */
    Network network() {
        return network;
    }

    /** For tests: what each stage's objective goes through, e.g. to make it fail. */
    UnaryOperator<LossObjective> faults() {
        return faults;
    }

    /** A request for a run of this transfer's settings: give it the images, then {@link #run} it. */
    public RunRequest.Builder request() {
        return RunRequest.builder(settings);
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
     * Paints the request's photo in its paintings' style, starting as {@link Settings#init()} says. The
     * content term applies to the whole image, so where no mask is white the result stays close to the
     * photo; a texture (no photo) takes the first painting's proportions.
     *
     * @param request checked against this transfer's settings (made by {@link #request()})
     * @throws TransferException when the run cannot start (memory, an unreadable or foreign checkpoint)
     *                           or diverges before its first step
     */
    public Result run(RunRequest request) {
        if (!request.settings().equals(settings)) {
            throw new IllegalArgumentException("the request was checked against other settings than this transfer's:"
                    + " build it with this transfer's request()");
        }
        RunPlan plan = plan(request.content(), request.styles());
        plan.notes().forEach(request.notes());
        Fingerprint fingerprint = request.checkpoint() == null ? null : Fingerprint.of(settings,
                network.weights(), request.content(), request.styles(), request.init());
        return new TransferRun(this, plan, request, fingerprint).run();
    }

    /**
     * A yardstick for this run's loss at its full size, in float32 whatever
     * {@link Settings#precision()} says: for comparing schedules and precisions. Close it after use.
     */
    public LossMeter lossMeter(Image content, List<StyleImage> styles) {
        RunPlan plan = plan(content, styles);
        Stage full = plan.last();
        StyleTargets.check(styles, settings);
        StageRun.Problem p = StageRun.Problem.of(network, settings, full, content, styles, null, null);
        return new LossMeter(new StyleObjective(network.inFloat32(), full.width(), full.height(), settings.lossSpec(),
                p.targets()), p.colors());
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

        public StyleTransfer build() {
            if (weights == null) {
                throw new IllegalStateException("no weights: load them with ModelStore and pass them to weights(...)");
            }
            return new StyleTransfer(this);
        }
    }
}
