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
public final class Lbfgs implements Optimizer {
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

    private final int historySize;
    private final StrongWolfeLineSearch lineSearch;
    private CheckedObjective run; // the current or last run, for evaluations()

    /** An L-BFGS with the defaults: history 100, at most 25 evaluations per iteration. */
    public Lbfgs() {
        this(DEFAULT_HISTORY_SIZE);
    }

    public Lbfgs(int historySize) {
        this(historySize, DEFAULT_MAX_EVALUATIONS_PER_ITERATION);
    }

    /**
     * @param historySize                number m of curvature pairs kept, at least 1
     * @param maxEvaluationsPerIteration line search budget, at least 1
     */
    public Lbfgs(int historySize, int maxEvaluationsPerIteration) {
        if (historySize < 1) {
            throw new IllegalArgumentException("historySize must be at least 1, got " + historySize);
        }
        this.historySize = historySize;
        this.lineSearch = new StrongWolfeLineSearch(C1, C2, maxEvaluationsPerIteration);
    }

    public int historySize() {
        return historySize;
    }

    /**
     * {@inheritDoc}
     *
     * <p>Evaluates the objective once at the start, then at least once per iteration. The monitor
     * gets the loss at the accepted point, which never exceeds the previous one. If the objective
     * throws, or returns NaN or infinity (an {@link IllegalStateException}), x holds the last
     * accepted point.
     *
     * @return the number of iterations done: fewer than asked when the monitor stopped the run, the
     *         gradient became exactly zero, or no further progress was possible
     */
    @Override
    public int minimize(Objective objective, float[] x, int iterations, Monitor monitor) {
        if (iterations < 0) {
            throw new IllegalArgumentException("iterations must be >= 0, got " + iterations);
        }
        CheckedObjective f = new CheckedObjective(objective,
                "lower the loss weights (content, style, total variation), or use Adam with a small learning rate");
        run = f;
        if (iterations == 0) {
            return 0;
        }
        int n = x.length;
        float[] gradient = new float[n];
        float[] nextGradient = new float[n];
        float[] direction = new float[n];
        LbfgsHistory history = new LbfgsHistory(historySize, n);

        double loss = f.evaluate(x, gradient);
        if (Vectors.isZero(gradient)) {
            return 0;
        }
        for (int k = 1; k <= iterations; k++) {
            f.setIteration(k);
            StrongWolfeLineSearch.Result step = search(f, x, loss, gradient, history, direction, nextGradient);
            if (!step.madeProgress() && !history.isEmpty()) {
                // The quasi-Newton model can mislead (a poor direction, rounding in the recursion):
                // retry once from scratch along steepest descent before giving up.
                history.clear();
                step = search(f, x, loss, gradient, history, direction, nextGradient);
            }
            if (!step.madeProgress()) {
                return k - 1;
            }
            Vectors.pointOnLine(x, step.step(), direction, x);
            history.add(step.step(), direction, gradient, nextGradient);
            float[] swap = gradient;
            gradient = nextGradient;
            nextGradient = swap;
            loss = step.value();
            if (!monitor.afterIteration(k, loss, x) || Vectors.isZero(gradient)) {
                return k;
            }
        }
        return iterations;
    }

    /** Function evaluations of the current or last run, including the one at the starting point. */
    @Override
    public long evaluations() {
        return run == null ? 0 : run.evaluations();
    }

    /** Computes the direction from the history and runs the line search along it. */
    private StrongWolfeLineSearch.Result search(Objective f, float[] x, double loss, float[] gradient,
            LbfgsHistory history, float[] direction, float[] nextGradient) {
        history.direction(gradient, direction);
        double slope = Vectors.dot(gradient, direction);
        if (!(slope < 0)) {
            return new StrongWolfeLineSearch.Result(0, loss); // not a descent direction
        }
        double initialStep = history.isEmpty() ? Math.min(1, 1 / Vectors.norm1(gradient)) : 1;
        return lineSearch.search(f, x, direction, loss, gradient, slope, initialStep, nextGradient);
    }
}
