package io.neuralstyle.transfer;

import io.neuralstyle.engine.FlopCount;
import io.neuralstyle.engine.ImageTerm;
import io.neuralstyle.engine.LossSpec;
import io.neuralstyle.engine.StyleLoss;
import io.neuralstyle.engine.TileGrid;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * How a run will go, decided once, before anything is computed, from the settings and the output's
 * proportions: its stages, coarsest first (Gatys et al. 2017: each scale half the next, each
 * starting from the previous one's result), how each starts, how many L-BFGS pairs each keeps,
 * whether each is evaluated whole or in tiles, and what to tell the user about it. A size that
 * cannot fit in memory is refused here, before any stage runs.
 *
 * <p>Every front end runs the same plan: {@link StyleTransfer#plan} makes it, and a dry run shows it.
 *
 * @param stages     the sizes in the order they run; the last is the output's
 * @param memory     the memory the largest stage needs, as it will run
 * @param budgetBytes the memory the run may use (see {@link MemoryEstimate#budget})
 * @param notes      what the user should know before it starts, one line each (tiles, fewer pairs)
 */
public record RunPlan(List<Stage> stages, MemoryEstimate memory, long budgetBytes, List<String> notes) {

    /** Where a stage's image starts. */
    public enum Start {
        /** Seeded white noise. */
        NOISE,
        /** The photo. */
        CONTENT,
        /** An image the caller gave. */
        IMAGE,
        /** The previous stage's result, upsampled. */
        PREVIOUS
    }

    /**
     * One size of a run.
     *
     * @param index      0 for the first stage
     * @param lbfgsPairs the L-BFGS pairs kept: the settings' history, or fewer where memory is short;
     *                   0 with Adam
     * @param tileCore   side of a tile's core in pixels, or 0 when the image is evaluated whole
     */
    public record Stage(int index, int width, int height, int iterations, Start start, int lbfgsPairs, int tileCore) {
        public boolean tiled() {
            return tileCore > 0;
        }

        /**
         * The loss this stage minimizes: the settings', with the smoothness weight scaled by the
         * stage's area relative to the output's. The term is a mean over pixels, and a coarse pixel
         * stands for (S/s)^2 of the output's, each of whose differences the upsampling divides by S/s:
         * so the same weight smooths the output alike at every stage.
         */
        public LossSpec lossSpec(Settings settings) {
            LossSpec spec = settings.lossSpec();
            double scale = Math.pow((double) Math.max(width, height) / settings.size(), 2);
            return spec.with(ImageTerm.SMOOTHNESS, spec.weight(ImageTerm.SMOOTHNESS) * scale);
        }

        @Override
        public String toString() {
            return width + "x" + height;
        }
    }

    public RunPlan {
        stages = List.copyOf(stages);
        notes = List.copyOf(notes);
    }

    /**
     * The plan for an output shaped like {@code shapeWidth} x {@code shapeHeight} (the photo's, or a
     * texture's painting's), with the memory budget of the settings and this JVM's heap.
     *
     * @throws TransferException when the full size cannot fit even in tiles
     */
    public static RunPlan of(Settings settings, int shapeWidth, int shapeHeight) {
        return of(settings, shapeWidth, shapeHeight, MemoryEstimate.budget(settings), ProcessMemory.heapBytes());
    }

    static RunPlan of(Settings settings, int shapeWidth, int shapeHeight, long budget, long maxHeap) {
        List<Integer> counts = new ArrayList<>(settings.scaleIterations());
        counts.add(settings.iterations());
        List<Stage> stages = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        boolean lbfgs = settings.optimizer() == OptimizerKind.LBFGS;
        for (int k = 0; k < counts.size(); k++) {
            int[] size = sizeAt(shapeWidth, shapeHeight, settings.size() >> (counts.size() - 1 - k));
            int w = size[0];
            int h = size[1];
            if (Math.min(w, h) < Settings.MIN_SIDE) {
                throw shortSide(settings, shapeWidth, shapeHeight, w, h, k == counts.size() - 1);
            }
            int pairs = lbfgs ? MemoryEstimate.historyThatFits(w, h, settings, budget, maxHeap) : 0;
            if (k == counts.size() - 1) {
                // Refuse the run now, not after the coarser scales have run for minutes.
                MemoryEstimate.check(w, h, settings, pairs, budget, maxHeap);
            }
            if (lbfgs && pairs < settings.lbfgsHistory()) {
                notes.add(w + "x" + h + ": L-BFGS keeps " + pairs + " pairs, not " + settings.lbfgsHistory()
                        + ", to leave memory for the network (--max-memory raises it)");
            }
            TilePlan tiles = TilePlan.choose(w, h, settings, pairs, budget);
            if (tiles.tiled() && settings.styleLoss() != StyleLoss.GRAM && !settings.styleLayers().isEmpty()) {
                throw SettingKey.STYLE_LOSS.invalid(settings.styleLoss() + " needs each style layer whole, and " + w
                        + "x" + h + " would run in tiles to fit " + (budget >> 20) + " MB: raise {max-memory} or use"
                        + " gram");
            }
            if (tiles.tiled()) {
                TileGrid grid = TileGrid.of(w, h, tiles.core(), settings.lossSpec().deepestLayer());
                int[] tile = grid.largestTile();
                notes.add(w + "x" + h + " in " + grid.tileCount() + " tiles of " + tile[0] + "x" + tile[1]
                        + " (to fit " + (budget >> 20) + " MB; --max-memory sets it)");
            }
            Start start = k > 0 ? Start.PREVIOUS : firstStart(settings.init());
            stages.add(new Stage(k, w, h, counts.get(k), start, pairs, tiles.core()));
        }
        Stage last = stages.get(stages.size() - 1);
        MemoryEstimate memory = last.tiled()
                ? MemoryEstimate.tiled(last.width(), last.height(), last.tileCore(), settings, last.lbfgsPairs())
                : MemoryEstimate.of(last.width(), last.height(), settings, last.lbfgsPairs());
        return new RunPlan(stages, memory, budget, notes);
    }

    /**
     * The refusal of a stage whose shorter side leaves the network's deepest layers no positions: the
     * full size names the size that works, a coarser scale says to give fewer.
     */
    private static SettingsException shortSide(Settings settings, int shapeWidth, int shapeHeight, int w, int h,
            boolean full) {
        String why = w + "x" + h + " for this " + shapeWidth + "x" + shapeHeight + " picture, and its shorter side"
                + " must be at least " + Settings.MIN_SIDE + " px for the network's deepest layers";
        if (!full) {
            return SettingKey.SCALE_ITERATIONS.invalid("makes the coarsest scale " + why + ": give fewer scales");
        }
        int works = settings.size();
        for (int[] size = {w, h}; Math.min(size[0], size[1]) < Settings.MIN_SIDE; ) {
            size = sizeAt(shapeWidth, shapeHeight, ++works);
        }
        return SettingKey.SIZE.invalid("makes it " + why + ": give {size} " + works + " or more");
    }

    /** Where the first stage starts: from the setting's noise, photo or image. */
    private static Start firstStart(Init init) {
        if (init instanceof Init.FromImage) {
            return Start.IMAGE;
        }
        return init instanceof Init.Content ? Start.CONTENT : Start.NOISE;
    }

    /** Width and height with the longest side {@code longest} and the shape's proportions. */
    static int[] sizeAt(int shapeWidth, int shapeHeight, int longest) {
        if (shapeWidth >= shapeHeight) {
            return new int[] {longest, (int) Math.max(1, Math.round((double) shapeHeight * longest / shapeWidth))};
        }
        return new int[] {(int) Math.max(1, Math.round((double) shapeWidth * longest / shapeHeight)), longest};
    }

    public Stage last() {
        return stages.get(stages.size() - 1);
    }

    /** Iterations of all stages together. */
    public int totalIterations() {
        return stages.stream().mapToInt(Stage::iterations).sum();
    }

    /**
     * The arithmetic of the whole run in GFLOP (see {@link FlopCount}), counting
     * {@code evaluationsPerIteration} evaluations per iteration; a tiled stage evaluates its halos
     * too, and its style layers twice.
     */
    public double gflops(Settings settings, double evaluationsPerIteration) {
        double total = 0;
        for (Stage s : stages) {
            total += s.iterations() * evaluationsPerIteration * evaluationGflops(s, settings);
        }
        return total;
    }

    /**
     * One evaluation of the objective at stage {@code s}, in GFLOP: a tiled stage evaluates its halos
     * too, and its style layers twice.
     */
    static double evaluationGflops(Stage s, Settings settings) {
        double perEvaluation = FlopCount.perEvaluation(s.width(), s.height(), settings.lossSpec());
        if (s.tiled()) {
            int side = TileGrid.tileSide(s.tileCore(), settings.lossSpec().deepestLayer());
            double coreArea = (double) Math.min(s.tileCore(), s.width()) * Math.min(s.tileCore(), s.height());
            double tileArea = (double) Math.min(side, s.width()) * Math.min(side, s.height());
            // Pass 1 runs forward only (a third of the work), pass 2 forward and backward.
            perEvaluation *= tileArea / coreArea * 4 / 3;
        }
        return perEvaluation / 1e9;
    }

    /**
     * The seconds the run should still take once {@code doneInStage} iterations of {@code stage} are
     * done, of which the last {@code timedIterations} took {@code timedSeconds} (fewer than all after
     * a resume): the work left (the rest of this stage and every later one, each weighed by its
     * arithmetic) at the pace of this stage so far. An upper bound in practice, since L-BFGS may end
     * a stage early when it converges. NaN before any timed iteration.
     */
    public double secondsLeft(Settings settings, Stage stage, int doneInStage, int timedIterations,
            double timedSeconds) {
        return secondsLeft(settings, stage, doneInStage, secondsPerGflop(settings, stage, timedIterations, timedSeconds));
    }

    /**
     * The pace of {@code stage} in seconds per GFLOP of its arithmetic, when {@code timedIterations}
     * of its iterations took {@code timedSeconds}; NaN before any timed iteration.
     */
    public double secondsPerGflop(Settings settings, Stage stage, int timedIterations, double timedSeconds) {
        if (timedIterations <= 0) {
            return Double.NaN;
        }
        return timedSeconds / (timedIterations * evaluationGflops(stage, settings));
    }

    /**
     * The seconds the run should still take once {@code doneInStage} iterations of {@code stage} are
     * done, at {@code secondsPerGflop} for the rest of this stage and every later one.
     */
    public double secondsLeft(Settings settings, Stage stage, int doneInStage, double secondsPerGflop) {
        double left = Math.max(0, stage.iterations() - doneInStage) * evaluationGflops(stage, settings);
        for (Stage later : stages.subList(stage.index() + 1, stages.size())) {
            left += later.iterations() * evaluationGflops(later, settings);
        }
        return left * secondsPerGflop;
    }

    /**
     * Evaluations of the objective per iteration, on average: L-BFGS's line search usually accepts
     * its first trial, sometimes needs a second; Adam evaluates once. Measured on the default runs
     * (see the README's speed section).
     */
    static final double LBFGS_EVALUATIONS_PER_ITERATION = 1.1;

    /**
     * The seconds the run should take on a machine that does {@code gflopsPerSecond} of this
     * network's work (see {@link Benchmark}), the targets and graphs of each stage aside.
     */
    public double estimateSeconds(Settings settings, double gflopsPerSecond) {
        return gflops(settings, evaluationsPerIteration(settings)) / gflopsPerSecond;
    }

    /** The seconds the run should take at the pace timed for each of its stages, targets and graphs aside. */
    public double estimateSeconds(Settings settings, StagePace pace) {
        double seconds = 0;
        for (Stage s : stages) {
            seconds += estimateSeconds(settings, pace, s);
        }
        return seconds;
    }

    /** The seconds one stage should take at the pace timed for it, its targets and graph aside. */
    public double estimateSeconds(Settings settings, StagePace pace, Stage stage) {
        return stage.iterations() * evaluationsPerIteration(settings) * evaluationGflops(stage, settings)
                / pace.gflopsPerSecond(stage);
    }

    private static double evaluationsPerIteration(Settings settings) {
        return settings.optimizer() == OptimizerKind.LBFGS ? LBFGS_EVALUATIONS_PER_ITERATION : 1;
    }

    /** The plan as lines of text, for a dry run. */
    public List<String> describe() {
        List<String> lines = new ArrayList<>();
        for (Stage s : stages) {
            String start = switch (s.start()) {
                case NOISE -> "from noise";
                case CONTENT -> "from the photo";
                case IMAGE -> "from the given image";
                case PREVIOUS -> "from the previous stage, upsampled";
            };
            lines.add(String.format(Locale.ROOT, "stage %d: %s, %d iterations %s, %s%s", s.index() + 1, s,
                    s.iterations(), start, s.tiled() ? "in tiles of core " + s.tileCore() + " px" : "whole",
                    s.lbfgsPairs() > 0 ? ", " + s.lbfgsPairs() + " L-BFGS pairs" : ""));
        }
        lines.add(String.format(Locale.ROOT, "memory: about %.1f GB (network %.1f GB, optimizer %.1f GB of Java heap)"
                + " of %.1f GB allowed", memory.totalBytes() / (double) (1L << 30), memory.networkBytes() / (double) (1L << 30),
                memory.optimizerBytes() / (double) (1L << 30), budgetBytes / (double) (1L << 30)));
        return lines;
    }
}
