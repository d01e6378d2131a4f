package io.neuralstyle.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.neuralstyle.SharedData;
import io.neuralstyle.image.ImageWriter;
import io.neuralstyle.transfer.ResultText;
import io.neuralstyle.transfer.Settings;
import java.io.IOException;
import java.io.Reader;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a batch does with the rows and folders a person really gives it, at 48 px on the real weights:
 * unusable rows fail alone, outputs stay inside --output-dir, finished pictures are never silently
 * replaced, the report is there at every moment, and a stop says truly how to go on.
 */
class BatchRowsTest {
    @TempDir
    Path dir;

    private static List<String> batch(String... args) {
        List<String> all = new ArrayList<>(batchOf(5, args));
        all.add("--quiet");
        return all;
    }

    private static List<String> batchOf(int iterations, String... args) {
        List<String> all = new ArrayList<>(List.of("batch", "--weights", SharedData.orSkip("models/vgg19-q8").toString(),
                "--size", "48", "--iterations", Integer.toString(iterations), "--scale-iterations", "none"));
        all.addAll(List.of(args));
        return all;
    }

    private static int run(List<String> args) {
        return Main.run(args.toArray(String[]::new));
    }

    /** The report's rows, by item, in order. */
    private static Map<String, CSVRecord> report(Path file) throws IOException {
        Map<String, CSVRecord> rows = new LinkedHashMap<>();
        try (Reader in = Files.newBufferedReader(file)) {
            for (CSVRecord r : CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).get().parse(in)) {
                rows.put(r.get("item"), r);
            }
        }
        return rows;
    }

    @Test
    void unusableRowsFailAloneAndNoOutputLeavesTheOutputFolder() throws IOException {
        String photo = SharedData.orSkip("images/tubingen.jpg").toString();
        String painting = SharedData.orSkip("images/starry_night.jpg").toString();
        Path out = dir.resolve("out");
        Path absolute = dir.resolve("absolute.png");
        Path manifest = dir.resolve("jobs.csv");
        // Saved as a spreadsheet's "CSV UTF-8": a byte-order mark before the header.
        Files.writeString(manifest, "\uFEFFcontent,style,output,style-blend\n"
                + photo + "," + painting + ",good.png,\n"
                + photo + ",,no-style.png,\n"
                + photo + "," + painting + ",../escape.png,\n"
                + photo + "," + painting + "," + absolute + ",\n"
                + photo + "," + painting + ",two-weights.png,\"1,2\"\n");

        assertEquals(1, run(batch("--manifest", manifest.toString(), "--output-dir", out.toString())));

        assertTrue(Files.exists(out.resolve("good.png")), "the usable row is painted");
        assertFalse(Files.exists(dir.resolve("escape.png")), "nothing is written outside --output-dir");
        assertFalse(Files.exists(absolute), "nor at an absolute path");
        Map<String, CSVRecord> rows = report(out.resolve(BatchCommand.REPORT_NAME));
        assertEquals(List.of("good.png", "no-style.png", "escape.png", "absolute.png", "two-weights.png"),
                List.copyOf(rows.keySet()));
        assertEquals("done", rows.get("good.png").get("status"));
        assertEquals("failed", rows.get("no-style.png").get("status"));
        assertTrue(rows.get("no-style.png").get("message").endsWith("line 3: the style cell is empty: name a painting"),
                rows.get("no-style.png").get("message"));
        for (String name : List.of("escape.png", "absolute.png")) {
            assertEquals("failed", rows.get(name).get("status"), name);
            assertTrue(rows.get(name).get("message").contains("must stay inside the output folder"), name);
        }
        // Two blend weights for the row's one painting: that row fails with the core's words, the rest goes on.
        assertEquals("failed", rows.get("two-weights.png").get("status"));
        String twoWeights = rows.get("two-weights.png").get("message");
        assertTrue(twoWeights.contains("2 style blend weights for 1 painting"), twoWeights);
        assertFalse(twoWeights.contains("unexpected error"), "a row's mistake is not a bug to report: " + twoWeights);
    }

    @Test
    void leftoversGoOnReRunAndAChangedSettingKeepsTheOldPictureUnlessReplaceIsGiven() throws IOException {
        String photo = SharedData.orSkip("images/tubingen.jpg").toString();
        String painting = SharedData.orSkip("images/the_scream.jpg").toString();
        Path out = dir.resolve("out");
        List<String> args = batch("--content", photo, "--style", painting, "--output-dir", out.toString());
        assertEquals(0, run(args));
        Path picture = out.resolve("tubingen-the_scream.png");
        byte[] first = Files.readAllBytes(picture);

        // What a killed writer left beside the finished picture, and a live writer's file (locked, as AtomicFile's).
        Path dead = Files.writeString(out.resolve(".tubingen-the_scream.png.tmp-0a1b2c"), "half a png");
        Path live = Files.writeString(out.resolve(".tubingen-the_scream.png.tmp-3d4e5f"), "being written");
        try (FileChannel channel = FileChannel.open(live, StandardOpenOption.WRITE); FileLock lock = channel.lock()) {
            assertEquals(0, run(args));
            assertEquals("skipped", report(out.resolve(BatchCommand.REPORT_NAME)).get("tubingen-the_scream.png")
                    .get("status"));
            assertFalse(Files.exists(dead), "a dead writer's leftover is removed on re-run, though the item is skipped");
            assertTrue(Files.exists(live), "a live writer's temporary file is left alone");
        }
        Files.delete(live);

        List<String> changed = new ArrayList<>(args);
        changed.addAll(List.of("--style-weight", "30"));
        assertEquals(1, run(changed), "a changed setting does not silently replace the finished picture");
        assertArrayEquals(first, Files.readAllBytes(picture), "the old picture is kept");
        String message = report(out.resolve(BatchCommand.REPORT_NAME)).get("tubingen-the_scream.png").get("message");
        assertTrue(message.contains("already holds another picture") && message.contains("--replace")
                && message.contains("another output folder"), message);

        changed.add("--replace");
        assertEquals(0, run(changed));
        Map<String, String> text = ImageWriter.readPngText(picture);
        assertEquals(30.0, Settings.fromMap(ResultText.settingsIn(text.get(ResultText.SETTINGS_KEY))).styleWeight(),
                "painted again with the new setting once asked to");
    }

    @Test
    void aManifestOrFolderThatCannotBeUsedIsAUsageError() throws IOException {
        Path manifest = Files.writeString(dir.resolve("jobs.csv"), "photo,painting\na.jpg,b.jpg\n");
        UsageErrorsTest.Outcome bad = UsageErrorsTest.run("batch", "--manifest", manifest.toString(), "--output-dir",
                dir.resolve("out").toString());
        assertEquals(2, bad.exitCode());
        assertEquals(1, bad.err().size(), bad.err().toString());
        assertTrue(bad.err().get(0).contains("needs the columns content and style"), bad.err().toString());

        Path empty = Files.createDirectories(dir.resolve("empty"));
        UsageErrorsTest.Outcome none = UsageErrorsTest.run("batch", "--content", empty.toString(), "--style",
                manifest.toString(), "--output-dir", dir.resolve("out").toString());
        assertEquals(2, none.exitCode());
        assertEquals(List.of("neural-style: --content " + empty + " holds no JPEG, PNG, BMP or GIF images: put some"
                + " in, or name the images themselves; see 'neural-style batch --help'"), none.err());
    }

    @Test
    void ctrlCWithoutCheckpointsSaysTheStoppedItemStartsOverAndTheReportAgreesWithTheSummary() throws Exception {
        // A job started in the background by a non-interactive shell inherits SIGINT ignored, and so does
        // every child: Ctrl-C cannot reach the batch there, so there is nothing to test.
        boolean ignored = sigintIgnored();
        if (ignored) {
            System.out.println("[SKIPPED] BatchRowsTest Ctrl-C: SIGINT is ignored in this process (started in the"
                    + " background by a shell), so a child cannot be stopped by it; run the tests in the foreground");
        }
        org.junit.jupiter.api.Assumptions.assumeFalse(ignored, "SIGINT is ignored in this process");
        // The first item is quick, so that the stop comes while the long second one is painting.
        Path manifest = dir.resolve("jobs.csv");
        String style = SharedData.orSkip("images/starry_night.jpg").toString();
        StringBuilder csv = new StringBuilder("content,style,iterations\n");
        for (String name : List.of("hoovertowernight", "tubingen", "woman-with-hat-matisse")) {
            csv.append(SharedData.orSkip("images/" + name + ".jpg")).append(',').append(style).append(',')
                    .append(name.equals("hoovertowernight") ? 5 : 3000).append('\n');
        }
        Files.writeString(manifest, csv);
        Path out = dir.resolve("out");
        List<String> args = batchOf(3000, "--manifest", manifest.toString(), "--output-dir", out.toString(),
                "--checkpoint-every", "0");
        Path log = dir.resolve("stderr.txt");
        Process p = CommandLineProcess.startLogged(dir, log, args.toArray(String[]::new));
        Path first = out.resolve("hoovertowernight-starry_night.png");
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
        while (!Files.exists(first) && p.isAlive() && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertTrue(p.isAlive(), "the batch must still be painting its second item: make the items longer");
        // Ctrl-C's SIGINT (a SIGTERM would end the JVM with 143 whatever the batch returns).
        assertEquals(0, new ProcessBuilder("kill", "-INT", Long.toString(p.pid())).start().waitFor());
        assertTrue(p.waitFor(2, TimeUnit.MINUTES));
        String stderr = Files.readString(log);
        assertEquals(130, p.exitValue(), stderr);
        assertTrue(stderr.contains("3 items: 1 done, 0 skipped, 0 failed, 2 not finished (stopped: run the same"
                + " command again to paint the rest; with --checkpoint-every 0 the stopped item starts over)"), stderr);
        assertFalse(stderr.contains("to go on from its checkpoint"), stderr);
        Map<String, CSVRecord> rows = report(out.resolve(BatchCommand.REPORT_NAME));
        assertEquals(List.of("done", "stopped", "pending"), rows.values().stream().map(r -> r.get("status")).toList(),
                "the report has every item, as the summary counts them");
        assertTrue(rows.get("tubingen-starry_night.png").get("message").contains("paints it from the start"));
    }

    /** Whether this process ignores SIGINT (bit 2 of /proc/self/status's SigIgn mask), as its children then do. */
    private static boolean sigintIgnored() throws java.io.IOException {
        Path status = Path.of("/proc/self/status");
        if (!Files.exists(status)) {
            return false;
        }
        for (String line : Files.readAllLines(status)) {
            if (line.startsWith("SigIgn:")) {
                return (Long.parseUnsignedLong(line.substring(7).trim(), 16) & 0x2) != 0;
            }
        }
        return false;
    }
}
