package io.neuralstyle.batch;

import io.neuralstyle.files.AtomicFile;
import io.neuralstyle.image.Image;
import io.neuralstyle.image.ImageException;
import io.neuralstyle.image.ImageReader;
import io.neuralstyle.image.ImageWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/** A batch's images on the local disk. */
public final class LocalFiles implements ItemFiles {
    @Override
    public Image readImage(String location) {
        return ImageReader.read(Path.of(location));
    }

    @Override
    public Optional<Map<String, String>> outputText(String location) {
        Path file = Path.of(location);
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        try {
            return Optional.of(ImageWriter.readPngText(file));
        } catch (ImageException e) {
            return Optional.empty(); // not a result of ours: painted again, then replaced
        }
    }

    @Override
    public void writeOutput(Image image, Map<String, String> text, String location) {
        ImageWriter.writePng(image, Path.of(location), text);
    }

    @Override
    public boolean exists(String location) {
        return Files.exists(Path.of(location));
    }

    /** Only unlocked ones: a live writer locks its temporary file until it is renamed (see {@link AtomicFile}). */
    @Override
    public void removeLeftovers(String location) {
        Path file = Path.of(location);
        try {
            AtomicFile.removeLeftovers(file);
        } catch (IOException e) {
            throw new ImageException("cannot tidy the folder of " + file + " (" + e.getMessage()
                    + "): check that it can be written", e);
        }
    }

    @Override
    public boolean same(String a, String b) {
        Path pa = Path.of(a);
        Path pb = Path.of(b);
        try {
            if (Files.exists(pa) && Files.exists(pb)) {
                return Files.isSameFile(pa, pb);
            }
        } catch (IOException e) {
            // fall through to comparing the paths
        }
        return pa.toAbsolutePath().normalize().equals(pb.toAbsolutePath().normalize());
    }
}
