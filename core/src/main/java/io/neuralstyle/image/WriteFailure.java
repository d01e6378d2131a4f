package io.neuralstyle.image;

import io.neuralstyle.files.ErrorText;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.util.Locale;

/**
 * Why writing a file failed, in the user's terms, and what to do about it: the operating system's
 * reason where it gave one, so that a file deleted under a writer is not reported as a full disk.
 */
public final class WriteFailure {
    private WriteFailure() {
    }

    /** The reason, e.g. "no space left on device" or "a file it was writing was deleted by another program". */
    public static String reason(IOException e) {
        if (e instanceof NoSuchFileException f) {
            return (f.getOtherFile() != null ? "its temporary file " + f.getFile() : f.getFile())
                    + " was deleted by another program while it was being written";
        }
        if (e instanceof AccessDeniedException f) {
            return "permission denied on " + f.getFile();
        }
        if (e instanceof FileSystemException f && f.getReason() != null) {
            return ErrorText.oneLine(f.getReason()) + " (" + f.getFile() + ")";
        }
        return e.getMessage() == null ? e.getClass().getSimpleName() : ErrorText.oneLine(e.getMessage());
    }

    /** Whether the disk (or the user's quota) is full: only then is freeing space the answer. */
    public static boolean diskFull(IOException e) {
        String text = (e instanceof FileSystemException f && f.getReason() != null ? f.getReason() : e.getMessage());
        String lower = text == null ? "" : text.toLowerCase(Locale.ROOT);
        return lower.contains("no space left") || lower.contains("disk quota exceeded")
                || lower.contains("not enough space");
    }

    /** What to do next, for a file in a folder the user chose. */
    public static String advice(IOException e) {
        if (diskFull(e)) {
            return "free some disk space";
        }
        if (e instanceof AccessDeniedException) {
            return "check the folder's permissions";
        }
        if (e instanceof NoSuchFileException) {
            return "check that no other program or run cleans up or writes that folder meanwhile";
        }
        return "check that the folder can be written";
    }
}
