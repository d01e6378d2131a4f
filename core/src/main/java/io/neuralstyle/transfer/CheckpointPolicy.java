package io.neuralstyle.transfer;

import java.nio.file.Path;
import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * When a run saves its state, and where: to the request's checkpoint file, once the interval has
 * passed since its stage began or since the last save, and whenever the run is asked to stop; never
 * without a file. Times are {@link System#nanoTime} readings.
 */
final class CheckpointPolicy {
    private final Path file;
    private final Duration interval;
    private final LongSupplier clock;
    private long lastSave;

    /** @param file null for no checkpoints */
    CheckpointPolicy(Path file, Duration interval, LongSupplier clock) {
        this.file = file;
        this.interval = interval;
        this.clock = clock;
    }

    /** The request's file and interval, on the system's clock. */
    static CheckpointPolicy of(RunRequest request) {
        return new CheckpointPolicy(request.checkpointFile(), request.checkpointInterval(), System::nanoTime);
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
