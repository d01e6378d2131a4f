package io.neuralstyle.transfer;

import io.neuralstyle.engine.Losses;
import io.neuralstyle.image.Image;
import java.util.List;

/**
 * What a run produced.
 *
 * @param image      the image of lowest total loss seen, in [0, 1], at the full size
 * @param initial    the loss terms at the starting image
 * @param history    the loss terms after each iteration, in order, all stages
 * @param iterations iterations done, all stages
 * @param seconds    optimization time, all stages
 * @param stopped    true when the listener stopped the run before its last iteration
 * @param divergence null, unless the loss or its gradient became NaN or infinite: then what happened
 *                   and what to try, in one line; the image is the best one before it
 * @param planned    the iterations the run's plan has, all stages: more than {@code iterations} when a
 *                   stage ended early
 */
public record Result(Image image, Losses initial, List<Losses> history, int iterations, double seconds,
        boolean stopped, String divergence, int planned) {

    /** Why a run ended. */
    public enum Ending {
        /** Every planned iteration was done. */
        DONE,
        /** The optimizer could lower the loss no further (a zero gradient, or float precision) before the plan's end. */
        CONVERGED,
        /** The listener stopped it (Ctrl-C, a cancelled job). */
        STOPPED,
        /** The loss or its gradient became NaN or infinite, or rose: see {@link #divergence()}. */
        DIVERGED
    }

    /** True when the run did all its iterations, or converged, without being stopped or diverging. */
    public boolean finished() {
        return !stopped && divergence == null;
    }

    /** Why the run ended. */
    public Ending ending() {
        return divergence != null ? Ending.DIVERGED : stopped ? Ending.STOPPED
                : iterations < planned ? Ending.CONVERGED : Ending.DONE;
    }
}
