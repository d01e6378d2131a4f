package io.neuralstyle.image;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
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
        assertEquals(List.of(target), ImageWriterTest.listing(dir));
    }

    @Test
    void runtimeFailureAlsoCleansUp() throws IOException {
        Path target = dir.resolve("new.png");

        assertThrows(IllegalStateException.class, () -> AtomicFile.write(target, out -> {
            out.write(1);
            throw new IllegalStateException("encoder bug");
        }));

        assertFalse(Files.exists(target));
        assertEquals(List.of(), ImageWriterTest.listing(dir));
    }

    @Test
    void successReplacesTheFileWithOrdinaryPermissions() throws IOException {
        Path target = Files.writeString(dir.resolve("result.png"), "old");
        Path reference = Files.createFile(dir.resolve("reference"));

        AtomicFile.write(target, out -> out.write(new byte[] {1, 2, 3}));

        assertArrayEquals(new byte[] {1, 2, 3}, Files.readAllBytes(target));
        // As if created normally (umask), not owner-only like Files.createTempFile.
        assertEquals(Files.getPosixFilePermissions(reference), Files.getPosixFilePermissions(target));
        assertEquals(List.of(reference, target), ImageWriterTest.listing(dir));
    }
}
