package io.neuralstyle.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.neuralstyle.SharedData;
import io.neuralstyle.image.ImageReader;
import io.neuralstyle.transfer.Checkpoint;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The job on a real Spark standalone cluster: a master and two workers, each in its own JVM on
 * loopback, the job submitted as a user submits it (SparkSubmit, what bin/spark-submit runs) with the
 * single application jar the build makes, in client mode. Four items at 32 px, one a broken photo:
 * every good output exactly once and bit-identical to neural-style batch's, both executors used,
 * every JVM stopped at the end.
 */
@Tag("slow") // four JVMs and two TensorFlow starts; left out by -Pfast
class ClusterTest {
    private static final List<String> GOOD = List.of("tubingen-starry_night.png", "tubingen-the_scream.png",
            "hoovertowernight-starry_night.png");

    @TempDir
    Path dir;

    @Test
    void fourItemsOneBrokenOnTwoExecutorsEqualToTheBatchCommand() throws Exception {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(6);
        String weights = SharedData.orSkip("models/vgg19-q8").toString();
        Path appJar = applicationJarOrSkip();
        Path photos = Files.createDirectories(dir.resolve("photos"));
        Files.copy(SharedData.orSkip("images/tubingen.jpg"), photos.resolve("tubingen.jpg"));
        Files.copy(SharedData.orSkip("images/hoovertowernight.jpg"), photos.resolve("hoovertowernight.jpg"));
        Files.write(photos.resolve("broken.jpg"), Arrays.copyOf(Files.readAllBytes(
                SharedData.orSkip("images/the_scream.jpg")), 1500));
        String starry = SharedData.orSkip("images/starry_night.jpg").toString();
        String scream = SharedData.orSkip("images/the_scream.jpg").toString();
        Path manifest = Files.writeString(dir.resolve("jobs.csv"), "content,style\n"
                + "photos/tubingen.jpg," + starry + "\n"
                + "photos/tubingen.jpg," + scream + "\n"
                + "photos/broken.jpg," + starry + "\n"
                + "photos/hoovertowernight.jpg," + starry + "\n");
        Path out = dir.resolve("out");
        List<String> size = List.of("size=32", "iterations=5");

        int exit;
        Path driverLog = dir.resolve("driver.log");
        long start = System.nanoTime();
        try (LoopbackCluster cluster = new LoopbackCluster(dir, SPARK_LIB, 2, "3g", deadline)) {
            long up = System.nanoTime();
            Process driver = submit(cluster, appJar, driverLog, manifest, out, weights, size);
            long left = deadline - System.nanoTime();
            assertTrue(driver.waitFor(Math.max(1, left), TimeUnit.NANOSECONDS), "the job ran out of time: "
                    + Files.readString(driverLog));
            exit = driver.exitValue();
            System.out.printf("ClusterTest: master and 2 workers up in %.1f s, the job submitted and done in %.1f s%n",
                    (up - start) / 1e9, (System.nanoTime() - up) / 1e9);
            String log = Files.readString(driverLog);
            assertEquals(0, exit, "item failures are in the results, not the exit code: " + log);
            assertTrue(log.contains("4 items: 3 done, 0 skipped, 1 failed"), log);
            for (Path work : cluster.workerDirs()) {
                assertTrue(executorLogs(work).stream().anyMatch(l -> l.contains("Running task")),
                        "each worker's executor ran items: " + work);
            }
        }

        List<String> expected = Stream.concat(GOOD.stream(), Stream.of(BatchJob.REPORT_CSV, BatchJob.REPORT_PARQUET))
                .sorted().toList();
        try (Stream<Path> files = Files.list(out)) {
            assertEquals(expected, files.map(p -> p.getFileName().toString()).sorted().toList(),
                    "every output exactly once, nothing temporary left");
        }
        String results = Files.readString(out.resolve(BatchJob.REPORT_CSV));
        assertTrue(results.contains("broken-starry_night.png") && results.contains(",failed,"), results);

        long batchStart = System.nanoTime();
        Path byCommand = dir.resolve("by-command");
        int code = io.neuralstyle.cli.Main.run("batch", "--manifest", manifest.toString(), "--output-dir",
                byCommand.toString(), "--weights", weights, "--size", "32", "--iterations", "5", "--threads", "1",
                "--quiet");
        assertEquals(1, code, "the broken photo fails there too");
        System.out.printf("ClusterTest: neural-style batch on the same manifest in %.1f s%n",
                (System.nanoTime() - batchStart) / 1e9);
        for (String name : GOOD) {
            assertArrayEquals(ImageReader.read(byCommand.resolve(name)).data(), ImageReader.read(out.resolve(name)).data(),
                    name + ": the cluster's picture is neural-style batch's, bit for bit");
        }
    }

