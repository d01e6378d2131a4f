package io.neuralstyle.figure;

import io.neuralstyle.transfer.Durations;

/**
 * The cost of one kind of run, measured by a short calibration run: a fixed part (building the
 * graph, computing the targets) and a part per iteration.
 *
 * @param setupSeconds        seconds before the first iteration starts
 * @param secondsPerIteration seconds each further iteration takes
 */
public record TimeEstimate(double setupSeconds, double secondsPerIteration) {

    /**
     * From a calibration run: its whole wall time and when (since the optimization started) its
     * first and last iterations ended. The first iteration is counted with the setup because its
     * line search does extra evaluations that later iterations mostly skip.
     */
    public static TimeEstimate fromCalibration(double wallSeconds, double firstIterationEnd, double lastIterationEnd,
            int iterations) {
        if (iterations < 2) {
            throw new IllegalArgumentException("a calibration needs at least 2 iterations");
        }
        double perIteration = Math.max(0, (lastIterationEnd - firstIterationEnd) / (iterations - 1));
        double setup = Math.max(0, wallSeconds - perIteration * (iterations - 1));
        return new TimeEstimate(setup, perIteration);
    }

    /** Seconds a run of this kind with the given iterations should take. */
    public double seconds(int iterations) {
        return setupSeconds + secondsPerIteration * Math.max(0, iterations - 1);
    }

    /** The core's one duration format (see {@link Durations}). */
    public static String format(double seconds) {
        return Durations.format(seconds);
    }
}
