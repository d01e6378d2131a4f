package io.neuralstyle.cli;

import io.neuralstyle.files.AtomicFile;
import io.neuralstyle.files.OutputName;
import io.neuralstyle.image.Image;
import io.neuralstyle.image.ImageWriter;
import io.neuralstyle.image.OutputLock;
import io.neuralstyle.image.WriteFailure;
import io.neuralstyle.transfer.CheckpointStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/** Where results go, and the rules that keep a user's files safe. */
final class OutputFiles {
    private OutputFiles() {
    }

    /** The output path: the one given, else CONTENT-STYLE.png in the current folder. */
    static Path resolveOutput(Path output, Path content, Path style) {
        Path out = output != null ? output
                : Path.of(OutputName.of(content.getFileName().toString(), style.getFileName().toString()));
        if (!out.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".png")) {
            throw new UserException("output " + out + " must end in .png: results are written as PNG");
        }
        Path parent = out.toAbsolutePath().getParent();
        if (parent != null && !Files.isDirectory(parent)) {
            throw new UserException("output folder " + parent + " does not exist: create it first");
        }
        return out;
    }

    /** Refuses an output path that is one of the inputs, so that no input is ever overwritten. */
    static void refuseToOverwriteInputs(Path out, List<Path> inputs) {
        refuseToOverwriteInputs(out, inputs, "--output");
    }

    /** The same for a file written by another option. */
    static void refuseToOverwriteInputs(Path out, List<Path> inputs, String option) {
        for (Path in : inputs) {
            if (same(out, in)) {
                throw new UserException("output " + out + " is also an input; choose another " + option);
            }
        }
    }

    /** Whether two paths name the same file (existing or not). */
    static boolean same(Path a, Path b) {
        try {
            if (Files.exists(a) && Files.exists(b)) {
                return Files.isSameFile(a, b);
            }
        } catch (IOException e) {
            // Fall through to the path comparison.
        }
        return a.toAbsolutePath().normalize().equals(b.toAbsolutePath().normalize());
    }

    /**
     * Makes this process the only one writing {@code out} (and its checkpoint and intermediate images)
     * until {@link #unlock}; refused at once, naming the other process, while another run writes it.
     *
     * @param option the option that names the file, for the message
     */
    static OutputLock lock(Path out, String option) {
        try {
            return OutputLock.acquire(out);
        } catch (OutputLock.HeldException e) {
            throw new UserException("another run is writing " + out + " (" + e.holder() + "): wait for it to"
                    + " finish, or give this one another " + option);
        } catch (IOException e) {
            throw new UserException("cannot lock " + OutputLock.fileOf(out) + ": " + WriteFailure.reason(e) + "; "
                    + WriteFailure.advice(e));
        }
    }

    /** Lets go of the lock taken by {@link #lock}; null: none was taken. */
    static void unlock(OutputLock lock) {
        if (lock == null) {
            return;
        }
        try {
            lock.close();
        } catch (IOException e) {
            // The lock itself is gone once this process ends; only its file may stay, and it is stale.
            System.err.println("neural-style: could not remove " + lock.file() + " (" + WriteFailure.reason(e)
                    + "); it does no harm and the next run takes it over");
        }
    }

    /** Deletes what an earlier run killed while writing {@code out} left of it. */
    static void removeLeftovers(Path out) {
        try {
            AtomicFile.removeLeftovers(out);
        } catch (IOException e) {
            throw new UserException("cannot tidy the output folder of " + out + " (" + e.getMessage()
                    + "): check that it can be written");
        }
    }

    /** OUTPUT.checkpoint beside the output: the run's saved state until the output is written. */
    static Path checkpoint(Path out) {
        return out.resolveSibling(CheckpointStore.besideOutput(out.getFileName().toString()));
    }

    /** OUTPUT-N.png beside the output, for intermediate images. */
    static Path intermediate(Path out, int iteration) {
        String name = out.getFileName().toString();
        String base = name.substring(0, name.length() - 4);
        return out.resolveSibling(base + "-" + iteration + ".png");
    }

    static void write(Image image, Path file, EmbeddedSettings settings) {
        ImageWriter.writePng(image, file, settings.text());
    }

    static String stem(Path p) {
        return OutputName.stem(p.getFileName().toString());
    }
}
