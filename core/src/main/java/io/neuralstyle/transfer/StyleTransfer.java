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
import io.neuralstyle.optim.Lbfgs;
import io.neuralstyle.optim.Objective;
import io.neuralstyle.optim.Optimizer;
import java.util.ArrayList;
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
 * <pre>{@code
 * Result r = StyleTransfer.builder().weights(weights).settings(Settings.builder().size(256).build())
 *         .build().run(photo, painting, Listener.NONE);
 * }</pre>
 */
public final class StyleTransfer {
    /** Standard deviation of the starting noise, in image units (the image spans 0..1). */
    static final double NOISE_AMPLITUDE = 0.1;

    private final Weights weights;
    private final Settings settings;
    /** Told how each size is evaluated (in tiles or not), one line each. */
    private final Consumer<String> notes;

    private StyleTransfer(Weights weights, Settings settings, Consumer<String> notes) {
        this.weights = Objects.requireNonNull(weights, "weights");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.notes = Objects.requireNonNull(notes, "notes");
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
     * Paints {@code content} in the styles given: blended by {@link Settings#styleBlend()} when they
     * have no masks, or each in its mask's region (Gatys et al. 2017). The content term applies to the
     * whole image, so where no mask is white the result stays close to the photo.
     *
     * @param content the photo; may be null when the settings have no content layers (a texture),
     *                then the output takes the first style image's proportions
     * @param styles  the paintings, with their masks if any; may be empty when the settings have no
     *                style layers
     * @param init    the starting image when {@link Settings#init()} is {@link Init#IMAGE}, else ignored
     */
    public Result run(Image content, List<StyleImage> styles, Image init, Listener listener) {
        // Refuse a size that cannot fit now, not after the coarser scales have run for minutes.
        int[] size = outputSize(content, styles);
        if (size != null) {
            MemoryEstimate.check(size[0], size[1], settings.toBuilder()
                    .lbfgsHistory(MemoryEstimate.historyThatFits(size[0], size[1], settings)).build());
        }
        if (settings.scaleIterations().isEmpty()) {
            return runAtOneSize(content, styles, init, listener);
        }
        return runCoarseToFine(content, styles, init, listener);
    }

    /**
     * Gatys et al. 2017: optimize at a fraction of the size, upsample the result and continue from it
     * at twice the size, up to the full size. Each scale computes its own targets, so every control
     * (scale, blend, masks, colors) carries over. Iterations are numbered across all scales.
     */
    private Result runCoarseToFine(Image content, List<StyleImage> styles, Image init, Listener listener) {
        List<Integer> counts = new ArrayList<>(settings.scaleIterations());
        counts.add(settings.iterations());
        int total = counts.stream().mapToInt(Integer::intValue).sum();
        List<Losses> history = new ArrayList<>();
        Losses initial = null;
        Image current = init;
        int done = 0;
        double seconds = 0;
        Result result = null;
        for (int k = 0; k < counts.size(); k++) {
            boolean first = k == 0;
            Settings scale = settings.toBuilder()
                    .size(settings.size() >> (counts.size() - 1 - k))
                    .iterations(counts.get(k))
                    .init(first ? settings.init() : Init.IMAGE)
                    .scaleIterations(List.of())
                    .build();
            int offset = done;
            double elapsed = seconds;
            result = new StyleTransfer(weights, scale, notes).runAtOneSize(content, styles, current,
                    p -> listener.onIteration(new Progress(offset + p.iteration(), total, p.losses(),
                            elapsed + p.seconds(), p.image())));
            if (initial == null) {
                initial = result.initial();
            }
            history.addAll(result.history());
            done += result.iterations();
            seconds += result.seconds();
            current = result.image();
            if (result.stopped()) {
                break;
            }
        }
        Image last = result.image();
        Image full = Resize.toLongestSide(content != null ? content : styles.get(0).image(), settings.size());
        if (last.width() != full.width() || last.height() != full.height()) {
            // Stopped at a coarser scale: still hand back an image of the size asked for.
            last = Resize.to(last, full.width(), full.height());
        }
        return new Result(last, initial, List.copyOf(history), done, seconds, result.stopped());
    }

    private Result runAtOneSize(Image content, List<StyleImage> styles, Image init, Listener listener) {
        int[] size = outputSize(content, styles);
        if (size != null && settings.optimizer() == OptimizerKind.LBFGS) {
            int history = MemoryEstimate.historyThatFits(size[0], size[1], settings);
            if (history < settings.lbfgsHistory()) {
                notes.accept(size[0] + "x" + size[1] + ": L-BFGS keeps " + history + " pairs, not "
                        + settings.lbfgsHistory() + ", to leave memory for the network (--max-memory raises it)");
                return new StyleTransfer(weights, settings.toBuilder().lbfgsHistory(history).build(), notes)
                        .runAtOneSize(content, styles, init, listener);
            }
        }
        Problem p = prepare(content, styles, init);
        float[] x = startImage(p.width, p.height, p.netContent, init == null ? null : p.colors.forNetwork(init));
        try (LossObjective objective = objective(p.width, p.height, settings.lossSpec(), p.targets)) {
            return optimize(objective, x, p.width, p.height, p.colors, listener);
        }
    }

    /** Width and height of the output at this size, or null when there is no image to take them from. */
    private int[] outputSize(Image content, List<StyleImage> styles) {
        Image shape = content != null ? content : styles.isEmpty() ? null : styles.get(0).image();
        return shape == null ? null : Resize.longestSide(shape, settings.size());
    }

    /**
     * A yardstick for this run's loss at its full size, in float32 whatever
     * {@link Settings#precision()} says: for comparing schedules and precisions. Close it after use.
     */
    public LossMeter lossMeter(Image content, List<StyleImage> styles) {
        Problem p = prepare(content, styles, null);
        return new LossMeter(new StyleObjective(weights, settings.pooling(), settings.threads(), p.width, p.height,
                settings.lossSpec(), p.targets), p.colors);
    }

    /** What one size's optimization works on: the size, the targets and the colour handling. */
    private record Problem(int width, int height, ColorPlan colors, Image netContent, Targets targets) {
    }

    private Problem prepare(Image content, List<StyleImage> styles, Image init) {
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
        Image shape = content != null ? content : styles.get(0).image();
        Image target = Resize.toLongestSide(shape, settings.size());
        int w = target.width();
        int h = target.height();
        MemoryEstimate.check(w, h, settings);
        ColorPlan colors = new ColorPlan(settings.colors(), content == null ? null : target);

        FeatureExtractor extractor = new FeatureExtractor(weights, settings.pooling(), settings.threads());
        Image netContent = content == null ? null : colors.forNetwork(target);
        Map<String, FeatureMap> contentTargets = content == null ? Map.of()
                : extractor.features(netContent, spec.contentLayers().keySet());
        List<StyleTarget> styleTargets = styles.isEmpty() ? List.of()
                : StyleTargets.compute(extractor, colors.styles(styles), spec.styleLayers().keySet(), settings, w, h);
        return new Problem(w, h, colors, netContent, new Targets(contentTargets, styleTargets));
    }

    /** The whole image at once when it fits the memory budget, else in tiles that do: see {@link TilePlan}. */
    private LossObjective objective(int w, int h, LossSpec spec, Targets targets) {
        TilePlan plan = TilePlan.choose(w, h, settings);
        if (!plan.tiled()) {
            return new StyleObjective(weights, settings.pooling(), settings.threads(), settings.precision(), w, h, spec,
                    targets);
        }
        TiledObjective tiled = new TiledObjective(weights, settings.pooling(), settings.threads(), settings.precision(),
                w, h, spec, targets, plan.core());
        int[] tile = tiled.largestTile();
        notes.accept(w + "x" + h + " in " + tiled.tileCount() + " tiles of " + tile[0] + "x" + tile[1]
                + " (to fit " + (MemoryEstimate.budget(settings) >> 20) + " MB; --max-memory sets it)");
        return tiled;
    }

    private float[] startImage(int w, int h, Image content, Image init) {
        return switch (settings.init()) {
            case NOISE -> noise(w, h, settings.seed());
            case CONTENT -> content.data().clone();
            case IMAGE -> Resize.to(init, w, h).data().clone();
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

    private Result optimize(LossObjective objective, float[] x, int w, int h, ColorPlan colors, Listener listener) {
        List<Losses> history = new ArrayList<>();
        // L-BFGS evaluates trial points in its line search; the breakdown shown for an iteration must
        // be the one of the point it accepted, which is among the last few evaluated.
        List<Losses> recent = new ArrayList<>();
        Losses[] initial = {null};
        Objective recording = (point, gradient) -> {
            double loss = objective.evaluate(point, gradient);
            if (initial[0] == null) {
                initial[0] = objective.lastLosses();
            }
            recent.add(objective.lastLosses());
            if (recent.size() > 32) {
                recent.remove(0);
            }
            return loss;
        };
        float[][] best = {x.clone()};
        double[] bestLoss = {Double.POSITIVE_INFINITY};
        boolean[] stopped = {false};
        long start = System.nanoTime();
        int iterations = settings.iterations();
        Optimizer optimizer = optimizer();
        int done = optimizer.minimize(recording, x, iterations, (iteration, loss, current) -> {
            Losses losses = lossesOf(recent, loss);
            history.add(losses);
            if (loss < bestLoss[0]) {
                bestLoss[0] = loss;
                System.arraycopy(current, 0, best[0], 0, current.length);
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            boolean go = listener.onIteration(new Progress(iteration, iterations, losses, seconds,
                    () -> colors.finish(new Image(w, h, current.clone()))));
            if (!go && iteration < iterations) {
                stopped[0] = true;
            }
            return go;
        });
        if (done == 0) {
            best[0] = x;
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        return new Result(colors.finish(new Image(w, h, best[0])), initial[0], List.copyOf(history), done, seconds, stopped[0]);
    }

    private static Losses lossesOf(List<Losses> recent, double loss) {
        for (int i = recent.size() - 1; i >= 0; i--) {
            if (recent.get(i).total() == (float) loss) {
                return recent.get(i);
            }
        }
        return recent.get(recent.size() - 1);
    }

    private Optimizer optimizer() {
        return switch (settings.optimizer()) {
            case LBFGS -> new Lbfgs(settings.lbfgsHistory());
            case ADAM -> new Adam(settings.learningRate());
        };
    }

    /** Builds a {@link StyleTransfer}. */
    public static final class Builder {
        private Weights weights;
        private Settings settings = Settings.builder().build();
        private Consumer<String> notes = note -> { };

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

        /** Where to tell how each size is evaluated, e.g. "2048x1536 in 12 tiles of 672x672". */
        public Builder notes(Consumer<String> n) {
            notes = n;
            return this;
        }

        public StyleTransfer build() {
            if (weights == null) {
                throw new IllegalStateException("no weights: load them with ModelStore and pass them to weights(...)");
            }
            return new StyleTransfer(weights, settings, notes);
        }
    }
}
