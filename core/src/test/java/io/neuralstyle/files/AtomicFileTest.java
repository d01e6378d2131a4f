package io.neuralstyle.files;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AtomicFileTest {
    @TempDir
    Path dir;

    @Test
    void failureHalfwayLeavesTheOldFileAndNoTemporaryFile() throws IOException {
        Path target = Files.writeString(dir.resolve("result.png"), "old");

        IOException failure = assertThrows(IOException.class, () -> AtomicFile.write(target, out -> {
            out.write(new byte[100_000]); // more than the buffer, so part of it reached the disk
            throw new IOException("No space left on device");
        }));

        assertEquals("No space left on device", failure.getMessage());
        assertEquals("old", Files.readString(target));
        assertEquals(List.of(target), listing(dir));
    }

    @Test
    void runtimeFailureAlsoCleansUp() throws IOException {
        Path target = dir.resolve("new.png");

        assertThrows(IllegalStateException.class, () -> AtomicFile.write(target, out -> {
            out.write(1);
            throw new IllegalStateException("encoder bug");
        }));

        assertFalse(Files.exists(target));
        assertEquals(List.of(), listing(dir));
    }

    @Test
    void successReplacesTheFileWithOrdinaryPermissions() throws IOException {
        Path target = Files.writeString(dir.resolve("result.png"), "old");
        Path reference = Files.createFile(dir.resolve("reference"));

        AtomicFile.write(target, out -> out.write(new byte[] {1, 2, 3}));

        assertArrayEquals(new byte[] {1, 2, 3}, Files.readAllBytes(target));
        // As if created normally (umask), not owner-only like Files.createTempFile.
        assertEquals(Files.getPosixFilePermissions(reference), Files.getPosixFilePermissions(target));
        assertEquals(List.of(reference, target), listing(dir));
    }

    /** Writes args[0] with AtomicFile, saying "writing" once its temporary file exists, and finishing when stdin closes. */
    public static final class SlowWriter {
        public static void main(String[] args) throws IOException {
            AtomicFile.write(Path.of(args[0]), out -> {
                out.write("whole".getBytes(java.nio.charset.StandardCharsets.UTF_8));
                System.out.println("writing");
                System.out.flush();
                System.in.read();
            });
        }
    }

    /** A {@link SlowWriter} of {@code target} in another process, once its temporary file exists. */
    private static Process startSlowWriter(Path target) throws IOException {
        Process writer = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
                System.getProperty("java.class.path"), SlowWriter.class.getName(), target.toString())
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        assertEquals("writing", new java.io.BufferedReader(new java.io.InputStreamReader(writer.getInputStream(),
                java.nio.charset.StandardCharsets.UTF_8)).readLine());
        return writer;
    }

    @Test
    void anotherProcessesLiveTemporaryFileIsNotALeftover() throws Exception {
        Path target = dir.resolve("out.checkpoint");
        Process writer = startSlowWriter(target);
        assertEquals(1, listing(dir).size(), "its temporary file");

        AtomicFile.removeLeftovers(target); // what a second run on the same output did
        assertEquals(1, listing(dir).size(), "a live writer's temporary file stays");

        writer.getOutputStream().close();
        assertTrue(writer.waitFor(1, java.util.concurrent.TimeUnit.MINUTES));
        assertEquals(0, writer.exitValue(), "the writer's rename found its file");
        assertEquals("whole", Files.readString(target));
        assertEquals(List.of(target), listing(dir));
    }

    @Test
    void aKilledWritersTemporaryFileIsALeftover() throws Exception {
        Path target = dir.resolve("out.png");
        Process writer = startSlowWriter(target);
        writer.destroyForcibly().waitFor(); // SIGKILL: its lock goes with it, its file stays
        assertEquals(1, listing(dir).size());

        AtomicFile.removeLeftovers(target);
        assertEquals(List.of(), listing(dir));
    }

    private static List<Path> listing(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.sorted().toList();
        }
    }
}
