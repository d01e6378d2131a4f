package io.neuralstyle.transfer;

import io.neuralstyle.model.Weights;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * This machine's pace at each stage of a plan, timed by a few evaluations at each stage's own size,
 * so that an estimate before a run weighs a coarse stage by what it costs here and not only by its
 * arithmetic: small images run at a lower rate (measured on a 2-core CPU with AMX in bf16: 128 px at
 * 40 to 60% of 512 px's GFLOP/s), so one rate for every stage gets coarse-to-fine runs wrong.
 */
public final class StagePace {
    /** Stages larger than this are timed at this longest side: their rate is the largest's. */
    static final int LARGEST_TIMED = 512;
    private static final int WARMUP = 1;
    private static final int EVALUATIONS = 3;

    private final Map<String, Double> gflopsPerSecond;

    private StagePace(Map<String, Double> gflopsPerSecond) {
        this.gflopsPerSecond = gflopsPerSecond;
    }

    /** Times {@link #EVALUATIONS} evaluations at each stage's size (once per size). */
    public static StagePace measure(Weights weights, Settings settings, RunPlan plan) {
        Benchmark benchmark = new Benchmark(settings.network(weights), settings.lossSpec());
        Map<String, Double> rates = new LinkedHashMap<>();
        for (RunPlan.Stage s : plan.stages()) {
            int[] wh = timedSize(s);
            rates.computeIfAbsent(wh[0] + "x" + wh[1],
                    shape -> benchmark.measure(wh[0], wh[1], WARMUP, EVALUATIONS).gflopsPerSecond());
        }
        return new StagePace(rates);
    }

    /** The rate timed for this stage's size, in GFLOP/s. */
    public double gflopsPerSecond(RunPlan.Stage stage) {
        int[] wh = timedSize(stage);
        Double rate = gflopsPerSecond.get(wh[0] + "x" + wh[1]);
        if (rate == null) {
            throw new IllegalArgumentException("stage " + stage.index() + " was not timed: measure its plan");
        }
        return rate;
    }

    /** The slowest and the fastest rate timed, for a line of text. */
    public double slowest() {
        return gflopsPerSecond.values().stream().mapToDouble(Double::doubleValue).min().orElse(Double.NaN);
    }

    public double fastest() {
        return gflopsPerSecond.values().stream().mapToDouble(Double::doubleValue).max().orElse(Double.NaN);
    }

    /** The stage's width and height, scaled down to a longest side of {@link #LARGEST_TIMED} where larger. */
    private static int[] timedSize(RunPlan.Stage s) {
        double scale = Math.min(1, (double) LARGEST_TIMED / Math.max(s.width(), s.height()));
        return new int[] {Math.max(1, (int) Math.round(s.width() * scale)),
                Math.max(1, (int) Math.round(s.height() * scale))};
    }
}
