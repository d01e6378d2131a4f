package io.neuralstyle.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Whether standard error, where progress goes, is a terminal that a redrawn (\r) line suits. */
final class Terminal {
    private Terminal() {
    }

    /**
     * Java tells only whether stdin and stdout are a terminal ({@link System#console()}); a run with
     * {@code 2> log} would then fill the log with redrawn bars. Where /proc says what descriptor 2 is
     * (Linux), that answer is used; elsewhere the console's.
     */
    static boolean stderr() {
        Path fd = Path.of("/proc/self/fd/2");
        try {
            String target = Files.readSymbolicLink(fd).toString();
            return target.startsWith("/dev/pts/") || target.startsWith("/dev/tty");
        } catch (IOException | UnsupportedOperationException | SecurityException e) {
            return System.console() != null;
        }
    }
}
