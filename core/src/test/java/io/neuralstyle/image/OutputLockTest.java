package io.neuralstyle.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The lock between processes: a child JVM holds it (see {@link Holder}), this one tries to take it. */
class OutputLockTest {
    @TempDir
    Path dir;

    /** Takes the lock of args[0], says "locked" on stdout, and holds it until its stdin closes. */
    public static final class Holder {
        public static void main(String[] args) throws IOException {
            try (OutputLock lock = OutputLock.acquire(Path.of(args[0]))) {
                System.out.println("locked");
                System.out.flush();
                System.in.read();
            }
        }
    }

    private Process holder(Path output) throws IOException {
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
                System.getProperty("java.class.path"), Holder.class.getName(), output.toString())
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        String line = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))
                .readLine();
        assertEquals("locked", line, "the holder process took the lock");
        return p;
    }

    @Test
    void aSecondProcessIsRefusedWithTheHoldersPidUntilTheHolderEnds() throws Exception {
        Path out = dir.resolve("out.png");
        Process p = holder(out);
        OutputLock.HeldException held = assertThrows(OutputLock.HeldException.class, () -> OutputLock.acquire(out));
        assertTrue(held.holder().startsWith("pid " + p.pid() + " on host "), held.holder());

        p.getOutputStream().close(); // the holder lets go and ends
        assertTrue(p.waitFor(1, TimeUnit.MINUTES));
        assertEquals(0, p.exitValue());
        assertFalse(Files.exists(OutputLock.fileOf(out)), "a holder that ends removes its lock file");
        try (OutputLock lock = OutputLock.acquire(out)) {
            assertTrue(Files.readString(lock.file()).startsWith("pid " + ProcessHandle.current().pid() + " "));
        }
        assertEquals(List.of(), ImageWriterTest.listing(dir));
    }

    @Test
    void aLockLeftByAKilledProcessIsStaleAndTakenOver() throws Exception {
        Path out = dir.resolve("out.png");
        Process p = holder(out);
        p.destroyForcibly().waitFor(); // SIGKILL: the holder never runs its close
        assertTrue(Files.exists(OutputLock.fileOf(out)), "the killed holder's lock file is left behind");

        try (OutputLock lock = OutputLock.acquire(out)) {
            assertTrue(Files.readString(lock.file()).startsWith("pid " + ProcessHandle.current().pid() + " "));
        }
        assertFalse(Files.exists(OutputLock.fileOf(out)));
    }

    @Test
    void theSameProcessCannotTakeItTwice() throws IOException {
        Path out = dir.resolve("out.png");
        try (OutputLock lock = OutputLock.acquire(out)) {
            assertThrows(OutputLock.HeldException.class, () -> OutputLock.acquire(out));
        }
        OutputLock.acquire(out).close();
    }
}
