package io.neuralstyle.spark;

import io.neuralstyle.batch.ItemResult;
import io.neuralstyle.batch.ManifestException;
import io.neuralstyle.image.ImageException;
import io.neuralstyle.model.WeightsException;
import io.neuralstyle.transfer.SettingsException;
import io.neuralstyle.transfer.SettingsFile;
import java.nio.file.Path;
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
            "Exit codes: 0 all done or skipped, 1 an item failed (see results.csv), 2 bad options."})
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

    @Option(names = "--settings", paramLabel = "FILE.json", description = "Settings for every row, from a JSON file.")
    Path settingsFile;

    @Option(names = "--set", paramLabel = "KEY=VALUE",
            description = "A setting for every row, by the key of neural-style's option (size=256, style-weight=30);"
                    + " repeat it for several; overrides --settings.")
    Map<String, String> set = new LinkedHashMap<>();

    @Option(names = "--master", paramLabel = "URL",
            description = "Spark's master. Default: spark-submit's, else local[2] (this machine, two tasks at once).")
    String master;

    public static void main(String[] args) {
        System.exit(run(args));
    }

    static int run(String... args) {
        CommandLine cl = new CommandLine(new SparkBatch());
        cl.setExecutionExceptionHandler((e, commandLine, parsed) -> {
            boolean user = e instanceof SettingsException || e instanceof ManifestException
                    || e instanceof ImageException || e instanceof WeightsException
                    || e instanceof IllegalArgumentException;
            commandLine.getErr().println("neural-style-spark: " + (user ? e.getMessage()
                    : "unexpected error: " + e + " (the stack trace follows)"));
            if (!user) {
                e.printStackTrace(commandLine.getErr());
            }
            return 1;
        });
        return cl.execute(args);
    }

    @Override
    public Integer call() throws Exception {
        Map<String, String> settings = new LinkedHashMap<>();
        if (settingsFile != null) {
            settings.putAll(SettingsFile.read(settingsFile));
        }
        settings.putAll(set);
        SparkSession.Builder builder = SparkSession.builder().appName("neural-style batch");
        if (master != null) {
            builder.master(master);
        } else if (!new SparkConf().contains("spark.master")) {
            builder.master("local[2]");
        }
        SparkSession spark = builder.getOrCreate();
        try {
            long start = System.nanoTime();
            List<ItemResult> results = new BatchJob(spark).run(manifest, outputDir, weights, settings);
            return summary(results, (System.nanoTime() - start) / 1e9);
        } finally {
            spark.stop();
        }
    }

    private int summary(List<ItemResult> results, double seconds) {
        Map<ItemResult.Status, Integer> counts = new EnumMap<>(ItemResult.Status.class);
        results.forEach(r -> counts.merge(r.status(), 1, Integer::sum));
        for (ItemResult r : results) {
            if (r.status() == ItemResult.Status.FAILED) {
                System.err.println("neural-style-spark: " + r.item().name() + " failed: " + r.message());
            }
        }
        System.err.printf(Locale.ROOT, "%d items: %d done, %d skipped, %d failed in %.0f s; results: %s/%s%n",
                results.size(), counts.getOrDefault(ItemResult.Status.DONE, 0),
                counts.getOrDefault(ItemResult.Status.SKIPPED, 0), counts.getOrDefault(ItemResult.Status.FAILED, 0),
                seconds, outputDir, BatchJob.REPORT_CSV);
        return counts.containsKey(ItemResult.Status.FAILED) ? 1 : 0;
    }
}
