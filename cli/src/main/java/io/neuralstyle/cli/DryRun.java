package io.neuralstyle.cli;

import io.neuralstyle.model.Weights;
import io.neuralstyle.transfer.StagePace;
import io.neuralstyle.transfer.RunPlan;
import io.neuralstyle.transfer.Settings;
import java.io.PrintStream;

/** {@code --dry-run}: what a run would do, and how long it should take on this machine. */
final class DryRun {
    private DryRun() {
    }

    static void print(RunPlan plan, Settings settings, Weights weights, PrintStream out) {
        plan.describe().forEach(out::println);
        plan.notes().forEach(out::println);
        StagePace pace = StagePace.measure(weights, settings, plan);
        double seconds = plan.estimateSeconds(settings, pace);
        String rate = Math.round(pace.slowest()) == Math.round(pace.fastest())
                ? String.format(java.util.Locale.ROOT, "%.0f", pace.fastest())
                : String.format(java.util.Locale.ROOT, "%.0f to %.0f", pace.slowest(), pace.fastest());
        out.printf("time: about %s for %d iterations (this machine does %s GFLOP/s of this network's work in %s"
                + " on the %s at these stages' sizes), plus a few seconds per stage for its targets%n",
                ProgressDisplay.duration(seconds), plan.totalIterations(), rate, settings.precision(),
                settings.device().resolve().name());
    }
}
