package io.neuralstyle.transfer;

import io.neuralstyle.engine.Losses;
import io.neuralstyle.image.Image;
import java.util.List;

/**
 * What a run produced.
 *
 * @param image      the image of lowest total loss seen, clamped to [0, 1]
 * @param initial    the loss terms at the starting image
 * @param history    the loss terms after each iteration, in order
 * @param iterations iterations done
 * @param seconds    optimization time
 * @param stopped    true when the listener stopped the run before its last iteration
 */
public record Result(Image image, Losses initial, List<Losses> history, int iterations, double seconds, boolean stopped) {
}
