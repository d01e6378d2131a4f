package io.neuralstyle.cli;

import io.neuralstyle.engine.Losses;
import io.neuralstyle.transfer.Progress;
import java.io.PrintStream;
import java.text.DecimalFormat;
import java.time.temporal.ChronoUnit;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * Shows a run's progress: on a terminal a progress bar with the losses, iterations per second and
 * time left; otherwise (a log file, CI) a plain line every tenth of the run.
 */
final class ProgressDisplay implements AutoCloseable {
    private int iterations;
    private final boolean quiet;
    private final boolean terminal;
    private final PrintStream log = System.err;
    private ProgressBar bar;
    private int lastIteration;
    private double lastSeconds;

    ProgressDisplay(int iterations, boolean quiet) {
        this.iterations = iterations;
        this.quiet = quiet;
        this.terminal = Terminal.stderr();
    }

    void update(Progress p) {
        if (quiet) {
            return;
        }
        // A coarse-to-fine run counts the iterations of all its scales.
        iterations = p.iterations();
        if (terminal) {
            if (bar == null) {
                bar = new ProgressBarBuilder().setTaskName("painting").setInitialMax(iterations)
                        .setStyle(ProgressBarStyle.COLORFUL_UNICODE_BLOCK).setUpdateIntervalMillis(250)
                        .showSpeed(new DecimalFormat("0.00")).setUnit(" it", 1).setSpeedUnit(ChronoUnit.SECONDS)
                        .build();
            }
            bar.stepTo(p.iteration());
            bar.setExtraMessage(" " + losses(p.losses()));
            return;
        }
        if (p.iteration() == 1) {
            // TensorFlow optimizes the graph during the first iteration: a rate taken from it misleads.
            lastIteration = 1;
            lastSeconds = p.seconds();
            log.printf("iteration 1/%d  %s%n", iterations, losses(p.losses()));
            return;
        }
        int every = Math.max(1, iterations / 10);
        if (p.iteration() % every == 0 || p.iteration() == iterations) {
            // The rate since the previous line: coarse-to-fine scales differ in cost per iteration.
            double rate = (p.iteration() - lastIteration) / Math.max(p.seconds() - lastSeconds, 1e-9);
            lastIteration = p.iteration();
            lastSeconds = p.seconds();
            double eta = (iterations - p.iteration()) / rate;
            log.printf("iteration %d/%d  %s  %.2f it/s  ETA %s%n", p.iteration(), iterations, losses(p.losses()),
                    rate, duration(eta));
        }
    }

    /** A line of its own, e.g. how a size is evaluated. */
    void note(String line) {
        if (!quiet) {
            log.println(line);
        }
    }

    static String losses(Losses l) {
        return String.format("loss %.4g (content %.3g, style %.3g%s)", l.total(), l.content(), l.style(),
                l.tv() > 0 ? String.format(", tv %.3g", l.tv()) : "");
    }

    static String duration(double seconds) {
        long s = Math.round(seconds);
        return s >= 3600 ? String.format("%dh%02dm", s / 3600, s % 3600 / 60)
                : s >= 60 ? String.format("%dm%02ds", s / 60, s % 60) : s + "s";
    }

    @Override
    public void close() {
        if (bar != null) {
            bar.close();
            bar = null;
        }
    }
}
