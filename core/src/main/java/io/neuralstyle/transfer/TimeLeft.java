package io.neuralstyle.transfer;

import io.neuralstyle.transfer.RunPlan.Stage;

/**
 * The run's time left, estimated after each iteration of one stage: the work the plan has left
 * ({@link RunPlan#secondsLeft}) at this stage's pace so far. The pace is timed from the end of the
 * first iteration the stage runs here (after a resume, the first since it): that one also builds
 * and optimizes the graph, and would make the estimate far too long.
 */
final class TimeLeft {
    private final RunPlan plan;
    private final Settings settings;
    private final Stage stage;
    /** Iterations told so far. */
    private int told;
    private long firstIterationEnd;

    TimeLeft(RunPlan plan, Settings settings, Stage stage) {
        this.plan = plan;
        this.settings = settings;
        this.stage = stage;
    }

    /**
     * The seconds the run should still take, now that the stage's iteration {@code iteration} (its
     * number in the stage) has ended at {@code nanos} ({@link System#nanoTime}); NaN after the first
     * one told, which nothing times.
     */
    double after(int iteration, long nanos) {
        if (told++ == 0) {
            firstIterationEnd = nanos;
        }
        return plan.secondsLeft(settings, stage, iteration, told - 1, (nanos - firstIterationEnd) / 1e9);
    }
}
