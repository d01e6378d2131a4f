package io.neuralstyle.cli;

import io.neuralstyle.model.Weights;
import io.neuralstyle.transfer.Benchmark;
import io.neuralstyle.transfer.RunPlan;
import io.neuralstyle.transfer.Settings;
import java.io.PrintStream;

/** {@code --dry-run}: what a run would do, and how long it should take on this machine. */
final class DryRun {
    /** The size a few evaluations are timed at to measure this machine's speed. */
    private static final int CALIBRATION_SIZE = 192;

    private DryRun() {
    }

    static void print(RunPlan plan, Settings settings, Weights weights, PrintStream out) {
        plan.describe().forEach(out::println);
        plan.notes().forEach(out::println);
        Benchmark.Measurement m = new Benchmark(weights, settings).measure(CALIBRATION_SIZE, CALIBRATION_SIZE, 2, 5);
        double seconds = plan.estimateSeconds(settings, m.gflopsPerSecond());
        out.printf("time: about %s for %d iterations (this machine does %.0f GFLOP/s of this network's work in %s"
                + " on the %s), plus a few seconds per stage for its targets%n", ProgressDisplay.duration(seconds),
                plan.totalIterations(), m.gflopsPerSecond(), settings.precision(), settings.device().resolve().name());
    }
}
