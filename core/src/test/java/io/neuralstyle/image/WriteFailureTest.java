package io.neuralstyle.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A failed write names what really failed; a full disk is the only one told to free space. */
class WriteFailureTest {
    @TempDir
    Path dir;

    @Test
    void aTemporaryFileDeletedUnderTheWriterIsNotAFullDisk() throws IOException {
        Path tmp = Files.writeString(dir.resolve(".out.checkpoint.tmp-1"), "x");
        Path target = dir.resolve("out.checkpoint");
        Files.delete(tmp);
        // What AtomicFile's rename of a deleted temporary file throws: the two names, no reason.
        NoSuchFileException e = assertThrows(NoSuchFileException.class,
                () -> Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE));
        assertEquals("its temporary file " + tmp + " was deleted by another program while it was being written",
                WriteFailure.reason(e));
        assertFalse(WriteFailure.advice(e).contains("disk space"), WriteFailure.advice(e));
    }

    @Test
    void aFullDiskSaysSo() {
        IOException stream = new IOException("No space left on device");
        assertEquals("no space left on device", WriteFailure.reason(stream).toLowerCase());
        assertEquals("free some disk space", WriteFailure.advice(stream));
        FileSystemException quota = new FileSystemException("/home/u/out.png", null, "Disk quota exceeded");
        assertTrue(WriteFailure.diskFull(quota));
        assertEquals("Disk quota exceeded (/home/u/out.png)", WriteFailure.reason(quota));
    }

    @Test
    void permissionDeniedNamesTheFile() {
        AccessDeniedException e = new AccessDeniedException("/srv/out/.x.tmp-1");
        assertEquals("permission denied on /srv/out/.x.tmp-1", WriteFailure.reason(e));
        assertEquals("check the folder's permissions", WriteFailure.advice(e));
    }
}
