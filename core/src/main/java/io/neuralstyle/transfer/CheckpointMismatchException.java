package io.neuralstyle.transfer;

import java.util.List;

/** A checkpoint that another run made: other settings or other inputs. */
public final class CheckpointMismatchException extends TransferException {
    private final String file;
    private final List<Fingerprint.Difference> differences;

    CheckpointMismatchException(String file, List<Fingerprint.Difference> differences) {
        super("the checkpoint " + file + " was made by another run (" + String.join("; ",
                differences.stream().map(Fingerprint.Difference::toString).toList())
                + "): run with the same settings and inputs to go on from it, or delete it to start over");
        this.file = file;
        this.differences = List.copyOf(differences);
    }

    /** The checkpoint, as {@link CheckpointStore#name} names it. */
    public String file() {
        return file;
    }

    /** What differs. */
    public List<Fingerprint.Difference> differences() {
        return differences;
    }
}
