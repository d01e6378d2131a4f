package io.neuralstyle.engine;

import io.neuralstyle.optim.Objective;

/**
 * An {@link Objective} over an image that also reports the loss terms of its latest evaluation,
 * whether it evaluates the whole image at once ({@link StyleObjective}) or in tiles
 * ({@link TiledObjective}).
 */
public interface LossObjective extends Objective, AutoCloseable {
    /** The loss terms of the latest {@link #evaluate} call, or null before the first. */
    Losses lastLosses();

    @Override
    void close();
}
