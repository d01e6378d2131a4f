package io.neuralstyle.transfer;

import io.neuralstyle.files.AtomicFile;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/** A checkpoint in a local file, written through {@link AtomicFile}. */
record CheckpointFile(Path file) implements CheckpointStore {
    @Override
    public String name() {
        return file.toString();
    }

    @Override
    public InputStream open() throws IOException {
        AtomicFile.removeLeftovers(file);
        try {
            return Files.newInputStream(file);
        } catch (NoSuchFileException e) {
            return null;
        }
    }

    @Override
    public void write(AtomicFile.Content content) throws IOException {
        AtomicFile.write(file, content);
    }

    @Override
    public void delete() throws IOException {
        Files.deleteIfExists(file);
    }
}
