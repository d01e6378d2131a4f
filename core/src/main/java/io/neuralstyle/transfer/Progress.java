package io.neuralstyle.transfer;

import io.neuralstyle.engine.Losses;
import io.neuralstyle.image.Image;
import java.util.function.Supplier;

/**
 * One finished iteration.
 *
 * @param iteration  1 for the first
 * @param iterations iterations the run was asked for
 * @param losses     the loss terms at the current image
 * @param seconds    since the optimization started (target computation excluded)
 * @param image      the current image, clamped to [0, 1]; computed only when asked for
 */
public record Progress(int iteration, int iterations, Losses losses, double seconds, Supplier<Image> image) {
}
