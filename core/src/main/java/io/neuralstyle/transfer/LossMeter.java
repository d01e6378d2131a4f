package io.neuralstyle.transfer;

import io.neuralstyle.engine.Losses;
import io.neuralstyle.engine.StyleObjective;
import io.neuralstyle.image.Image;
import io.neuralstyle.image.Resize;

/**
 * Measures the loss of any image at a run's full size, with its targets, in float32: the yardstick
 * for results of different schedules or precisions. Made by {@link StyleTransfer#lossMeter}.
 */
public final class LossMeter implements AutoCloseable {
    private final StyleObjective objective;
    private final ColorPlan colors;

    LossMeter(StyleObjective objective, ColorPlan colors) {
        this.objective = objective;
        this.colors = colors;
    }

    /** The loss of {@code image}, resized to the run's full size first (so a coarse scale's image can be measured). */
    public Losses of(Image image) {
        Image sized = Resize.to(image, objective.width(), objective.height());
        float[] x = colors.forNetwork(sized).data().clone();
        objective.evaluate(x, new float[x.length]);
        return objective.lastLosses();
    }

    @Override
    public void close() {
        objective.close();
    }
}
