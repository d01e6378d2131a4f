package io.neuralstyle.transfer;

import io.neuralstyle.transfer.RunPlan.Stage;

/**
 * The run's time left, estimated after each iteration: the work the plan has left
 * ({@link RunPlan#secondsLeft}) at the pace of the stage running. A stage's pace is timed from the
 * end of the first iteration it runs here (after a resume, the first since it): that one also
 * builds and optimizes the graph, and would make the estimate far too long. Until a stage has a
 * pace of its own, the previous stage's stands in, so the estimate does not vanish at each stage's
 * start.
 */
final class TimeLeft {
    private final RunPlan plan;
    private final Settings settings;
    private Stage stage;
    /** Iterations of the stage running told so far. */
    private int told;
    private long firstIterationEnd;
    /** Seconds per GFLOP of the stage running, or of the last one timed; NaN before any. */
    private double pace = Double.NaN;

    TimeLeft(RunPlan plan, Settings settings) {
        this.plan = plan;
        this.settings = settings;
    }

    /** The next iterations told are {@code next}'s. */
    void stageStarts(Stage next) {
        stage = next;
        told = 0;
    }

    /**
     * The seconds the run should still take, now that the stage's iteration {@code iteration} (its
     * number in the stage) has ended at {@code nanos} ({@link System#nanoTime}); NaN after the run's
     * first iteration, which nothing times.
     */
    double after(int iteration, long nanos) {
        if (told++ == 0) {
            firstIterationEnd = nanos;
        } else {
            pace = plan.secondsPerGflop(settings, stage, told - 1, (nanos - firstIterationEnd) / 1e9);
        }
        return plan.secondsLeft(settings, stage, iteration, pace);
    }
}
