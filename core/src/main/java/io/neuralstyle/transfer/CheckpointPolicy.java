package io.neuralstyle.transfer;

import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.List;
import java.util.function.LongSupplier;

/**
 * A run's checkpoints: which checkpoint in the request's store the run may go on from (one of the
 * same run: same fingerprint, fitting its stages), and when it saves its state there: once the
 * interval has passed since its stage began or since the last save, and whenever the run is asked
 * to stop; never without a file. Times are {@link System#nanoTime} readings.
 */
final class CheckpointPolicy {
    private final CheckpointStore file;
    private final Duration interval;
    private final Fingerprint fingerprint;
    private final LongSupplier clock;
    private long lastSave;

    /**
     * @param file        null for no checkpoints
     * @param fingerprint the run's, which its checkpoints carry; null without a file
     */
    CheckpointPolicy(CheckpointStore file, Duration interval, Fingerprint fingerprint, LongSupplier clock) {
        this.file = file;
        this.interval = interval;
        this.fingerprint = fingerprint;
        this.clock = clock;
    }

    /** The request's file and interval, on the system's clock. */
    static CheckpointPolicy of(RunRequest request, Fingerprint fingerprint) {
        return new CheckpointPolicy(request.checkpoint(), request.checkpointInterval(), fingerprint,
                System::nanoTime);
    }

    /**
     * The checkpoint the run goes on from, once the half-written files an interrupted save left
     * beside it are gone; null when there is no file or nothing in it yet.
     *
     * @throws CheckpointMismatchException when another run made it, naming what differs
     * @throws TransferException           when it cannot be read or does not fit {@code plan}'s stages
     */
    Checkpoint resumable(RunPlan plan) {
        if (file == null) {
            return null;
        }
        InputStream stream;
        try {
            stream = file.open();
        } catch (IOException e) {
            throw new TransferException("cannot read the checkpoint " + file.name() + " or tidy its folder ("
                    + e.getMessage() + "): check that the folder can be read and written", e);
        }
        if (stream == null) {
            return null;
        }
        Checkpoint c = Checkpoint.read(stream, file.name());
        List<Fingerprint.Difference> differences = fingerprint.differences(c.fingerprint());
        if (!differences.isEmpty()) {
            throw new CheckpointMismatchException(file.name(), differences);
        }
        if (c.stage() >= plan.stages().size()
                || c.best().length != 3 * plan.stages().get(c.stage()).width() * plan.stages().get(c.stage()).height()) {
            throw new TransferException("the checkpoint " + file.name() + " does not fit this run's stages;"
                    + " delete it to start over");
        }
        return c;
    }

    /** The fingerprint the run's checkpoints carry. */
    Fingerprint fingerprint() {
        return fingerprint;
    }

    /** A stage's optimization starts at {@code now}: its first save is due an interval later. */
    void stageStarts(long now) {
        lastSave = now;
    }

    /** Whether to save after an iteration that ended at {@code now}; {@code stopping} when the run stops after it. */
    boolean due(long now, boolean stopping) {
        return file != null && (stopping || now - lastSave >= interval.toNanos());
    }

    /** Writes {@code checkpoint} to the file; the next save is due an interval after the write. */
    void write(Checkpoint checkpoint) {
        checkpoint.write(file);
        lastSave = clock.getAsLong();
    }
}
