package io.neuralstyle.optim;

/** Minimizes an {@link Objective} in place, one iteration at a time. */
public interface Optimizer {

    /** Told after each iteration; returns false to stop the run. */
    @FunctionalInterface
    interface Monitor {
        /**
         * @param iteration 1 for the first iteration
         * @param loss      the objective at {@code x}, the point this iteration reached
         * @param x         the current point (the optimizer's own array: copy it to keep it)
         */
        boolean afterIteration(int iteration, double loss, float[] x);
    }

    /**
     * Runs at most {@code iterations} iterations from {@code x}, which is updated in place.
     *
     * @return the number of iterations done
     */
    int minimize(Objective objective, float[] x, int iterations, Monitor monitor);

    /**
     * How many times the current or last {@link #minimize} run evaluated the objective, for reports:
     * an iteration may take several evaluations. -1 for optimizers that do not count them.
     */
    default long evaluations() {
        return -1;
    }
}
