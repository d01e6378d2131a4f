package io.neuralstyle.cli;

import io.neuralstyle.engine.ImageTerm;
import io.neuralstyle.engine.Losses;
import io.neuralstyle.transfer.Durations;
import io.neuralstyle.transfer.Progress;
import java.io.PrintStream;
import java.text.DecimalFormat;
import java.time.temporal.ChronoUnit;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * Shows a run's progress: on a terminal a progress bar with the losses, iterations per second and
 * time left; otherwise (a log file, CI) a plain line every tenth of the run. The time left is the
 * core's ({@link Progress#secondsLeft()}, each stage weighed by its arithmetic): a rate of the
 * iterations alone is wrong for coarse-to-fine, whose last stage costs most per iteration.
 */
final class ProgressDisplay implements AutoCloseable {
    private int iterations;
    private final boolean quiet;
    private final boolean terminal;
    private final PrintStream log;
    private ProgressBar bar;
    private int lastIteration;
    private double lastSeconds;

    ProgressDisplay(int iterations, boolean quiet) {
        this(iterations, quiet, Terminal.stderr(), System.err);
    }

    ProgressDisplay(int iterations, boolean quiet, boolean terminal, PrintStream log) {
        this.iterations = iterations;
        this.quiet = quiet;
        this.terminal = terminal;
        this.log = log;
    }

    void update(Progress p) {
        if (quiet) {
            return;
        }
        // A coarse-to-fine run counts the iterations of all its scales.
        iterations = p.iterations();
        if (terminal) {
            if (bar == null) {
                // The bar's own ETA is linear in iterations: the core's time left replaces it.
                bar = new ProgressBarBuilder().setTaskName("painting").setInitialMax(iterations)
                        .setStyle(ProgressBarStyle.COLORFUL_UNICODE_BLOCK).setUpdateIntervalMillis(250)
                        .showSpeed(new DecimalFormat("0.00")).setUnit(" it", 1).setSpeedUnit(ChronoUnit.SECONDS)
                        .hideEta().build();
            }
            bar.stepTo(p.iteration());
            bar.setExtraMessage(barMessage(p));
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
            double rate = (p.iteration() - lastIteration) / Math.max(p.seconds() - lastSeconds, 1e-9);
            lastIteration = p.iteration();
            lastSeconds = p.seconds();
            log.printf("iteration %d/%d  %s  %.2f it/s%s%n", p.iteration(), iterations, losses(p.losses()), rate,
                    timeLeft(p));
        }
    }

    /** What the bar shows after itself: the losses and the core's time left. */
    static String barMessage(Progress p) {
        return " " + losses(p.losses()) + timeLeft(p);
    }

    /** ", 2 min 05 s left", or nothing while the core has no estimate yet. */
    private static String timeLeft(Progress p) {
        return Double.isNaN(p.secondsLeft()) ? "" : ", " + duration(p.secondsLeft()) + " left";
    }

    /** A line of its own, e.g. how a size is evaluated. */
    void note(String line) {
        if (!quiet) {
            log.println(line);
        }
    }

    /** The total, content and style, and each term of the image that is not 0, by its short name. */
    static String losses(Losses l) {
        StringBuilder terms = new StringBuilder();
        for (ImageTerm term : ImageTerm.values()) {
            if (l.term(term) > 0) {
                terms.append(String.format(", %s %.3g", term.label(), l.term(term)));
            }
        }
        return String.format("loss %.4g (content %.3g, style %.3g%s)", l.total(), l.content(), l.style(), terms);
    }

    static String duration(double seconds) {
        return Durations.format(seconds);
    }

    @Override
    public void close() {
        if (bar != null) {
            bar.close();
            bar = null;
        }
    }
}
