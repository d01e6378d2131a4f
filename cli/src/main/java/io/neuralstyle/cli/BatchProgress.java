package io.neuralstyle.cli;

import io.neuralstyle.batch.BatchTimeLeft;
import io.neuralstyle.batch.ItemResult;
import io.neuralstyle.transfer.Progress;
import java.io.PrintStream;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * Shows a batch's progress: on a terminal one bar over the items, with how many are done, skipped
 * and failed, the current item's progress, and the time left ({@link BatchTimeLeft}: the current
 * item's plan, then the items painted so far); otherwise a line per item.
 */
final class BatchProgress implements AutoCloseable {
    private final int items;
    private final boolean quiet;
    private final boolean terminal = Terminal.stderr();
    private final PrintStream log = System.err;
    private ProgressBar bar;
    private int finished;
    private int done;
    private int skipped;
    private int failed;
    private final List<Double> painted = new CopyOnWriteArrayList<>();
    private volatile double current;
    private volatile boolean running;
    private volatile long itemStart;
    private volatile double currentLeft = Double.NaN;
    private String currentName = "";

    BatchProgress(int items, boolean quiet) {
        this.items = items;
        this.quiet = quiet;
    }

    void starting(String name) {
        currentName = name;
        current = 0;
        currentLeft = Double.NaN;
        itemStart = System.nanoTime();
        running = true;
        if (!quiet && terminal) {
            bar().setExtraMessage(message(""));
        }
    }

    void update(Progress p) {
        current = p.iterations() == 0 ? 0 : (double) p.iteration() / p.iterations();
        currentLeft = p.secondsLeft();
        if (!quiet && terminal) {
            bar().setExtraMessage(message(String.format(Locale.ROOT, " %d%%", Math.round(100 * current))));
        }
    }

    void finished(ItemResult r) {
        finished++;
        current = 0;
        running = false;
        switch (r.status()) {
            case DONE -> {
                done++;
                painted.add(r.seconds());
            }
            case SKIPPED -> skipped++;
            case FAILED -> failed++;
            case STOPPED, PENDING -> { }
        }
        if (quiet) {
            return;
        }
        if (terminal) {
            bar().stepTo(finished);
            bar().setExtraMessage(message(""));
        } else {
            log.printf(Locale.ROOT, "[%d/%d] %s: %s%n", finished, items, r.item().name(), BatchCommand.describe(r));
        }
    }

    /** A line of its own: what a run decided (tiles, going on from a checkpoint). */
    void note(String line) {
        if (!quiet) {
            if (bar != null) {
                bar.setExtraMessage(message(""));
            }
            log.println(line);
        }
    }

    private Optional<Duration> eta() {
        List<BatchTimeLeft.Running> now = running
                ? List.of(new BatchTimeLeft.Running((System.nanoTime() - itemStart) / 1e9, currentLeft)) : List.of();
        double left = BatchTimeLeft.seconds(now, painted, items - finished - now.size(), 1);
        return Double.isNaN(left) ? Optional.empty() : Optional.of(Duration.ofSeconds(Math.round(Math.max(0, left))));
    }

    private String message(String currentProgress) {
        return String.format(Locale.ROOT, " done %d, skipped %d, failed %d | %s%s", done, skipped, failed,
                currentName, currentProgress);
    }

    private ProgressBar bar() {
        if (bar == null) {
            bar = new ProgressBarBuilder().setTaskName("batch").setInitialMax(items)
                    .setStyle(ProgressBarStyle.COLORFUL_UNICODE_BLOCK).setUpdateIntervalMillis(250)
                    .setUnit(" items", 1).setEtaFunction(state -> eta()).build();
        }
        return bar;
    }

    @Override
    public void close() {
        if (bar != null) {
            bar.close();
            bar = null;
        }
    }
}
