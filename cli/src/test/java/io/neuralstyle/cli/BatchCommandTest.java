package io.neuralstyle.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.neuralstyle.SharedData;
import io.neuralstyle.batch.ItemRunner;
import io.neuralstyle.image.ImageReader;
import io.neuralstyle.image.ImageWriter;
import io.neuralstyle.transfer.ResultText;
import io.neuralstyle.transfer.Settings;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code neural-style batch} on the real weights and pictures, at 64 px. */
class BatchCommandTest {
    private static final List<String> CONTENTS = List.of("tubingen", "hoovertowernight", "woman-with-hat-matisse");
    private static final List<String> STYLES = List.of("starry_night", "the_scream");

    @TempDir
    Path dir;

    private static String[] batch(List<String> args, String... more) {
        List<String> all = new ArrayList<>(List.of("batch", "--weights", SharedData.orSkip("models/vgg19-q8").toString(),
                "--size", "64", "--quiet"));
        all.addAll(args);
        all.addAll(List.of(more));
        return all.toArray(String[]::new);
    }

    private Path photos(String... names) throws IOException {
        Path folder = Files.createDirectories(dir.resolve("photos"));
        for (String name : names) {
            Files.copy(SharedData.orSkip("images/" + name + ".jpg"), folder.resolve(name + ".jpg"));
        }
        return folder;
    }

