package io.neuralstyle.spark;

import io.neuralstyle.batch.BatchItem;
import io.neuralstyle.batch.ItemResult;
import io.neuralstyle.batch.ItemRunner;
import io.neuralstyle.model.Weights;
import io.neuralstyle.transfer.Listener;
import io.neuralstyle.transfer.ResultText;
import io.neuralstyle.transfer.RunRequest;
import io.neuralstyle.transfer.Settings;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.function.VoidFunction;
import org.apache.spark.broadcast.Broadcast;

/**
 * One task: the items of a partition, painted one after another by the core's {@link ItemRunner} on
 * this executor's weights (read once per JVM), outputs written through Hadoop's file systems, each
 * item's result row written as soon as it ends ({@link ResultRows}). Each item saves its state beside
 * its output as it goes ({@link HadoopCheckpoint}): a task lost with its executor is retried by Spark
 * elsewhere, and goes on from there.
 */
final class RunItems implements VoidFunction<Iterator<BatchItem>> {
    private static final long serialVersionUID = 1L;
    private final Broadcast<JobSpec> spec;

    RunItems(Broadcast<JobSpec> spec) {
        this.spec = spec;
    }

    @Override
    public void call(Iterator<BatchItem> items) {
        JobSpec job = spec.value();
        Configuration conf = SparkHadoopConf.configuration();
        ExecutorMemory.declare();
        Weights weights = ExecutorWeights.get(job.weights(), conf);
        TaskContext task = TaskContext.get();
        String attempt = job.application() + (task == null ? "" : "-" + task.stageId() + "-" + task.partitionId() + "-"
                + task.attemptNumber());
        HadoopFiles files = new HadoopFiles(conf, attempt, job.failOnce());
        Duration every = job.checkpointEvery();
        ItemRunner runner = new ItemRunner(weights, job.settings(), files,
                (item, settings) -> resultText(item, settings, weights.source()),
                item -> every == null ? null : new HadoopCheckpoint(item.output(), conf, files),
                every == null ? RunRequest.DEFAULT_CHECKPOINT_INTERVAL : every,
                note -> System.err.println("neural-style: " + note), job.replace());
        items.forEachRemaining(item -> {
            job.poison().check(item.name());
            ItemResult result = runner.run(item, progressRows(item, job, conf));
            ResultRows.write(result, job.results(), conf);
        });
    }

    /** Writes how far the item is for the driver to read: at its first iteration, then every so often. */
    private static Listener progressRows(BatchItem item, JobSpec job, Configuration conf) {
        long start = System.nanoTime();
        long every = job.progressEvery().toNanos();
        long[] last = {Long.MIN_VALUE};
        return p -> {
            long now = System.nanoTime();
            if (last[0] == Long.MIN_VALUE || now - last[0] >= every) {
                last[0] = now;
                try {
                    ResultRows.writeProgress(new ItemProgress(item, p.iteration(), p.iterations(),
                            (now - start) / 1e9, p.secondsLeft()), job.results(), conf);
                } catch (UncheckedIOException e) {
                    // A file system's hiccup costs the driver one report, never the item its run.
                }
            }
            return true;
        };
    }

    /** The text chunks of an output, as every front end writes them (see {@link ResultText}). */
    static Map<String, String> resultText(BatchItem item, Settings settings, String weightsSource) {
        return ResultText.of("neural-style-spark", settings, weightsSource, item.content(), List.of(item.style()),
                List.of());
    }
}
