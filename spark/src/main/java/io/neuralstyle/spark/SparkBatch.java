package io.neuralstyle.spark;

import io.neuralstyle.batch.ItemResult;
import io.neuralstyle.batch.ManifestException;
import io.neuralstyle.image.ImageException;
import io.neuralstyle.model.WeightsException;
import io.neuralstyle.transfer.Durations;
import io.neuralstyle.transfer.RunRequest;
import io.neuralstyle.transfer.SettingsException;
import io.neuralstyle.transfer.SettingsFile;
import io.neuralstyle.transfer.Settings;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.spark.SparkConf;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code neural-style-spark}: a batch manifest painted on Apache Spark. The main class for spark-submit. */
@Command(name = "neural-style-spark", mixinStandardHelpOptions = true, sortOptions = false, usageHelpAutoWidth = true,
        description = {"Paints the rows of a batch manifest (as neural-style batch --manifest reads) on Apache"
            + " Spark: one item per task, the weights read once per executor, outputs written atomically through"
            + " Hadoop's file systems, items already done skipped, and a results table beside the outputs.", ""},
        footerHeading = "%nExamples:%n",
        footer = {
            "  neural-style-spark --manifest jobs.csv --output-dir out/ --weights ../shared/models/vgg19-q8",
            "      in Spark's local mode on this machine (--master local[2])",
            "  neural-style-spark --manifest jobs.csv --output-dir out/ --set size=256 --set style-weight=30",
            "      settings for every row (a row's own columns override them)",
            "Exit codes: 0 the job ran to its end (items that failed are in results.csv and the summary: a"
                + " cluster manager does not run the whole application again for them), 1 the job itself failed"
                + " or was aborted (results.csv still lists what was finished), 2 bad options, manifest or settings."})
public final class SparkBatch implements Callable<Integer> {
    @Option(names = "--manifest", required = true, paramLabel = "CSV",
            description = "The manifest: columns content, style, optionally output and settings; any path Hadoop reads.")
    String manifest;

    @Option(names = "--output-dir", required = true, paramLabel = "FOLDER",
            description = "Where outputs (CONTENT-STYLE.png) and results.csv / results.parquet go.")
    String outputDir;

    @Option(names = "--weights", paramLabel = "PATH",
            description = "The VGG19 weights on every executor: a local path or Hadoop URI (copied to each executor"
                    + " once). Default: $NEURAL_STYLE_WEIGHTS, else the cache of neural-style.")
    String weights;

    @Option(names = "--settings", paramLabel = "FILE.json",
            description = "Settings for every row, from a JSON file; any path Hadoop reads, as --manifest.")
    String settingsFile;

    @Option(names = "--set", paramLabel = "KEY=VALUE",
            description = "A setting for every row, by the key of neural-style's option (size=256, style-weight=30);"
                    + " repeat it for several; overrides --settings.")
    Map<String, String> set = new LinkedHashMap<>();

    @Option(names = "--replace",
            description = "Paint again over outputs that hold another picture (made with other settings or inputs);"
                    + " without it such an item fails and its old picture is kept.")
    boolean replace;

    @Option(names = "--checkpoint-every", paramLabel = "SECONDS",
            description = "Save each running item's state to OUTPUT.checkpoint beside its output every SECONDS of"
                    + " work: a task lost with its executor goes on from there on another. 0: never."
                    + " Default: ${DEFAULT-VALUE}.")
    long checkpointEvery = RunRequest.DEFAULT_CHECKPOINT_INTERVAL.toSeconds();

    @Option(names = "--master", paramLabel = "URL",
            description = "Spark's master. Default: spark-submit's, else local[2] (this machine, two tasks at once).")
    String master;

    public static void main(String[] args) {
        System.exit(run(args));
    }

    static int run(String... args) {
        return run(new PrintWriter(System.err, true), args);
    }

    /** Runs the command line, its one-line errors to {@code err}; returns the exit code. */
    static int run(PrintWriter err, String... args) {
        CommandLine cl = new CommandLine(new SparkBatch());
        cl.setErr(err);
        cl.setParameterExceptionHandler((e, given) -> {
            e.getCommandLine().getErr().println("neural-style-spark: " + e.getMessage()
                    + "; see 'neural-style-spark --help'");
            return 2;
        });
        cl.setExecutionExceptionHandler((e, commandLine, parsed) -> {
            boolean usage = e instanceof SettingsException || e instanceof ManifestException
                    || e instanceof IllegalArgumentException;
            boolean user = usage || e instanceof ImageException || e instanceof WeightsException
                    || e instanceof JobAbortedException;
            String message = e instanceof SettingsException se ? se.message(key -> key) : e.getMessage();
            commandLine.getErr().println("neural-style-spark: " + (user ? message
                    : "unexpected error: " + e + " (the stack trace follows)"));
            if (!user) {
                e.printStackTrace(commandLine.getErr());
            }
            return usage ? 2 : 1;
        });
        return cl.execute(args);
    }

