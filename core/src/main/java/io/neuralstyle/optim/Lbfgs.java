package io.neuralstyle.optim;

/**
 * Limited-memory BFGS with a strong Wolfe line search: the optimizer of Gatys et al., and the
 * default of torch's {@code optim.lbfgs} and jcjohnson/neural-style, whose behaviour this follows.
 *
 * <p>One iteration is one accepted step, which may take several function evaluations; see
 * {@link #evaluations()}. The first step (and any step after the history was reset) follows the
 * steepest descent direction with length min(1, 1/|g|_1) |g|_2, as torch does, so that the first
 * trial stays sane whatever the loss scale; later steps start from t = 1 on the quasi-Newton
 * direction, whose scale comes from H0 = (s'y / y'y) I.
 *
 * <p>Given a {@link Box}, it solves the bound-constrained problem by projection, as projected
 * quasi-Newton methods do (Kim, Sra and Dhillon 2010): the coordinates on a bound that the gradient
 * pushes outwards are held, the direction is computed from the gradient of the others, and the line
 * search runs along the projected path, so every point evaluated is inside the box. Gatys et al.'s
 * own code bounds the image the same way (L-BFGS-B on the pixel range).
 *
 * <p>There are no convergence tolerances: the caller chooses the number of iterations. The run ends
 * early only when the gradient is exactly zero or the line search finds no lower point even along
 * steepest descent (for float x, this is where progress has hit the precision limit).
 *
 * <p>Memory: the history holds 2 m n floats, 8 m n bytes (m = history size, n = x.length), plus
 * 6 n floats of work buffers; m = 100 on a 512 x 512 RGB image is 630 MB, on 2048 x 2048 10 GB.
 * History arrays are allocated as the history fills, so a run of k &lt; m iterations holds only k pairs.
 *
 * <p>An instance may be reused for several runs, one at a time; it is not thread-safe.
 */
public final class Lbfgs extends ResumableOptimizer {
    /**
     * torch's {@code optim.lbfgs} and jcjohnson/neural-style use 100 corrections; keeping it makes
     * results comparable with theirs. Large images should pass a smaller m (5 to 20 is the usual
     * range, N&amp;W section 7.2), trading some convergence speed for 8 m n bytes.
     */
    public static final int DEFAULT_HISTORY_SIZE = 100;
    /** torch's default {@code max_ls}; the first iteration may need ~10 to grow the step. */
    public static final int DEFAULT_MAX_EVALUATIONS_PER_ITERATION = 25;
    /** The usual Wolfe constants for quasi-Newton methods (N&amp;W section 3.1), as torch. */
    static final double C1 = 1e-4;
    static final double C2 = 0.9;

    /** The name in an {@link OptimizerState}. */
    static final String NAME = "lbfgs";

    private final int historySize;
    private final Box box;
    private final StrongWolfeLineSearch lineSearch;

    /**
     * An L-BFGS with the defaults: history {@value #DEFAULT_HISTORY_SIZE}, at most
     * {@value #DEFAULT_MAX_EVALUATIONS_PER_ITERATION} evaluations per iteration.
     */
    public Lbfgs() {
        this(DEFAULT_HISTORY_SIZE);
    }

    public Lbfgs(int historySize) {
        this(historySize, DEFAULT_MAX_EVALUATIONS_PER_ITERATION, Box.NONE);
    }

    /** An L-BFGS that keeps every coordinate inside {@code box}. */
    public Lbfgs(int historySize, Box box) {
        this(historySize, DEFAULT_MAX_EVALUATIONS_PER_ITERATION, box);
    }

    /** An unbounded L-BFGS with the given line search budget. */
    public Lbfgs(int historySize, int maxEvaluationsPerIteration) {
        this(historySize, maxEvaluationsPerIteration, Box.NONE);
    }

    /**
     * @param historySize                number m of curvature pairs kept, at least 1
     * @param maxEvaluationsPerIteration line search budget, at least 1
     * @param box                        bounds on every coordinate, or {@link Box#NONE}
     */
    public Lbfgs(int historySize, int maxEvaluationsPerIteration, Box box) {
        super(NAME, "lower the loss weights (content, style, total variation), or use Adam with a small"
                + " learning rate");
        if (historySize < 1) {
            throw new IllegalArgumentException("historySize must be at least 1, got " + historySize);
        }
        this.historySize = historySize;
        this.box = box;
        this.lineSearch = new StrongWolfeLineSearch(C1, C2, maxEvaluationsPerIteration, box);
    }

