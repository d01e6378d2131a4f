package io.neuralstyle.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs {@code neural-style} as its own process, as a user's shell would, and collects what it printed. */
final class CommandLineProcess {
    record Outcome(int exitCode, String stdout, String stderr) {
        /** Standard error without TensorFlow's own start-up chatter. */
        List<String> errorLines() {
            return stderr.lines().filter(l -> !l.isBlank()).toList();
        }
    }

    private CommandLineProcess() {
    }

    static Outcome run(Path workingDir, String... args) throws IOException, InterruptedException {
        Process p = builder(workingDir, args).start();
        p.getOutputStream().close();
        // Both streams are small; reading them fully after exit would risk a full pipe, so read now.
        var out = p.getInputStream().readAllBytes();
        var err = p.getErrorStream().readAllBytes();
        if (!p.waitFor(5, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            throw new IllegalStateException("neural-style did not finish: " + List.of(args));
        }
        return new Outcome(p.exitValue(), new String(out, StandardCharsets.UTF_8),
                new String(err, StandardCharsets.UTF_8));
    }

    /** Starts the command and returns at once; its output goes nowhere. */
    static Process start(Path workingDir, String... args) throws IOException {
        ProcessBuilder pb = builder(workingDir, args);
        pb.redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(ProcessBuilder.Redirect.DISCARD);
        Process p = pb.start();
        p.getOutputStream().close();
        return p;
    }

    /** Starts the command and returns at once; its standard error goes to {@code log}. */
    static Process startLogged(Path workingDir, Path log, String... args) throws IOException {
        ProcessBuilder pb = builder(workingDir, args);
        pb.redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(log.toFile());
        Process p = pb.start();
        p.getOutputStream().close();
        return p;
    }

    private static ProcessBuilder builder(Path workingDir, String... args) {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(Main.class.getName());
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(workingDir.toFile());
        pb.environment().put("TF_CPP_MIN_LOG_LEVEL", "3");
        pb.environment().remove("NEURAL_STYLE_WEIGHTS");
        return pb;
    }
}