    /**
     * A worker killed (with its executor) while it paints the one item of the job: Spark runs the task
     * again on the other worker, which goes on from the checkpoint the first saved beside the output,
     * and the picture is the one an uninterrupted neural-style batch paints, bit for bit.
     */
    @Test
    void aWorkerKilledMidItemTheOtherGoesOnFromItsCheckpoint() throws Exception {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(6);
        String weights = SharedData.orSkip("models/vgg19-q8").toString();
        Path appJar = applicationJarOrSkip();
        String photo = SharedData.orSkip("images/tubingen.jpg").toString();
        String starry = SharedData.orSkip("images/starry_night.jpg").toString();
        Path manifest = Files.writeString(dir.resolve("jobs.csv"), "content,style\n" + photo + "," + starry + "\n");
        Path out = dir.resolve("out");
        Path checkpoint = out.resolve("tubingen-starry_night.checkpoint");
        List<String> size = List.of("size=96", "iterations=200");

        Path driverLog = dir.resolve("driver.log");
        int killed = -1;
        try (LoopbackCluster cluster = new LoopbackCluster(dir, SPARK_LIB, 2, "3g", deadline)) {
            Process driver = submit(cluster, appJar, driverLog, manifest, out, weights, size, "--checkpoint-every", "1");
            int saved = 0; // the iteration the checkpoint holds: the kill comes well into the run
            while (System.nanoTime() < deadline && driver.isAlive() && saved < KILL_AFTER) {
                saved = Files.exists(checkpoint) ? savedIteration(checkpoint) : 0;
                Thread.sleep(50); // polled until the deadline, not a fixed wait
            }
            assertTrue(saved >= KILL_AFTER, "a checkpoint beside the output while the item runs: "
                    + Files.readString(driverLog));
            for (int i = 0; i < 2 && killed < 0; i++) {
                if (executorLogs(cluster.workerDirs().get(i)).stream().anyMatch(l -> l.contains("Running task"))) {
                    killed = i;
                }
            }
            assertTrue(killed >= 0, "one worker's executor runs the item");
            cluster.killWorker(killed);
            System.out.println("ClusterTest: worker " + killed + " killed with its executor mid-item");
            long left = deadline - System.nanoTime();
            assertTrue(driver.waitFor(Math.max(1, left), TimeUnit.NANOSECONDS), "the job ran out of time: "
                    + Files.readString(driverLog));
            String log = Files.readString(driverLog);
            assertEquals(0, driver.exitValue(), log);
            assertTrue(log.contains("1 items: 1 done, 0 skipped, 0 failed"), log);
            List<String> survivor = executorLogs(cluster.workerDirs().get(1 - killed));
            String resumed = survivor.stream()
                    .filter(l -> l.contains("going on from") && l.contains(checkpoint.getFileName() + " (iteration"))
                    .findFirst().orElse("");
            Matcher at = Pattern.compile("\\(iteration (\\d+) of 200\\)").matcher(resumed);
            assertTrue(at.find() && Integer.parseInt(at.group(1)) >= KILL_AFTER,
                    "the other worker went on from the checkpoint, not from iteration 0: " + survivor);
            System.out.println("ClusterTest: " + resumed.trim());
        }
        assertTrue(Files.isRegularFile(out.resolve("tubingen-starry_night.png")));
        assertTrue(!Files.exists(checkpoint), "the checkpoint is removed once the output is written");

        Path byCommand = dir.resolve("by-command");
        assertEquals(0, io.neuralstyle.cli.Main.run("batch", "--manifest", manifest.toString(), "--output-dir",
                byCommand.toString(), "--weights", weights, "--size", "96", "--iterations", "200", "--threads", "1",
                "--quiet"));
        assertArrayEquals(ImageReader.read(byCommand.resolve("tubingen-starry_night.png")).data(),
                ImageReader.read(out.resolve("tubingen-starry_night.png")).data(),
                "the picture finished after the kill is the uninterrupted one, bit for bit");
    }

