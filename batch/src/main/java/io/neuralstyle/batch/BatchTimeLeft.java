package io.neuralstyle.batch;

import java.util.List;

/**
 * A batch's time left, the one rule of every front end that paints many items: the items running
 * now take what their own plans still estimate (see {@code Progress#secondsLeft}); each item still
 * waiting takes the mean time of the items painted so far or, before any is painted, of the running
 * items' plans (their time so far plus their estimate). That work is shared by {@code slots} painting at
 * once, and never ends before the longest running item does.
 */
public final class BatchTimeLeft {
    /** An item being painted: its seconds so far and its plan's estimate of what it still needs (NaN: none yet). */
    public record Running(double seconds, double secondsLeft) {
    }

    private BatchTimeLeft() {
    }

    /**
     * @param running        the items being painted now
     * @param paintedSeconds the seconds each item painted so far took (skipped and failed items not counted)
     * @param waiting        items not started yet
     * @param slots          items painted at once
     * @return the seconds left, or NaN while nothing tells yet
     */
    public static double seconds(List<Running> running, List<Double> paintedSeconds, int waiting, int slots) {
        double left = 0;
        double longest = 0;
        double planned = 0;
        int plans = 0;
        for (Running r : running) {
            if (Double.isNaN(r.secondsLeft())) {
                return Double.NaN;
            }
            left += r.secondsLeft();
            longest = Math.max(longest, r.secondsLeft());
            planned += r.seconds() + r.secondsLeft();
            plans++;
        }
        if (waiting > 0) {
            double perItem = !paintedSeconds.isEmpty()
                    ? paintedSeconds.stream().mapToDouble(Double::doubleValue).average().orElseThrow()
                    : plans > 0 ? planned / plans : Double.NaN;
            left += waiting * perItem;
        }
        return Math.max(longest, left / Math.max(1, slots));
    }
}
