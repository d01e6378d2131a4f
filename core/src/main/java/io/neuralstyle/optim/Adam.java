package io.neuralstyle.optim;

import java.util.List;

/**
 * Adam (Kingma &amp; Ba 2015): gradient descent with per-coordinate steps scaled by running
 * estimates of the gradient's first and second moments. Each coordinate moves by about the learning
 * rate per iteration at most, which makes the learning rate easy to pick in pixel units and the
 * optimizer robust to the loss scale; it needs more iterations than L-BFGS but no history memory
 * (2 n floats of moments).
 *
 * <p>One iteration is one step, from the gradient at the current x. To report, like {@link Lbfgs},
 * the loss at the point the iteration reached, the objective is evaluated once at the start and
 * then once after each step: iterations + 1 evaluations in all.
 *
 * <p>An instance may be reused for several runs, one at a time (each starts with zero moments);
 * it is not thread-safe.
 */
public final class Adam extends ResumableOptimizer {
    /** The name in an {@link OptimizerState}. */
    static final String NAME = "adam";

    public static final double DEFAULT_BETA1 = 0.9;
    public static final double DEFAULT_BETA2 = 0.999;
    public static final double DEFAULT_EPSILON = 1e-8;

    private final double learningRate;
    private final double beta1;
    private final double beta2;
    private final double epsilon;
    private final Box box;

    /** Adam with the paper's defaults: beta1 0.9, beta2 0.999, epsilon 1e-8. */
    public Adam(double learningRate) {
        this(learningRate, DEFAULT_BETA1, DEFAULT_BETA2, DEFAULT_EPSILON, Box.NONE);
    }

    /** Adam with the paper's defaults that keeps every coordinate inside {@code box} (projected after each step). */
    public Adam(double learningRate, Box box) {
        this(learningRate, DEFAULT_BETA1, DEFAULT_BETA2, DEFAULT_EPSILON, box);
    }

    /**
     * @param learningRate step size, &gt; 0: about the most a coordinate moves per iteration
     * @param beta1        decay of the gradient mean, in [0, 1)
     * @param beta2        decay of the squared-gradient mean, in [0, 1)
     * @param epsilon      added to the root mean square to avoid dividing by zero, &gt; 0
     * @param box          bounds on every coordinate, or {@link Box#NONE}
     */
    public Adam(double learningRate, double beta1, double beta2, double epsilon, Box box) {
        super(NAME, "lower the learning rate (now " + learningRate + ")");
        if (!(learningRate > 0) || !(beta1 >= 0 && beta1 < 1) || !(beta2 >= 0 && beta2 < 1) || !(epsilon > 0)) {
            throw new IllegalArgumentException("need learningRate > 0, beta1 and beta2 in [0, 1), epsilon > 0; got "
                    + learningRate + ", " + beta1 + ", " + beta2 + ", " + epsilon);
        }
        this.learningRate = learningRate;
        this.beta1 = beta1;
        this.beta2 = beta2;
        this.epsilon = epsilon;
        this.box = box;
    }

    public double learningRate() {
        return learningRate;
    }

    /**
     * Runs at most {@code iterations} steps (see {@link Optimizer#minimize}). The monitor gets the loss
     * at x after the step. If the objective returns NaN or infinity, throws an
     * {@link IllegalStateException}; x then holds the point where it did. The state's arrays are the
     * first and second moment estimates; it has no numbers.
     *
     * @return the number of iterations done: fewer than asked only when the monitor stopped the run
     */
    @Override
    int iterate(CheckedObjective f, float[] x, int iterations, Monitor monitor, OptimizerState from) {
        int done = from == null ? 0 : from.iteration();
        if (from != null) {
            System.arraycopy(from.x(), 0, x, 0, x.length);
        }
        if (iterations <= done) {
            return done;
        }
        int n = x.length;
        float[] gradient = new float[n];
        float[] mean; // m: first moment
        float[] meanSquare; // v: second moment
        if (from == null) {
            mean = new float[n];
            meanSquare = new float[n];
            box.project(x);
            f.evaluate(x, gradient);
        } else {
            mean = from.arrays().get(0);
            meanSquare = from.arrays().get(1);
            System.arraycopy(from.gradient(), 0, gradient, 0, n);
        }
        for (int t = done + 1; t <= iterations; t++) {
            f.setIteration(t);
            // Bias corrections: the moments start at zero, so early on they underestimate.
            double correction1 = 1 - Math.pow(beta1, t);
            double correction2 = 1 - Math.pow(beta2, t);
            for (int i = 0; i < n; i++) {
                double g = gradient[i];
                double m = beta1 * mean[i] + (1 - beta1) * g;
                double v = beta2 * meanSquare[i] + (1 - beta2) * g * g;
                mean[i] = (float) m;
                meanSquare[i] = (float) v;
                x[i] = (float) (x[i] - learningRate * (m / correction1) / (Math.sqrt(v / correction2) + epsilon));
            }
            box.project(x);
            double loss = f.evaluate(x, gradient);
            OptimizerState state = new OptimizerState(NAME, t, f.evaluations(), loss, x, gradient,
                    List.of(mean, meanSquare), new double[0]);
            if (!report(monitor, new Iteration(t, loss, x, f.evaluations()), () -> state)) {
                return t;
            }
        }
        return iterations;
    }
}
