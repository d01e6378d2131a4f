package io.neuralstyle.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.neuralstyle.SharedData;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The last line of a run, on standard output, says where the image is and why the run ended;
 * progress goes to standard error, a line at a time where that is not a terminal (no \r redraws).
 */
class RunEndingTest {
    @TempDir
    Path dir;

    private CommandLineProcess.Outcome run(String... more) throws Exception {
        List<String> args = new ArrayList<>(List.of("--content", SharedData.imageOrSkip("tubingen.jpg").toString(),
                "--style", SharedData.imageOrSkip("starry_night.jpg").toString(),
                "--weights", SharedData.q8WeightsOrSkip().toString(),
                "--size", "32", "--iterations", "6", "--output", dir.resolve("out.png").toString()));
        args.addAll(List.of(more));
        return CommandLineProcess.run(dir, args.toArray(String[]::new));
    }

    @Test
    void aFinishedRunSaysAllItsIterationsWereDone() throws Exception {
        CommandLineProcess.Outcome o = run();
        assertEquals(0, o.exitCode(), o.stderr());
        List<String> out = o.stdout().lines().toList();
        assertEquals(1, out.size(), "one line on stdout: " + o.stdout());
        assertTrue(out.get(0).matches("wrote .*out\\.png \\(32x\\d+\\): all 6 iterations done in [0-9.]+ s"),
                out.get(0));
        assertFalse(o.stderr().contains("\r"), "no redrawn progress bar in a pipe");
        assertTrue(o.stderr().lines().anyMatch(l -> l.startsWith("iteration 6/6 ")), o.stderr());
    }

    @Test
    void aRunThatCannotLowerTheLossSaysItConverged() throws Exception {
        // From the photo, with only the photo's own features to match: the gradient is zero at the start.
        CommandLineProcess.Outcome o = run("--init", "content", "--style-weight", "0", "--tv-weight", "0");
        assertEquals(0, o.exitCode(), o.stderr());
        String last = o.stdout().lines().reduce((a, b) -> b).orElse("");
        assertTrue(last.matches("wrote .*out\\.png \\(32x\\d+\\): converged after \\d of 6 iterations in [0-9.]+ s:"
                + " the loss could fall no further"), last);
    }

    @Test
    void aRunStoppedByASignalSaysSoAndHowToGoOn() throws Exception {
        Path out = dir.resolve("stopped.png");
        Path log = dir.resolve("stdout.txt");
        List<String> args = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), Main.class.getName(),
                "--content", SharedData.imageOrSkip("tubingen.jpg").toString(),
                "--style", SharedData.imageOrSkip("starry_night.jpg").toString(),
                "--weights", SharedData.q8WeightsOrSkip().toString(), "--size", "64", "--iterations", "5000",
                "--scale-iterations", "none", "--checkpoint-every", "1", "--output", out.toString()));
        ProcessBuilder pb = new ProcessBuilder(args).directory(dir.toFile()).redirectOutput(log.toFile())
                .redirectError(ProcessBuilder.Redirect.DISCARD);
        pb.environment().put("TF_CPP_MIN_LOG_LEVEL", "3");
        Process p = pb.start();
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.MINUTES.toNanos(2);
        while (!java.nio.file.Files.exists(OutputFiles.checkpoint(out)) && p.isAlive() && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertTrue(p.isAlive(), "still painting when stopped");
        p.destroy(); // SIGTERM, as Ctrl-C's SIGINT: the shutdown hook stops the run after this iteration
        assertTrue(p.waitFor(2, java.util.concurrent.TimeUnit.MINUTES));
        String last = java.nio.file.Files.readAllLines(log).stream().reduce((a, b) -> b).orElse("");
        assertTrue(last.matches("wrote .*stopped\\.png \\(64x\\d+\\): stopped by the user after \\d+ of 5000"
                + " iterations in [0-9.]+ s; run the same command again to go on from here"), last);
    }
}
