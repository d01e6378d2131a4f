package io.neuralstyle.transfer;

import io.neuralstyle.image.Image;
import io.neuralstyle.model.Weights;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * A run's loss against wall-clock seconds, the loss always measured at the full size in float32
 * by a {@link LossMeter}: the fair way to compare a coarse-to-fine schedule, whose own losses are
 * those of smaller images, with the full-size one, or bfloat16 with float32. The clock starts before
 * the targets are computed and stops while the meter measures.
 *
 * @param name    what the run was
 * @param points  the measurements, in order
 * @param result  the run's result
 * @param seconds the run's wall-clock time, measurements excluded
 */
public record ScheduleTrace(String name, List<Point> points, Result result, double seconds) {

    /** @param iteration counted across all scales; @param loss the full-size float32 total loss */
    public record Point(double seconds, int iteration, double loss) {
    }

    /** The full-size loss of the final image. */
    public double finalLoss() {
        return points.get(points.size() - 1).loss();
    }

    /**
     * Runs {@code settings} and measures the full-size loss every {@code every} iterations and at
     * the end.
     *
     * @param progress told of each measurement, e.g. to print it
     */
    public static ScheduleTrace record(String name, Weights weights, Settings settings, Image content,
            List<StyleImage> styles, LossMeter meter, int every, Consumer<Point> progress) {
        List<Point> points = new ArrayList<>();
        long start = System.nanoTime();
        long[] excluded = {0};
        StyleTransfer transfer = StyleTransfer.builder().weights(weights).settings(settings).build();
        Result result = transfer.run(transfer.request().content(content).styles(styles).listener(p -> {
            if (p.iteration() % every == 0) {
                long before = System.nanoTime();
                Point point = new Point((before - start - excluded[0]) / 1e9, p.iteration(),
                        meter.of(p.image().get()).total());
                points.add(point);
                progress.accept(point);
                excluded[0] += System.nanoTime() - before;
            }
            return true;
        }).build());
        double seconds = (System.nanoTime() - start - excluded[0]) / 1e9;
        Point last = new Point(seconds, result.iterations(), meter.of(result.image()).total());
        points.add(last);
        progress.accept(last);
        return new ScheduleTrace(name, List.copyOf(points), result, seconds);
    }
}