    @Override
    public Integer call() throws Exception {
        Map<String, String> settings = new LinkedHashMap<>();
        if (settingsFile != null) {
            settings.putAll(readSettings(settingsFile));
        }
        settings.putAll(set);
        Settings.builder().set(settings).build(); // a bad setting stops the job before Spark starts
        if (checkpointEvery < 0) {
            throw new IllegalArgumentException("--checkpoint-every must be 0 or more, got " + checkpointEvery);
        }
        SparkSession.Builder builder = SparkSession.builder().appName("neural-style batch");
        if (master != null) {
            checkMaster(master);
            builder.master(master);
        } else if (!new SparkConf().contains("spark.master")) {
            builder.master("local[2]");
        }
        SparkSession spark;
        try {
            spark = builder.getOrCreate();
        } catch (RuntimeException e) {
            throw new JobAbortedException("Spark could not start (" + firstLine(e) + "): check --master and the"
                    + " cluster's address", e);
        }
        try {
            long start = System.nanoTime();
            Duration checkpoints = checkpointEvery > 0 ? Duration.ofSeconds(checkpointEvery) : null;
            List<ItemResult> results = new BatchJob(spark, new DriverLines(), BatchJob.WATCH_EVERY).run(manifest,
                    outputDir, weights, settings, replace, checkpoints);
            return summary(results, (System.nanoTime() - start) / 1e9);
        } finally {
            spark.stop();
        }
    }

    /**
     * Refuses, before Spark starts, a master that spark-submit would refuse too (its rule: local...,
     * spark://, yarn, k8s://), so that a typo is one line instead of Spark's stack trace.
     */
    static void checkMaster(String master) {
        if (!(master.equals("yarn") || master.startsWith("local") || master.startsWith("spark://")
                || master.startsWith("k8s://"))) {
            throw new IllegalArgumentException("--master " + master + ": Spark takes local[N], spark://HOST:PORT,"
                    + " yarn or k8s://https://HOST:PORT");
        }
    }

    /** A settings file on any file system Hadoop reads. */
    private static Map<String, String> readSettings(String location) throws IOException {
        org.apache.hadoop.fs.Path path = new org.apache.hadoop.fs.Path(location);
        byte[] json;
        try (InputStream in = path.getFileSystem(SparkHadoopConf.configuration(new SparkConf())).open(path)) {
            json = in.readAllBytes();
        } catch (FileNotFoundException e) {
            throw new IllegalArgumentException("--settings " + location + ": no such file");
        }
        try {
            return SettingsFile.parse(new String(json, StandardCharsets.UTF_8), location);
        } catch (IOException e) {
            throw new IllegalArgumentException("--settings " + e.getMessage(), e);
        } catch (SettingsException e) {
            throw new IllegalArgumentException(e.setting() + " in " + location + ": " + e.problem(), e);
        }
    }

    /**
     * The driver's progress: a line as each item ends, and one for the items running (their iteration
     * and the job's time left) when another item has ended since, else every {@link #RUNNING_EVERY}.
     */
    static final class DriverLines implements ItemWatch.Listener {
        static final Duration RUNNING_EVERY = Duration.ofSeconds(30);
        private long lastRunning = System.nanoTime();
        private boolean endedSince;

        @Override
        public void ended(ItemResult r, int ended, int items) {
            String how = switch (r.status()) {
                case DONE -> "done in " + Durations.format(r.seconds());
                case SKIPPED -> "skipped (already painted)";
                default -> "failed: " + r.message();
            };
            System.err.printf(Locale.ROOT, "neural-style-spark: %d of %d items ended: %s %s%n", ended, items,
                    r.item().name(), how);
            endedSince = true;
        }

        @Override
        public void running(List<ItemProgress> running, int ended, int items, double secondsLeft) {
            long now = System.nanoTime();
            if (!endedSince && now - lastRunning < RUNNING_EVERY.toNanos()) {
                return;
            }
            lastRunning = now;
            endedSince = false;
            System.err.println(line(running, ended, items, secondsLeft));
        }

        /** The running items a line names; the others are counted. */
        static final int NAMED = 4;

        /** "neural-style-spark: 1 of 4 items ended; running: a.png at iteration 120 of 600, ...; about 3 min left" */
        static String line(List<ItemProgress> running, int ended, int items, double secondsLeft) {
            String each = String.join(", ", running.stream().limit(NAMED).map(p -> String.format(Locale.ROOT,
                    "%s at iteration %d of %d", p.item().name(), p.iteration(), p.iterations())).toList())
                    + (running.size() > NAMED ? " and " + (running.size() - NAMED) + " more" : "");
            return String.format(Locale.ROOT, "neural-style-spark: %d of %d items ended; running: %s; %s", ended,
                    items, each, Double.isNaN(secondsLeft) ? "time left not known yet"
                            : "about " + Durations.format(secondsLeft) + " left");
        }
    }

    private static String firstLine(Throwable e) {
        String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        return m.lines().findFirst().orElse("");
    }

    private int summary(List<ItemResult> results, double seconds) {
        Map<ItemResult.Status, Integer> counts = new EnumMap<>(ItemResult.Status.class);
        results.forEach(r -> counts.merge(r.status(), 1, Integer::sum));
        for (ItemResult r : results) {
            if (r.status() == ItemResult.Status.FAILED) {
                System.err.println("neural-style-spark: " + r.item().name() + " failed: " + r.message());
            }
        }
        int failed = counts.getOrDefault(ItemResult.Status.FAILED, 0);
        System.err.printf(Locale.ROOT, "%d items: %d done, %d skipped, %d failed in %.0f s; results: %s/%s%s%n",
                results.size(), counts.getOrDefault(ItemResult.Status.DONE, 0),
                counts.getOrDefault(ItemResult.Status.SKIPPED, 0), failed, seconds, outputDir, BatchJob.REPORT_CSV,
                failed > 0 ? " (the job still exits 0: fix those rows and run it again, done items are skipped)" : "");
        // Item failures are the results' business: a non-zero exit would make YARN run the whole application again.
        return 0;
    }
}
