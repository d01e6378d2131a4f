package io.neuralstyle.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.neuralstyle.SharedData;
import io.neuralstyle.batch.ItemResult;
import io.neuralstyle.transfer.MemoryEstimate;
import io.neuralstyle.transfer.ProcessMemory;
import io.neuralstyle.transfer.RunRequest;
import io.neuralstyle.transfer.Settings;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** neural-style-spark as a cluster user meets it: options, exit codes, what travels, what a job leaves. */
class SparkCommandTest {
    @TempDir
    Path dir;

    record Outcome(int exitCode, List<String> err) {
    }

    private static Outcome run(String... args) {
        StringWriter err = new StringWriter();
        int code = SparkBatch.run(new PrintWriter(err, true), args);
        return new Outcome(code, err.toString().lines().toList());
    }

    private Path manifest(String rows) throws IOException {
        return Files.writeString(dir.resolve("jobs.csv"), "content,style\n" + rows);
    }

    @Test
    void settingsComeFromAnyHadoopUriAsTheManifestDoes() throws IOException {
        Path json = Files.writeString(dir.resolve("settings.json"), "{\"size\": \"abc\"}");
        Outcome o = run("--manifest", manifest("a.jpg,b.jpg\n").toString(), "--output-dir", dir.resolve("out").toString(),
                "--settings", json.toUri().toString());
        assertEquals(2, o.exitCode(), o.err().toString());
        assertEquals(1, o.err().size(), o.err().toString());
        assertTrue(o.err().get(0).contains("size") && o.err().get(0).contains("abc"), o.err().toString());
        Outcome missing = run("--manifest", "jobs.csv", "--output-dir", "out", "--settings",
                dir.resolve("none.json").toUri().toString());
        assertEquals(2, missing.exitCode());
        assertTrue(missing.err().get(0).endsWith("none.json: no such file"), missing.err().toString());
    }

    @Test
    void aNegativeCheckpointIntervalIsOneLineAndExitCode2() throws IOException {
        Outcome o = run("--manifest", manifest("a.jpg,b.jpg\n").toString(), "--output-dir", dir.resolve("out").toString(),
                "--checkpoint-every", "-5");
        assertEquals(2, o.exitCode());
        assertEquals(List.of("neural-style-spark: --checkpoint-every must be 0 or more, got -5"), o.err());
    }

    @Test
    void aMasterSparkCannotUseIsOneLineAndExitCode2() throws IOException {
        Outcome o = run("--manifest", manifest("a.jpg,b.jpg\n").toString(), "--output-dir", dir.resolve("out").toString(),
                "--master", "bogus://x");
        assertEquals(2, o.exitCode());
        assertEquals(List.of("neural-style-spark: --master bogus://x: Spark takes local[N], spark://HOST:PORT, yarn or"
                + " k8s://https://HOST:PORT"), o.err());
    }

    @Test
    void failedItemsAreInTheResultsAndTheApplicationStillExitsZero() throws IOException {
        String weights = SharedData.orSkip("models/vgg19-q8").toString();
        String starry = SharedData.orSkip("images/starry_night.jpg").toString();
        Path json = Files.writeString(dir.resolve("settings.json"), "{\"size\": 32, \"iterations\": 2}");
        Path out = dir.resolve("out");
        Outcome o = run("--manifest", manifest("missing.jpg," + starry + "\n" + starry + ",\n").toString(),
                "--output-dir", out.toString(), "--weights", weights, "--master", "local[1]",
                "--settings", json.toUri().toString());
        assertEquals(0, o.exitCode(), "YARN re-runs a whole application that exits non-zero: " + o.err());
        String results = Files.readString(out.resolve(BatchJob.REPORT_CSV));
        assertTrue(results.contains("missing.jpg: no such file") && results.contains("the style cell is empty"), results);
        assertEquals(2, results.lines().filter(l -> l.contains(",failed,")).count(), results);
        assertFalse(Files.exists(out.resolve(ResultRows.FOLDER)), "the rows' folder goes once the table is written");
    }

    @Test
    void anAbortedJobLeavesTheTableOfTheItemsThatEnded() throws IOException {
        String weights = SharedData.orSkip("models/vgg19-q8").toString();
        String tubingen = SharedData.orSkip("images/tubingen.jpg").toString();
        String starry = SharedData.orSkip("images/starry_night.jpg").toString();
        String scream = SharedData.orSkip("images/the_scream.jpg").toString();
        Path jobs = manifest(tubingen + "," + starry + "\n" + tubingen + "," + scream + "\n");
        Path out = dir.resolve("out");
        SparkSession spark = SparkSession.builder().master("local[1,2]").appName("SparkCommandTest")
                .config("spark.ui.enabled", "false").config(Poison.SETTING, "tubingen-the_scream.png")
                .config("spark.hadoop.neural-style.test.visible", "yes").getOrCreate();
        try {
            // A secret set on the driver's own Hadoop configuration must not reach the executors.
            spark.sparkContext().hadoopConfiguration().set("fs.s3a.secret.key", "SECRET");
            List<String> seen = JavaSparkContext.fromSparkContext(spark.sparkContext()).parallelize(List.of(1), 1)
                    .map(x -> {
                        Configuration c = SparkHadoopConf.configuration();
                        return c.get("fs.s3a.secret.key") + "," + c.get("neural-style.test.visible");
                    }).collect();
            assertEquals(List.of("null,yes"), seen, "executors see spark.hadoop.* only");

            JobAbortedException e = assertThrows(JobAbortedException.class, () -> new BatchJob(spark).run(
                    jobs.toString(), out.toString(), weights, Map.of("size", "32", "iterations", "2"), false, RunRequest.DEFAULT_CHECKPOINT_INTERVAL));
            assertTrue(e.getMessage().contains("lists the 1 items that ended"), e.getMessage());
        } finally {
            spark.stop();
        }
        String results = Files.readString(out.resolve(BatchJob.REPORT_CSV));
        assertTrue(results.contains("tubingen-starry_night.png,done,"), results);
        assertTrue(results.contains("tubingen-the_scream.png,pending,"), results);
    }

    @Test
    void onlyOldTemporaryFilesAreTakenForKilledWriters() throws IOException {
        Path out = Files.createDirectories(dir.resolve("out"));
        Path old = Files.writeString(out.resolve(".x.png" + HadoopFiles.TEMP_INFIX + "app-1-0-0-0"), "killed");
        Files.setLastModifiedTime(old, FileTime.from(Instant.now().minus(HadoopFiles.LEFTOVER_AGE.multipliedBy(2))));
        Path running = Files.writeString(out.resolve(".x.png" + HadoopFiles.TEMP_INFIX + "app-2-0-0-0"), "copying");
        new HadoopFiles(new Configuration(), "app-3", FailOnce.NEVER).removeLeftovers(out.resolve("x.png").toString());
        assertFalse(Files.exists(old), "a killed attempt's, long ago");
        assertTrue(Files.exists(running), "another running job's is left alone");
    }

    @Test
    void anExecutorsContainerBoundsEachTasksAutomaticMemory() {
        SparkConf conf = new SparkConf(false).set("spark.master", "spark://host:7077")
                .set("spark.executor.memory", "4g").set("spark.executor.memoryOverhead", "2g")
                .set("spark.executor.cores", "4").set("spark.task.cpus", "2");
        try {
            ExecutorMemory.declare(conf, 16);
            assertTrue(MemoryEstimate.budget(Settings.builder().build()) <= 3L << 30,
                    "6 GiB of container for two tasks at once: 3 GiB each at most");
        } finally {
            ProcessMemory.share(Long.MAX_VALUE, 1);
        }
    }
}
