package io.neuralstyle.figure;

import java.util.Locale;

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

    /** "45 s", "3 min 20 s", "1 h 05 min". */
    public static String format(double seconds) {
        long s = Math.round(seconds);
        if (s < 60) {
            return s + " s";
        }
        if (s < 3600) {
            return String.format(Locale.ROOT, "%d min %02d s", s / 60, s % 60);
        }
        return String.format(Locale.ROOT, "%d h %02d min", s / 3600, s % 3600 / 60);
    }
}