    /** The report's rows, by item. */
    private static Map<String, CSVRecord> report(Path file) throws IOException {
        Map<String, CSVRecord> rows = new HashMap<>();
        try (Reader in = Files.newBufferedReader(file)) {
            for (CSVRecord r : CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).get().parse(in)) {
                rows.put(r.get("item"), r);
            }
        }
        return rows;
    }

    private static List<String> expectedOutputs() {
        return CONTENTS.stream().flatMap(c -> STYLES.stream().map(s -> c + "-" + s + ".png")).sorted().toList();
    }

    private static List<String> files(Path folder) throws IOException {
        try (Stream<Path> list = Files.list(folder)) {
            return list.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void sixPicturesThenSkippedThenRedoneWithReplaceForAChangedSetting() throws IOException {
        Path photos = photos(CONTENTS.toArray(String[]::new));
        Path out = dir.resolve("out");
        List<String> args = new ArrayList<>(List.of("--content", photos.toString(), "--output-dir", out.toString(),
                "--iterations", "10"));
        for (String s : STYLES) {
            args.addAll(List.of("--style", SharedData.orSkip("images/" + s + ".jpg").toString()));
        }

        assertEquals(0, Main.run(batch(args)));
        List<String> written = new ArrayList<>(expectedOutputs());
        written.add(BatchCommand.REPORT_NAME);
        assertEquals(written.stream().sorted().toList(), files(out), "six pictures and the report, nothing else");
        Map<String, FileTime> times = new HashMap<>();
        for (String name : expectedOutputs()) {
            Path png = out.resolve(name);
            Map<String, String> text = ImageWriter.readPngText(png);
            Settings embedded = Settings.fromMap(ResultText.settingsIn(text.get(ResultText.SETTINGS_KEY)));
            assertEquals(64, embedded.size(), name);
            assertEquals(10, embedded.iterations(), name);
            assertEquals(10.0, embedded.styleWeight(), name);
            assertTrue(text.get(ResultText.COMMAND_KEY).contains("--content"), name);
            assertEquals(64, Math.max(ImageReader.read(png).width(), ImageReader.read(png).height()), name);
            assertEquals(64, text.get(ItemRunner.FINGERPRINT_KEY).length(), "a SHA-256 of settings and inputs");
            times.put(name, Files.getLastModifiedTime(png));
        }
        report(out.resolve(BatchCommand.REPORT_NAME)).values().forEach(r -> assertEquals("done", r.get("status")));

        long start = System.nanoTime();
        assertEquals(0, Main.run(batch(args)));
        System.out.printf("re-run of the 6 done items: %.1f s%n", (System.nanoTime() - start) / 1e9);
        Map<String, CSVRecord> again = report(out.resolve(BatchCommand.REPORT_NAME));
        assertEquals(6, again.size());
        again.values().forEach(r -> assertEquals("skipped", r.get("status"), r.get("item")));
        for (String name : expectedOutputs()) {
            assertEquals(times.get(name), Files.getLastModifiedTime(out.resolve(name)), name + " is not rewritten");
        }

        assertEquals(0, Main.run(batch(args, "--style-weight", "30", "--replace")));
        report(out.resolve(BatchCommand.REPORT_NAME)).values().forEach(r -> assertEquals("done", r.get("status")));
        for (String name : expectedOutputs()) {
            Map<String, String> text = ImageWriter.readPngText(out.resolve(name));
            assertEquals(30.0, Settings.fromMap(ResultText.settingsIn(text.get(ResultText.SETTINGS_KEY)))
                    .styleWeight(), name + " is painted again with the new setting");
        }
    }

    @Test
    void aBrokenPhotoIsReportedWithItsReasonAndTheRestAreDone() throws Exception {
        Path photos = photos("tubingen");
        byte[] jpeg = Files.readAllBytes(SharedData.orSkip("images/hoovertowernight.jpg"));
        Files.write(photos.resolve("broken.jpg"), Arrays.copyOf(jpeg, 2000)); // cut short, as by a failed copy
        Path out = dir.resolve("out");
        Path manifest = dir.resolve("jobs.csv");
        // Relative images are found from the manifest's folder; a row may override settings.
        Files.writeString(manifest, "content,style,output,style_weight\n"
                + "photos/tubingen.jpg," + SharedData.orSkip("images/the_scream.jpg") + ",tub.png,\n"
                + "photos/broken.jpg," + SharedData.orSkip("images/the_scream.jpg") + ",,\n"
                + "photos/tubingen.jpg," + SharedData.orSkip("images/starry_night.jpg") + ",strong.png,30\n");

        CommandLineProcess.Outcome run = CommandLineProcess.run(dir, "batch", "--manifest", manifest.toString(),
                "--output-dir", out.toString(), "--weights", SharedData.orSkip("models/vgg19-q8").toString(),
                "--size", "64", "--iterations", "10");
        assertEquals(1, run.exitCode(), run.stderr());
        assertTrue(run.stderr().contains("broken-the_scream.png failed: ") && run.stderr().contains("broken.jpg"),
                run.stderr());
        assertTrue(run.stderr().contains("3 items: 2 done, 0 skipped, 1 failed"), run.stderr());
        assertEquals(List.of(BatchCommand.REPORT_NAME, "strong.png", "tub.png"), files(out));
        Map<String, CSVRecord> rows = report(out.resolve(BatchCommand.REPORT_NAME));
        assertEquals("failed", rows.get("broken-the_scream.png").get("status"));
        assertTrue(rows.get("broken-the_scream.png").get("message").contains("broken.jpg"));
        assertEquals("done", rows.get("tub.png").get("status"));
        assertFalse(rows.get("tub.png").get("loss").isEmpty());
        Map<String, String> strong = ImageWriter.readPngText(out.resolve("strong.png"));
        assertEquals(30.0, Settings.fromMap(ResultText.settingsIn(strong.get(ResultText.SETTINGS_KEY)))
                .styleWeight(), "the row's override");
    }

    @Test
    void aBatchKilledAtAnyMomentEndsWithEveryOutputOnceAndTheImagesOfAnUninterruptedOne() throws Exception {
        Path photos = photos("tubingen", "hoovertowernight");
        String style = SharedData.orSkip("images/starry_night.jpg").toString();
        List<String> args = List.of("--content", photos.toString(), "--style", style, "--iterations", "80",
                "--scale-iterations", "none", "--checkpoint-every", "1");
        Path whole = dir.resolve("whole");
        assertEquals(0, Main.run(batch(args, "--output-dir", whole.toString())));

        Path out = dir.resolve("killed");
        Process p = CommandLineProcess.start(dir, batch(args, "--output-dir", out.toString()));
        // Killed once the first picture is written and the second one has a checkpoint: half done.
        Path second = out.resolve("tubingen-starry_night.checkpoint");
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
        while (!Files.exists(second) && p.isAlive() && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        // And once that checkpoint has been saved again, so that the item is killed well into its run.
        FileTime firstSave = Files.exists(second) ? Files.getLastModifiedTime(second) : null;
        while (firstSave != null && Files.getLastModifiedTime(second).equals(firstSave) && p.isAlive()
                && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertTrue(p.isAlive(), "the batch must still be going when it is killed; make it longer");
        p.destroyForcibly().waitFor(); // SIGKILL
        // The killed batch's locks stay as files, stale (the lock died with the process); the next run takes them over.
        assertEquals(List.of(BatchCommand.REPORT_NAME, "batch-report.csv.lock", "hoovertowernight-starry_night.png",
                "tubingen-starry_night.checkpoint", "tubingen-starry_night.png.lock"),
                files(out).stream().filter(f -> !f.startsWith(".")).toList(), "one picture done, one half done");
        Map<String, CSVRecord> afterKill = report(out.resolve(BatchCommand.REPORT_NAME));
        assertEquals("done", afterKill.get("hoovertowernight-starry_night.png").get("status"),
                "the report, written as items finish, survives the kill");
        assertEquals("pending", afterKill.get("tubingen-starry_night.png").get("status"));

        String[] again = Arrays.stream(batch(args, "--output-dir", out.toString())).filter(a -> !a.equals("--quiet"))
                .toArray(String[]::new);
        CommandLineProcess.Outcome resumed = CommandLineProcess.run(dir, again);
        assertEquals(0, resumed.exitCode(), resumed.stderr());
        assertTrue(resumed.stderr().contains("going on from " + second), "the half-done item goes on from its checkpoint: "
                + resumed.stderr());
        assertEquals(List.of(BatchCommand.REPORT_NAME, "hoovertowernight-starry_night.png", "tubingen-starry_night.png"),
                files(out), "every output once, no checkpoint, no temporary file");
        Map<String, CSVRecord> rows = report(out.resolve(BatchCommand.REPORT_NAME));
        assertEquals("skipped", rows.get("hoovertowernight-starry_night.png").get("status"));
        assertEquals("done", rows.get("tubingen-starry_night.png").get("status"));
        for (String name : List.of("hoovertowernight-starry_night.png", "tubingen-starry_night.png")) {
            assertArrayEquals(ImageReader.read(whole.resolve(name)).data(), ImageReader.read(out.resolve(name)).data(),
                    name + ": the same image as the batch never interrupted, bit for bit");
        }
    }
}
