package io.neuralstyle.optim;

import java.util.function.Supplier;

/**
 * What Adam and L-BFGS share of the {@link Optimizer} protocol: a run from a point or from a saved
 * state, the count of evaluations, and the state a monitor may take during its call. A subclass
 * writes only its iterations ({@link #iterate}).
 */
abstract class ResumableOptimizer implements Optimizer {
    private final String name;
    private final String divergenceAdvice;
    private CheckedObjective run; // the current or last run, for evaluations()
    private Supplier<OptimizerState> current; // set during a monitor call, for state()

    /**
     * @param name             the name in an {@link OptimizerState}
     * @param divergenceAdvice what to do when the objective returns NaN or infinity
     */
    ResumableOptimizer(String name, String divergenceAdvice) {
        this.name = name;
        this.divergenceAdvice = divergenceAdvice;
    }

    @Override
    public final int minimize(Objective objective, float[] x, int iterations, Monitor monitor) {
        return start(objective, x, iterations, monitor, null);
    }

    @Override
    public final int resume(Objective objective, OptimizerState state, float[] x, int iterations, Monitor monitor) {
        state.check(name, x.length);
        return start(objective, x, iterations, monitor, state);
    }

    @Override
    public final OptimizerState state() {
        if (current == null) {
            throw new IllegalStateException("there is no state outside a monitor call");
        }
        return current.get();
    }

    @Override
    public final long evaluations() {
        return run == null ? 0 : run.evaluations();
    }

    private int start(Objective objective, float[] x, int iterations, Monitor monitor, OptimizerState from) {
        if (iterations < 0) {
            throw new IllegalArgumentException("iterations must be >= 0, got " + iterations);
        }
        CheckedObjective f = new CheckedObjective(objective, divergenceAdvice, from == null ? 0 : from.evaluations());
        run = f;
        return iterate(f, x, iterations, monitor, from);
    }

    /**
     * The iterations of one run.
     *
     * @param from the state to go on from (its iteration, point, gradient, arrays and numbers), or
     *             null for a run from {@code x}
     * @return the number of iterations done in all
     */
    abstract int iterate(CheckedObjective f, float[] x, int iterations, Monitor monitor, OptimizerState from);

    /** Tells the monitor of an iteration; during the call {@link #state()} answers {@code state}. */
    final boolean report(Monitor monitor, Iteration iteration, Supplier<OptimizerState> state) {
        current = state;
        try {
            return monitor.afterIteration(iteration);
        } finally {
            current = null;
        }
    }
}
