package io.neuralstyle.optim;

/**
 * The objective returned NaN or infinity, for its value or its gradient: the optimization cannot go
 * on. The message says where it happened and what the user can try; x holds the last accepted point.
 */
public final class DivergenceException extends IllegalStateException {
    private final int iteration;

    DivergenceException(String message, int iteration) {
        super(message);
        this.iteration = iteration;
    }

    /** The iteration during which it happened; 0 at the starting point, before any step. */
    public int iteration() {
        return iteration;
    }
}