    /** The iteration of 200 the item's checkpoint must hold before its worker is killed. */
    private static final int KILL_AFTER = 40;
    private static final Path TARGET = Path.of("target").toAbsolutePath();
    private static final Path SPARK_LIB = TARGET.resolve("spark-lib");

    /** The application jar the build makes; the test is skipped, saying how to build it, when it is older than the classes. */
    private static Path applicationJarOrSkip() throws IOException {
        Path appJar = TARGET.resolve("neural-style-spark-app.jar");
        boolean built = Files.isRegularFile(appJar) && Files.isDirectory(SPARK_LIB) && Files.getLastModifiedTime(appJar)
                .compareTo(Files.getLastModifiedTime(TARGET.resolve("classes/io/neuralstyle/spark/RunItems.class"))) >= 0;
        if (!built) {
            System.out.println("[SKIPPED] ClusterTest: no application jar as new as the classes; build it with"
                    + " 'mvn -DskipTests -pl spark -am package', then run this test again");
        }
        Assumptions.assumeTrue(built, "the application jar is not built");
        return appJar;
    }

    /** The driver: SparkSubmit on Spark's jars and the application jar, in client mode, as bin/spark-submit starts it. */
    private static Process submit(LoopbackCluster cluster, Path appJar, Path driverLog, Path manifest, Path out,
            String weights, List<String> settings, String... options) throws IOException {
        String jvm = String.join(" ", LoopbackCluster.jvmOptions());
        List<String> submit = new ArrayList<>(List.of("--master", cluster.masterUrl(), "--deploy-mode", "client",
                "--class", SparkBatch.class.getName(),
                "--conf", "spark.driver.host=127.0.0.1", "--conf", "spark.driver.bindAddress=127.0.0.1",
                "--conf", "spark.ui.enabled=false", "--conf", "spark.cores.max=2",
                "--conf", "spark.executor.cores=1", "--conf", "spark.task.cpus=1",
                "--conf", "spark.executor.memory=1g", "--conf", "spark.executor.memoryOverhead=2g",
                "--conf", "spark.executor.extraJavaOptions=" + jvm,
                "--conf", "spark.executorEnv.TF_CPP_MIN_LOG_LEVEL=2",
                appJar.toString(),
                "--manifest", manifest.toString(), "--output-dir", out.toString(), "--weights", weights));
        settings.forEach(s -> submit.addAll(List.of("--set", s)));
        submit.addAll(List.of(options));
        return cluster.start(driverLog, "org.apache.spark.deploy.SparkSubmit", submit.toArray(String[]::new));
    }

    /** The iteration a checkpoint was saved after; 0 while it is being replaced. */
    private static int savedIteration(Path checkpoint) {
        try {
            Checkpoint c = Checkpoint.read(checkpoint);
            return c.iterationsBefore() + c.optimizer().iteration();
        } catch (RuntimeException e) {
            return 0;
        }
    }

    /** The lines of every executor's stderr under a worker's work folder. */
    private static List<String> executorLogs(Path work) throws IOException {
        List<String> lines = new ArrayList<>();
        try (Stream<Path> files = Files.walk(work)) {
            for (Path f : files.filter(p -> p.getFileName().toString().equals("stderr")).toList()) {
                lines.addAll(Files.readAllLines(f));
            }
        }
        return lines;
    }
}
