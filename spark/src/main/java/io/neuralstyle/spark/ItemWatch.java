package io.neuralstyle.spark;

import io.neuralstyle.batch.BatchItem;
import io.neuralstyle.batch.BatchTimeLeft;
import io.neuralstyle.batch.ItemResult;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;

/**
 * The driver's view of a running job: it reads the result rows the executors write as each item
 * ends ({@link ResultRows}) every so often, and tells each ended item once, with how many have ended,
 * while the job still runs; then the items still running, with the iteration their tasks last wrote,
 * and the job's time left ({@link BatchTimeLeft}, from the running items' plans). Spark itself tells
 * the driver nothing of a task until it ends, and a task holds one item.
 */
final class ItemWatch implements AutoCloseable {
    /** Told of each item once, as it is seen to have ended. */
    interface Listener {
        void ended(ItemResult result, int ended, int items);

        /**
         * At each look while items run: those items in manifest order, and the job's seconds left (NaN
         * while no running item has an estimate yet).
         */
        default void running(List<ItemProgress> running, int ended, int items, double secondsLeft) {
        }
    }

    private final List<BatchItem> items;
    private final Path rows;
    private final Configuration conf;
    private final Listener listener;
    private final Set<String> told = new HashSet<>();
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "neural-style item watch");
        t.setDaemon(true);
        return t;
    });

    ItemWatch(List<BatchItem> items, Path rows, Configuration conf, Duration every, Listener listener) {
        this.items = List.copyOf(items);
        this.rows = rows;
        this.conf = conf;
        this.listener = listener;
        timer.scheduleWithFixedDelay(this::lookQuietly, every.toMillis(), every.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Tells the items that ended since the last look, then those running. */
    synchronized void look() throws IOException {
        Set<String> ended = new HashSet<>();
        List<Double> painted = new ArrayList<>();
        for (ItemResult r : ResultRows.read(items, rows, conf)) {
            if (r.status() == ItemResult.Status.PENDING) {
                continue;
            }
            ended.add(r.item().output());
            if (r.status() == ItemResult.Status.DONE) {
                painted.add(r.seconds());
            }
            if (told.add(r.item().output())) {
                listener.ended(r, told.size(), items.size());
            }
        }
        Map<String, ItemProgress> progress = ResultRows.readProgress(items, rows, conf);
        List<ItemProgress> running = items.stream().filter(i -> !ended.contains(i.output()))
                .map(i -> progress.get(i.output())).filter(Objects::nonNull).toList();
        if (!running.isEmpty()) {
            double left = BatchTimeLeft.seconds(running.stream()
                    .map(p -> new BatchTimeLeft.Running(p.seconds(), p.secondsLeft())).toList(), painted,
                    items.size() - ended.size() - running.size(), running.size());
            listener.running(running, ended.size(), items.size(), left);
        }
    }

    private void lookQuietly() {
        try {
            look();
        } catch (IOException | RuntimeException e) {
            // A row being written, or a file system's hiccup: the next look, or the last one, reads it.
        }
    }

    /** Stops looking; the job's end reads every row once more itself. */
    @Override
    public void close() {
        timer.shutdownNow();
        try {
            timer.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
