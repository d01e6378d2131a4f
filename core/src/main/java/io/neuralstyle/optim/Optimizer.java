package io.neuralstyle.optim;

/** Minimizes an {@link Objective} in place, one iteration at a time, and can go on from a saved state. */
public interface Optimizer {

    /**
     * One finished iteration.
     *
     * @param number     1 for the first
     * @param loss       the objective at {@code x}, the point this iteration reached
     * @param x          the current point (the optimizer's own array: copy it to keep it)
     * @param evaluation which evaluation of the objective, counting from 1 at the start of the run,
     *                   computed {@code loss}: the accepted one among a line search's trials
     */
    record Iteration(int number, double loss, float[] x, long evaluation) {
    }

    /** Told after each iteration; returns false to stop the run. */
    @FunctionalInterface
    interface Monitor {
        boolean afterIteration(Iteration iteration);
    }

    /**
     * Runs at most {@code iterations} iterations from {@code x}, which is updated in place.
     *
     * @return the number of iterations done
     */
    int minimize(Objective objective, float[] x, int iterations, Monitor monitor);

    /**
     * Goes on from a state that {@link #state()} gave during an earlier run of an optimizer of the
     * same kind and settings, exactly as that run would have gone on: the same points, bit for bit,
     * for a deterministic objective.
     *
     * @param x          receives the state's point, and is then updated in place
     * @param iterations the run's total, counting the iterations done before the state was taken
     * @return the number of iterations done in all, as {@link #minimize} counts them
     */
    int resume(Objective objective, OptimizerState state, float[] x, int iterations, Monitor monitor);

    /**
     * The current run's state, for a checkpoint: valid only during a {@link Monitor} call, and
     * holding the optimizer's own arrays (no copies), which the caller must not change.
     */
    OptimizerState state();

    /**
     * How many times the current or last run evaluated the objective, for reports: an iteration may
     * take several evaluations.
     */
    long evaluations();
}
