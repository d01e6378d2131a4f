package io.neuralstyle.image;

import java.io.IOException;
import java.nio.file.Path;

/**
 * {@link io.neuralstyle.files.AtomicFile} under its old name, for the modules that still import it
 * here (video, batch); new code imports it from {@code io.neuralstyle.files}.
 */
public final class AtomicFile {
    /** Writes the whole content; the stream is closed by {@link AtomicFile}. */
    @FunctionalInterface
    public interface Content extends io.neuralstyle.files.AtomicFile.Content {
    }

    private AtomicFile() {
    }

    /** See {@link io.neuralstyle.files.AtomicFile#write}. */
    public static void write(Path target, Content content) throws IOException {
        io.neuralstyle.files.AtomicFile.write(target, content);
    }

    /** See {@link io.neuralstyle.files.AtomicFile#removeLeftovers}. */
    public static void removeLeftovers(Path target) throws IOException {
        io.neuralstyle.files.AtomicFile.removeLeftovers(target);
    }

    /** See {@link io.neuralstyle.files.AtomicFile#createTemp}. */
    public static Path createTemp(Path target, String extension) throws IOException {
        return io.neuralstyle.files.AtomicFile.createTemp(target, extension);
    }

    /** See {@link io.neuralstyle.files.AtomicFile#replace}. */
    public static void replace(Path tmp, Path target) throws IOException {
        io.neuralstyle.files.AtomicFile.replace(tmp, target);
    }
}
