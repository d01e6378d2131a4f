package io.neuralstyle.spark;

import io.neuralstyle.batch.BatchItem;
import io.neuralstyle.batch.BatchReport;
import io.neuralstyle.batch.ItemResult;
import io.neuralstyle.batch.Manifest;
import io.neuralstyle.transfer.SettingKey;
import io.neuralstyle.transfer.Settings;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * A batch on Spark: the manifest's rows, one partition each, painted by {@link RunItems} on the
 * executors, and a results table beside the outputs ({@value #REPORT_CSV}, the same columns as
 * {@code neural-style batch}'s report, and {@value #REPORT_PARQUET} for Spark SQL).
 */
final class BatchJob {
    static final String REPORT_CSV = "results.csv";
    static final String REPORT_PARQUET = "results.parquet";

    /** How often the driver reads the rows of the items that ended, to tell them while the job runs. */
    static final Duration WATCH_EVERY = Duration.ofSeconds(5);

    private final SparkSession spark;
    private final ItemWatch.Listener progress;
    private final Duration watchEvery;

    BatchJob(SparkSession spark) {
        this(spark, (result, ended, items) -> { }, WATCH_EVERY);
    }

    /** A job that tells {@code progress} of each item as it ends, looking every {@code watchEvery}. */
    BatchJob(SparkSession spark, ItemWatch.Listener progress, Duration watchEvery) {
        this.spark = spark;
        this.progress = progress;
        this.watchEvery = watchEvery;
    }

    /**
     * Runs the manifest's items and writes the results table.
     *
     * @param manifest  a CSV file as {@code neural-style batch --manifest} reads, on any Hadoop file system;
     *                  relative images are found from its folder
     * @param outputDir where relative outputs (and CONTENT-STYLE.png) go, and the results table
     * @param weights   a local path or Hadoop URI of the weights on every executor, or null for the usual places
     * @param settings  the batch's settings as text by key; {@code threads} defaults to {@code spark.task.cpus}
     * @param replace   whether outputs holding another picture are painted again over it (else those items fail)
     * @param checkpointEvery how often a running item saves its state beside its output, for an attempt on
     *                  another executor to go on from; null for never
     */
    List<ItemResult> run(String manifest, String outputDir, String weights, Map<String, String> settings,
            boolean replace, Duration checkpointEvery) throws IOException {
        Configuration conf = spark.sparkContext().hadoopConfiguration();
        Map<String, String> batchSettings = new LinkedHashMap<>(settings);
        // TensorFlow's threads: the cores Spark gives each task, so that concurrent tasks do not contend.
        batchSettings.putIfAbsent(SettingKey.THREADS.key(), spark.conf().get("spark.task.cpus", "1"));
        Settings.builder().set(batchSettings).build(); // a bad setting stops the job before it starts

        Path out = qualified(new Path(outputDir), conf);
        List<BatchItem> items = items(qualified(new Path(manifest), conf), out, conf);
        out.getFileSystem(conf).mkdirs(out);

        JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        String application = jsc.sc().applicationId();
        Path rows = ResultRows.folder(out, application);
        List<BatchItem> usable = items.stream().filter(BatchItem::usable).toList();
        Broadcast<JobSpec> spec = jsc.broadcast(new JobSpec(weights, batchSettings, application, replace,
                checkpointEvery, rows.toString(), watchEvery, new FailOnce(spark.conf().get(FailOnce.SETTING, null)),
                new Poison(spark.conf().get(Poison.SETTING, null))));
        Exception aborted = null;
        try (ItemWatch watch = new ItemWatch(usable, rows, conf, watchEvery, progress)) {
            try {
                if (!usable.isEmpty()) {
                    jsc.parallelize(usable, usable.size()).foreachPartition(new RunItems(spec));
                }
            } catch (Exception e) { // Spark's SparkException, which Java does not see declared
                aborted = e; // the table still gets the rows of the items that ended
            } finally {
                spec.destroy();
            }
            watch.look(); // the items that ended since its last look
        }
        Map<String, ItemResult> ended = new HashMap<>();
        ResultRows.read(usable, rows, conf).forEach(r -> ended.put(r.item().output(), r));
        List<ItemResult> results = new ArrayList<>();
        for (BatchItem item : items) {
            results.add(item.usable() ? ended.get(item.output())
                    : new ItemResult(item, ItemResult.Status.FAILED, 0, Double.NaN, item.problem()));
        }
        writeResults(results, out, conf);
        if (aborted != null) {
            long finished = results.stream().filter(r -> r.status() != ItemResult.Status.PENDING).count();
            throw new JobAbortedException("Spark aborted the job (" + firstLine(aborted) + "); " + out + "/"
                    + REPORT_CSV + " lists the " + finished + " items that ended: see the executors' logs for the"
                    + " item that failed every attempt, fix or remove its row, and run the job again", aborted);
        }
        ResultRows.remove(rows, conf);
        return results;
    }

    private static String firstLine(Throwable e) {
        String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        return m.lines().findFirst().orElse("");
    }

    private static List<BatchItem> items(Path manifest, Path out, Configuration conf) throws IOException {
        FileSystem fs = manifest.getFileSystem(conf);
        if (!fs.exists(manifest)) {
            throw new IllegalArgumentException("--manifest " + manifest + ": no such file");
        }
        Path base = manifest.getParent();
        try (Reader in = new InputStreamReader(fs.open(manifest), StandardCharsets.UTF_8)) {
            return Manifest.read(in, manifest.toString(), cell -> qualified(new Path(base, cell), conf).toString(),
                    cell -> qualified(new Path(out, cell), conf).toString());
        }
    }

    private static Path qualified(Path p, Configuration conf) {
        try {
            return p.getFileSystem(conf).makeQualified(p);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** results.csv (as the command line's report) all at once, and results.parquet. */
    private void writeResults(List<ItemResult> results, Path out, Configuration conf) throws IOException {
        FileSystem fs = out.getFileSystem(conf);
        fs.setWriteChecksum(false);
        Path csv = new Path(out, REPORT_CSV);
        Path temp = new Path(out, "." + REPORT_CSV + HadoopFiles.TEMP_INFIX + System.nanoTime());
        try (OutputStream stream = fs.create(temp, true)) {
            BatchReport.write(results, stream);
        }
        fs.delete(csv, false);
        if (!fs.rename(temp, csv)) {
            throw new IOException("could not rename " + temp + " to " + csv);
        }
        StructType schema = new StructType()
                .add("item", DataTypes.StringType).add("content", DataTypes.StringType)
                .add("style", DataTypes.StringType).add("output", DataTypes.StringType)
                .add("status", DataTypes.StringType).add("seconds", DataTypes.DoubleType)
                .add("loss", DataTypes.DoubleType, true).add("message", DataTypes.StringType);
        List<Row> rows = results.stream().map(r -> RowFactory.create(r.item().name(), r.item().content(),
                r.item().style(), r.item().output(), r.status().text(), r.seconds(),
                Double.isNaN(r.loss()) ? null : r.loss(), r.message())).toList();
        spark.createDataFrame(rows, schema).coalesce(1).write().mode(SaveMode.Overwrite)
                .parquet(new Path(out, REPORT_PARQUET).toString());
    }
}
