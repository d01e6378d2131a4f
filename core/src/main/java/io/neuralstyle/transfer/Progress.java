package io.neuralstyle.transfer;

import io.neuralstyle.engine.Losses;
import io.neuralstyle.image.Image;
import java.util.function.Supplier;

/**
 * One finished iteration.
 *
 * @param iteration   1 for the first
 * @param iterations  iterations the run was asked for
 * @param losses      the loss terms at the current image
 * @param seconds     since the optimization started (target computation excluded)
 * @param image       the current image, clamped to [0, 1]; computed only when asked for
 * @param stage       the stage of the run's plan this iteration belongs to; null where the caller has
 *                    no plan (e.g. a figure's several runs)
 * @param stages      how many stages the plan has (0 without a plan)
 * @param secondsLeft the run's estimate of the seconds it still needs (see {@link RunPlan#secondsLeft});
 *                    NaN when it has none
 */
public record Progress(int iteration, int iterations, Losses losses, double seconds, Supplier<Image> image,
        RunPlan.Stage stage, int stages, double secondsLeft) {

    /** An iteration outside a run's plan: no stage, no estimate. */
    public Progress(int iteration, int iterations, Losses losses, double seconds, Supplier<Image> image) {
        this(iteration, iterations, losses, seconds, image, null, 0, Double.NaN);
    }
}