    public int historySize() {
        return historySize;
    }

    /**
     * Runs at most {@code iterations} iterations (see {@link Optimizer#minimize}). x is first moved
     * inside the box, if it is not. Evaluates the objective once at the start, then at least once per
     * iteration. The monitor gets the loss at the accepted point, which never exceeds the previous
     * one. If the objective throws, or returns NaN or infinity (an {@link IllegalStateException}), x
     * holds the last accepted point. The state's arrays are the stored pairs, oldest first, s then y
     * of each; its numbers their 1 / s'y, then gamma.
     *
     * @return the number of iterations done: fewer than asked when the monitor stopped the run, the
     *         gradient became exactly zero, or no further progress was possible
     */
    @Override
    int iterate(CheckedObjective f, float[] x, int iterations, Monitor monitor, OptimizerState from) {
        int done = from == null ? 0 : from.iteration();
        if (iterations <= done) {
            if (from != null) {
                System.arraycopy(from.x(), 0, x, 0, x.length);
            }
            return done;
        }
        int n = x.length;
        float[] gradient = new float[n];
        float[] nextGradient = new float[n];
        float[] direction = new float[n];
        // Unbounded, the free gradient is the gradient itself and needs no array of its own.
        float[] free = box.bounded() ? new float[n] : gradient;
        LbfgsHistory history = new LbfgsHistory(historySize, n);

        double loss;
        if (from == null) {
            box.project(x);
            loss = f.evaluate(x, gradient);
        } else {
            System.arraycopy(from.x(), 0, x, 0, n);
            System.arraycopy(from.gradient(), 0, gradient, 0, n);
            loss = from.loss();
            history.restore(from.arrays(), from.numbers());
        }
        if (isStationary(x, gradient, free)) {
            return done;
        }
        for (int k = done + 1; k <= iterations; k++) {
            f.setIteration(k);
            long before = f.evaluations();
            StrongWolfeLineSearch.Result step = search(f, x, loss, gradient, free, history, direction, nextGradient);
            if (!step.madeProgress() && !history.isEmpty()) {
                // The quasi-Newton model can mislead (a poor direction, rounding in the recursion):
                // retry once from scratch along steepest descent before giving up.
                history.clear();
                before = f.evaluations();
                step = search(f, x, loss, gradient, free, history, direction, nextGradient);
            }
            if (!step.madeProgress()) {
                return k - 1;
            }
            history.add(x, step.step(), direction, box, gradient, nextGradient);
            StrongWolfeLineSearch.pointOnPath(x, step.step(), direction, box, x);
            float[] swap = gradient;
            gradient = nextGradient;
            nextGradient = swap;
            if (!box.bounded()) {
                free = gradient;
            }
            loss = step.value();
            Snapshot snapshot = new Snapshot(k, f.evaluations(), loss, x, gradient, history);
            boolean go = report(monitor, new Iteration(k, loss, x, before + step.evaluation()), snapshot::state);
            if (!go || isStationary(x, gradient, free)) {
                return k;
            }
        }
        return iterations;
    }

    /** What {@link #state()} returns during a monitor call. */
    private record Snapshot(int iteration, long evaluations, double loss, float[] x, float[] gradient,
            LbfgsHistory history) {
        OptimizerState state() {
            return new OptimizerState(NAME, iteration, evaluations, loss, x, gradient, history.pairs(),
                    history.numbers());
        }
    }

    /** Fills {@code free} with the gradient of the coordinates that can move; true when it is zero. */
    private boolean isStationary(float[] x, float[] gradient, float[] free) {
        if (box.bounded()) {
            box.projectedGradient(x, gradient, free);
        }
        return Vectors.isZero(free);
    }

    /** Computes the direction from the history and runs the line search along it. */
    private StrongWolfeLineSearch.Result search(Objective f, float[] x, double loss, float[] gradient, float[] free,
            LbfgsHistory history, float[] direction, float[] nextGradient) {
        history.direction(free, direction);
        box.keepInside(x, direction);
        double slope = Vectors.dot(gradient, direction);
        if (!(slope < 0)) {
            return new StrongWolfeLineSearch.Result(0, loss, 0); // not a descent direction
        }
        double initialStep = history.isEmpty() ? Math.min(1, 1 / Vectors.norm1(free)) : 1;
        return lineSearch.search(f, x, direction, loss, gradient, slope, initialStep, nextGradient);
    }
}
