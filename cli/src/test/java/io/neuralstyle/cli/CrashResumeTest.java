package io.neuralstyle.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.neuralstyle.SharedData;
import io.neuralstyle.image.ImageReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A run killed with SIGKILL part way, then run again with the same command, ends with the same image,
 * bit for bit, as a run never interrupted; nothing partial is left in the output folder meanwhile.
 */
class CrashResumeTest {
    @TempDir
    Path dir;

    private String[] command(String output, String... more) {
        List<String> args = new ArrayList<>(List.of(
                "--content", SharedData.orSkip("images/tubingen.jpg").toString(),
                "--style", SharedData.orSkip("images/the_scream.jpg").toString(),
                "--weights", SharedData.orSkip("models/vgg19-q8").toString(),
                "--size", "128", "--scale-iterations", "60", "--iterations", "60", "--seed", "5",
                "--checkpoint-every", "1", "--output", output, "--quiet"));
        args.addAll(List.of(more));
        return args.toArray(String[]::new);
    }

    @Test
    void aKilledRunGoesOnToTheImageOfAnUninterruptedOne() throws Exception {
        Path whole = dir.resolve("whole.png");
        assertEquals(0, Main.run(command(whole.toString())));
        assertFalse(Files.exists(dir.resolve("whole.checkpoint")), "the checkpoint goes once the output is written");

        Path out = dir.resolve("killed.png");
        Path checkpoint = dir.resolve("killed.checkpoint");
        Process p = CommandLineProcess.start(dir, command(out.toString()));
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
        while (!Files.exists(checkpoint) && p.isAlive() && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertTrue(p.isAlive(), "the run must still be going when it is killed; make it longer");
        Thread.sleep(1500); // past the first checkpoint, likely into another write
        p.destroyForcibly().waitFor(); // SIGKILL: no shutdown hook, no last word
        assertEquals(137, p.exitValue());
        assertFalse(Files.exists(out), "no output from a killed run");
        assertTrue(Files.exists(checkpoint), "the checkpoint survives the kill");

        CommandLineProcess.Outcome refused = CommandLineProcess.run(dir, command(out.toString(),
                "--style-weight", "30"));
        assertEquals(1, refused.exitCode());
        assertEquals(1, refused.errorLines().size(), refused.stderr());
        assertTrue(refused.stderr().contains("--style-weight 30.0 now, 10.0 then")
                && refused.stderr().contains("--restart"), refused.stderr());
        assertTrue(Files.exists(checkpoint), "a refused run leaves the checkpoint as it was");

        CommandLineProcess.Outcome resumed = CommandLineProcess.run(dir, command(out.toString()));
        assertEquals(0, resumed.exitCode(), resumed.stderr());
        assertArrayEquals(ImageReader.read(whole).data(), ImageReader.read(out).data(),
                "the same image as the run never interrupted, bit for bit");
        assertFalse(Files.exists(checkpoint), "the checkpoint goes once the output is written");
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(List.of("killed.png", "whole.png"),
                    files.map(f -> f.getFileName().toString()).sorted().toList(), "nothing else is left");
        }
    }

    @Test
    void restartStartsOverAndDryRunPaintsNothing() throws IOException {
        Path out = dir.resolve("out.png");
        Path checkpoint = dir.resolve("out.checkpoint");
        Files.writeString(checkpoint, "not a checkpoint");
        assertEquals(1, Main.run(command(out.toString())), "a damaged checkpoint is refused");
        assertEquals(0, Main.run(command(out.toString(), "--dry-run")));
        assertFalse(Files.exists(out), "a dry run writes nothing");
        assertEquals(0, Main.run(command(out.toString(), "--restart")));
        assertTrue(Files.exists(out));
        assertFalse(Files.exists(checkpoint));
    }
}
