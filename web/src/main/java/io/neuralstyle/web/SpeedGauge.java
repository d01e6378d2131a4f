package io.neuralstyle.web;

import io.neuralstyle.model.Weights;
import io.neuralstyle.transfer.Benchmark;
import io.neuralstyle.transfer.RunPlan;
import io.neuralstyle.transfer.Settings;

/**
 * How fast this server paints, for the time a job would take before it is sent: the pace of the
 * last job that ran to its end here (its plan's arithmetic over its seconds, graph building and
 * targets included), or before any has, a short benchmark at 256x256 run once on first need.
 */
final class SpeedGauge {
    /** The benchmark's size: large enough to be near the rate of real stages, small enough for a few seconds. */
    private static final int BENCH_SIDE = 256;

    private final Weights weights;
    private final Settings settings;
    private double gflopsPerSecond = Double.NaN;
    private String basis;

    /** @param settings the server's settings (threads, precision): those the benchmark runs with */
    SpeedGauge(Weights weights, Settings settings) {
        this.weights = weights;
        this.settings = settings;
    }

    /** A job that ran to its end: its plan and its seconds of painting. */
    synchronized void record(RunPlan plan, Settings jobSettings, double seconds) {
        if (seconds > 0) {
            gflopsPerSecond = plan.estimateSeconds(jobSettings, 1) / seconds;
            basis = "the pace of the last job on this server";
        }
    }

    /** The estimate of a run of {@code plan}, in seconds. */
    synchronized double seconds(RunPlan plan, Settings jobSettings) {
        if (Double.isNaN(gflopsPerSecond)) {
            gflopsPerSecond = new Benchmark(settings.network(weights), settings.lossSpec())
                    .measure(BENCH_SIDE, BENCH_SIDE, 1, 3).gflopsPerSecond();
            basis = "a short benchmark on this server (no job has run yet)";
        }
        return plan.estimateSeconds(jobSettings, gflopsPerSecond);
    }

    /** What the estimates are based on, in words. */
    synchronized String basis() {
        return basis;
    }
}
