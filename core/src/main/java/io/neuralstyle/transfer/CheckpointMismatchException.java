package io.neuralstyle.transfer;

import java.nio.file.Path;
import java.util.List;

/** A checkpoint that another run made: other settings or other inputs. */
public final class CheckpointMismatchException extends TransferException {
    private final Path file;
    private final List<Fingerprint.Difference> differences;

    CheckpointMismatchException(Path file, List<Fingerprint.Difference> differences) {
        super("the checkpoint " + file + " was made by another run (" + String.join("; ",
                differences.stream().map(Fingerprint.Difference::toString).toList())
                + "): run with the same settings and inputs to go on from it, or delete it to start over");
        this.file = file;
        this.differences = List.copyOf(differences);
    }

    public Path file() {
        return file;
    }

    /** What differs. */
    public List<Fingerprint.Difference> differences() {
        return differences;
    }
}
