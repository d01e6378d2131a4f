package io.neuralstyle.image;

import io.neuralstyle.files.ErrorText;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * The checks and messages shared by everything that opens a user-named file, so that a wrong path
 * gets the same plain answer whichever command the user ran.
 */
final class FileChecks {
    private FileChecks() {
    }

    /** Refuses, with a one-line message, a path that is not a non-empty file we can read. */
    static void requireReadableFile(Path file) {
        if (Files.isDirectory(file)) {
            throw new ImageException(file + ": is a folder, not an image file; give the path of an image file");
        }
        if (!Files.exists(file)) {
            throw new ImageException(file + ": no such file; check the path and the spelling of the name");
        }
        if (!Files.isReadable(file)) {
            throw new ImageException(file + ": cannot read the file (permission denied); check its permissions");
        }
        long size;
        try {
            size = Files.size(file);
        } catch (IOException e) {
            throw cannotRead(file, e);
        }
        if (size == 0) {
            throw new ImageException(file + ": the file is empty (0 bytes); export or download the image again");
        }
    }

    /** Up to {@code n} leading bytes of the file: fewer if it is shorter. */
    static byte[] head(Path file, int n) {
        try (InputStream in = Files.newInputStream(file)) {
            return in.readNBytes(n);
        } catch (IOException e) {
            throw cannotRead(file, e);
        }
    }

    /** An I/O failure while reading, in the user's terms rather than an exception's. */
    static ImageException cannotRead(Path file, IOException e) {
        if (e instanceof NoSuchFileException) {
            return new ImageException(file + ": no such file; check the path and the spelling of the name", e);
        }
        if (e instanceof AccessDeniedException) {
            return new ImageException(file + ": cannot read the file (permission denied); check its permissions", e);
        }
        return new ImageException(file + ": could not read the file" + reason(e)
                + "; check that the disk or network share is available and try again", e);
    }

    /** The operating system's own words for a failure, e.g. " (No space left on device)", or "". */
    static String reason(IOException e) {
        if (e instanceof FileSystemException fse && fse.getReason() != null) {
            return " (" + ErrorText.oneLine(fse.getReason()) + ")";
        }
        return "";
    }

}
