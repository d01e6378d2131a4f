package io.neuralstyle.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.neuralstyle.SharedData;
import io.neuralstyle.batch.ItemResult;
import io.neuralstyle.image.ImageReader;
import io.neuralstyle.image.ImageWriter;
import io.neuralstyle.transfer.ResultText;
import io.neuralstyle.transfer.RunRequest;
import io.neuralstyle.transfer.Settings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The batch on Spark in local mode, two tasks at once, each allowed two attempts: a manifest of four
 * items at 64 px, one of them a broken photo, the first task that writes an output made to fail
 * between writing its temporary file and renaming it.
 */
class BatchJobTest {
    private static final List<String> GOOD = List.of("tubingen-starry_night.png", "tubingen-the_scream.png",
            "hoovertowernight-starry_night.png");

    @TempDir
    Path dir;

    @Test
    void fourItemsOneBrokenOneRetriedEqualToTheBatchCommand() throws IOException {
        String weights = SharedData.orSkip("models/vgg19-q8").toString();
        Path photos = Files.createDirectories(dir.resolve("photos"));
        Files.copy(SharedData.orSkip("images/tubingen.jpg"), photos.resolve("tubingen.jpg"));
        Files.copy(SharedData.orSkip("images/hoovertowernight.jpg"), photos.resolve("hoovertowernight.jpg"));
        byte[] png = Files.readAllBytes(SharedData.orSkip("images/the_scream.jpg"));
        Files.write(photos.resolve("broken.jpg"), Arrays.copyOf(png, 1500));
        String starry = SharedData.orSkip("images/starry_night.jpg").toString();
        String scream = SharedData.orSkip("images/the_scream.jpg").toString();
        Path manifest = dir.resolve("jobs.csv");
        Files.writeString(manifest, "content,style\n"
                + "photos/tubingen.jpg," + starry + "\n"
                + "photos/tubingen.jpg," + scream + "\n"
                + "photos/broken.jpg," + starry + "\n"
                + "photos/hoovertowernight.jpg," + starry + "\n");
        Path out = dir.resolve("out");
        Path markers = Files.createDirectories(dir.resolve("failed-once"));
        Map<String, String> settings = Map.of("size", "64", "iterations", "10");

        SparkSession spark = SparkSession.builder().master("local[2,2]").appName("BatchJobTest")
                .config("spark.ui.enabled", "false").config(FailOnce.SETTING, markers.toString()).getOrCreate();
        List<ItemResult> results;
        List<ItemResult> again;
        List<Row> table;
        // The driver's progress: each item told once, the first while the others were still being painted.
        List<String> told = new java.util.concurrent.CopyOnWriteArrayList<>();
        List<Integer> outputsWhenFirstTold = new java.util.concurrent.CopyOnWriteArrayList<>();
        // And the items running, with the iteration their tasks wrote last and the job's time left.
        List<String> midItem = new java.util.concurrent.CopyOnWriteArrayList<>();
        List<Double> timesLeft = new java.util.concurrent.CopyOnWriteArrayList<>();
        ItemWatch.Listener progress = new ItemWatch.Listener() {
            @Override
            public void ended(ItemResult result, int ended, int items) {
                if (told.isEmpty()) {
                    outputsWhenFirstTold.add((int) GOOD.stream().filter(n -> Files.exists(out.resolve(n))).count());
                }
                told.add(ended + "/" + items + " " + result.item().name());
            }

            @Override
            public void running(List<ItemProgress> running, int ended, int items, double secondsLeft) {
                running.stream().filter(p -> p.iteration() > 0 && p.iteration() < p.iterations())
                        .forEach(p -> midItem.add(p.item().name() + " " + p.iteration() + "/" + p.iterations()));
                timesLeft.add(secondsLeft);
            }
        };
        try {
            BatchJob job = new BatchJob(spark, progress, java.time.Duration.ofMillis(100));
            results = job.run(manifest.toString(), out.toString(), weights, settings, false,
                    RunRequest.DEFAULT_CHECKPOINT_INTERVAL);
            table = spark.read().parquet(out.resolve(BatchJob.REPORT_PARQUET).toString()).collectAsList();
            again = new BatchJob(spark).run(manifest.toString(), out.toString(), weights, settings, false,
                    RunRequest.DEFAULT_CHECKPOINT_INTERVAL);
        } finally {
            spark.stop();
        }

        Map<String, ItemResult> byName = results.stream().collect(Collectors.toMap(r -> r.item().name(), r -> r));
        assertEquals(4, byName.size());
        assertEquals(4, told.size(), told.toString());
        assertEquals(byName.keySet(), told.stream().map(t -> t.substring(t.indexOf(' ') + 1))
                .collect(Collectors.toSet()), told.toString());
        assertEquals("4/4", told.get(3).substring(0, 3), told.toString());
        assertTrue(outputsWhenFirstTold.get(0) < GOOD.size(), "told while the job ran, not after: "
                + outputsWhenFirstTold + " of " + GOOD.size() + " outputs written at the first");
        assertTrue(!midItem.isEmpty() && midItem.stream().allMatch(m -> m.endsWith("/10")),
                "items told while they ran, with their iteration: " + midItem);
        assertTrue(timesLeft.stream().anyMatch(t -> t > 0 && Double.isFinite(t)), "a time left: " + timesLeft);
        GOOD.forEach(name -> assertEquals(ItemResult.Status.DONE, byName.get(name).status(), name));
        ItemResult broken = byName.get("broken-starry_night.png");
        assertEquals(ItemResult.Status.FAILED, broken.status());
        assertTrue(broken.message().contains("broken.jpg"), broken.message());
        assertTrue(!broken.message().contains("neural-style-in"), "names the user's file: " + broken.message());

        List<String> expected = Stream.concat(GOOD.stream(), Stream.of(BatchJob.REPORT_CSV, BatchJob.REPORT_PARQUET))
                .sorted().toList();
        assertEquals(expected, list(out), "one output per good item, no partial or temporary file");
        String failedOnce = Files.readString(markers.resolve(FailOnce.MARKER));
        assertTrue(GOOD.contains(failedOnce), "one task failed once, after writing its temporary file: " + failedOnce);
        assertEquals(ItemResult.Status.DONE, byName.get(failedOnce).status(), "Spark retried it");
        Map<String, Row> rows = new HashMap<>();
        table.forEach(r -> rows.put(r.getString(r.fieldIndex("item")), r));
        assertEquals("failed", rows.get("broken-starry_night.png").getString(rows.get("broken-starry_night.png")
                .fieldIndex("status")));
        assertTrue(rows.get("broken-starry_night.png").getString(rows.get("broken-starry_night.png")
                .fieldIndex("message")).contains("broken.jpg"));
        assertTrue(Files.readString(out.resolve(BatchJob.REPORT_CSV)).contains("broken.jpg"));
        again.forEach(r -> assertEquals(r.item().name().startsWith("broken") ? ItemResult.Status.FAILED
                : ItemResult.Status.SKIPPED, r.status(), r.item().name()));

        // The same items through neural-style batch, with the same settings (one thread, as each task had).
        Path byCommand = dir.resolve("by-command");
        int code = io.neuralstyle.cli.Main.run("batch", "--manifest", manifest.toString(), "--output-dir",
                byCommand.toString(), "--weights", weights, "--size", "64", "--iterations", "10", "--threads", "1",
                "--quiet");
        assertEquals(1, code, "the broken photo fails there too");
        for (String name : GOOD) {
            assertArrayEquals(ImageReader.read(byCommand.resolve(name)).data(), ImageReader.read(out.resolve(name)).data(),
                    name + ": the same image as neural-style batch's, bit for bit");
            Settings embedded = Settings.fromMap(ResultText.settingsIn(ImageWriter.readPngText(out.resolve(name))
                    .get("neural-style.settings")));
            assertEquals(64, embedded.size());
        }
    }

    private static List<String> list(Path folder) throws IOException {
        try (Stream<Path> files = Files.list(folder)) {
            return files.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }
}
