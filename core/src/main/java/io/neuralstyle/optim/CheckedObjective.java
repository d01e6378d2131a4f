package io.neuralstyle.optim;

/**
 * Wraps the caller's objective to count evaluations and to stop a diverged run with a clear message,
 * rather than letting NaN silently spread through x and the optimizer's state.
 */
final class CheckedObjective implements Objective {
    private final Objective objective;
    private final String advice;
    private long evaluations;
    private int iteration;

    /**
     * @param advice      what the user can do when the loss diverges, ending the exception's message
     * @param evaluations evaluations done before, by the run this one resumes
     */
    CheckedObjective(Objective objective, String advice, long evaluations) {
        this.objective = objective;
        this.advice = advice;
        this.evaluations = evaluations;
    }

    /** Which iteration the next evaluations belong to, for messages; 0 for the starting point. */
    void setIteration(int iteration) {
        this.iteration = iteration;
    }

    long evaluations() {
        return evaluations;
    }

    /** @throws DivergenceException if the loss or any gradient element is NaN or infinite */
    @Override
    public double evaluate(float[] x, float[] gradient) {
        evaluations++;
        double loss = objective.evaluate(x, gradient);
        if (!Double.isFinite(loss)) {
            throw diverged("loss", Double.toString(loss));
        }
        // One pass over the gradient: negligible next to computing it, and a NaN here would
        // otherwise surface only iterations later as a NaN image.
        for (float v : gradient) {
            if (!Float.isFinite(v)) {
                throw diverged("gradient", "non-finite (" + v + ")");
            }
        }
        return loss;
    }

    private DivergenceException diverged(String what, String value) {
        if (iteration == 0) {
            return new DivergenceException("the " + what + " is " + value
                    + " at the starting point (before any step): check the input and the loss weights", 0);
        }
        return new DivergenceException("the " + what + " became " + value + " at iteration " + iteration
                + " (function evaluation " + evaluations + "): the optimization diverged; " + advice, iteration);
    }
}
