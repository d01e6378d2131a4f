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
 */
public record Result(Image image, Losses initial, List<Losses> history, int iterations, double seconds,
        boolean stopped, String divergence) {

    /** True when the run did all its iterations, or converged, without being stopped or diverging. */
    public boolean finished() {
        return !stopped && divergence == null;
    }
}
