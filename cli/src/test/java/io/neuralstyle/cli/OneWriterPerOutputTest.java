package io.neuralstyle.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.neuralstyle.SharedData;
import io.neuralstyle.image.ImageReader;
import io.neuralstyle.image.OutputLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The same command started twice at once on one output: the second is refused at once with one line
 * naming the first, which goes on undisturbed to the image a lone run makes.
 */
class OneWriterPerOutputTest {
    @TempDir
    Path dir;

    private static String[] command(Path output) {
        return new String[] {"--content", SharedData.imageOrSkip("tubingen.jpg").toString(),
            "--style", SharedData.imageOrSkip("starry_night.jpg").toString(),
            "--weights", SharedData.q8WeightsOrSkip().toString(),
            "--size", "64", "--scale-iterations", "none", "--iterations", "100", "--seed", "3",
            "--checkpoint-every", "1", "--output", output.toString(), "--quiet"};
    }

    @Test
    void aSecondRunOnTheSameOutputIsRefusedAndTheFirstFinishes() throws Exception {
        Path out = dir.resolve("twice.png");
        String[] command = command(out);
        Process first = CommandLineProcess.start(dir, command);
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
        // Once it has saved a checkpoint it is well into its work: what the second run would disturb.
        while (!Files.exists(OutputFiles.checkpoint(out)) && first.isAlive() && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertTrue(first.isAlive(), "the first run must still be going when the second starts");

        CommandLineProcess.Outcome second = CommandLineProcess.run(dir, command);
        assertEquals(1, second.exitCode(), second.stderr());
        assertTrue(first.isAlive(), "the first run must outlast the second, or the test proves nothing");
        assertEquals(1, second.errorLines().size(), second.stderr());
        String line = second.errorLines().get(0);
        assertTrue(line.startsWith("neural-style: another run is writing " + out + " (pid " + first.pid() + " on host ")
                && line.endsWith("wait for it to finish, or give this one another --output"), line);

        assertTrue(first.waitFor(5, TimeUnit.MINUTES), "the first run ends");
        assertEquals(0, first.exitValue(), "the first run finishes undisturbed");
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(List.of("twice.png"), files.map(f -> f.getFileName().toString()).toList(),
                    "no checkpoint, lock or temporary file is left");
        }

        Path alone = Files.createDirectory(dir.resolve("alone")).resolve("twice.png");
        assertEquals(0, Main.run(command(alone)));
        assertArrayEquals(ImageReader.read(alone).data(), ImageReader.read(out).data(),
                "the image of a run that nobody disturbed, bit for bit");
        assertFalse(Files.exists(OutputLock.fileOf(alone)), "the lock file goes with the run");
    }

    @Test
    void aSecondBatchOnTheSameFolderIsRefusedAtOnce() throws Exception {
        Path photo = dir.resolve("photo.png");
        javax.imageio.ImageIO.write(new java.awt.image.BufferedImage(20, 16, java.awt.image.BufferedImage.TYPE_INT_RGB),
                "png", photo.toFile());
        Path out = Files.createDirectory(dir.resolve("out"));
        Path report = out.resolve(BatchCommand.REPORT_NAME);
        try (OutputLock other = OutputLock.acquire(report)) { // as a batch running on the same folder holds it
            java.io.StringWriter err = new java.io.StringWriter();
            picocli.CommandLine cl = Main.commandLine();
            cl.setErr(new java.io.PrintWriter(err, true));
            assertEquals(1, cl.execute("batch", "--content", photo.toString(), "--style", photo.toString(),
                    "--output-dir", out.toString(), "--weights", dir.resolve("not-needed").toString()));
            assertEquals(List.of("neural-style: another run is writing " + report + " (" + other.holder()
                    + ", this process): wait for it to finish, or give this one another --output-dir"),
                    err.toString().lines().toList());
        }
    }
}
