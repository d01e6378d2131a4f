package io.neuralstyle.transfer;

import io.neuralstyle.files.AtomicFile;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;

/**
 * Where a run keeps its checkpoint: one file, replaced whole at each save, so that a run killed while
 * it saves leaves the previous checkpoint. A local file for the command line and the batch command
 * ({@link #file}); a front end whose outputs live elsewhere (Spark's, on Hadoop's file systems) gives
 * its own, so that another machine can go on from it.
 */
public interface CheckpointStore {
    /** The checkpoint as the user finds it, for messages. */
    String name();

    /**
     * The checkpoint to read, once what interrupted saves left beside it is gone (never a live
     * writer's); null when there is none yet.
     */
    InputStream open() throws IOException;

    /** Replaces the checkpoint with what {@code content} writes, all at once. */
    void write(AtomicFile.Content content) throws IOException;

    /** Deletes the checkpoint, if there is one. */
    void delete() throws IOException;

    /**
     * The name of the checkpoint of an output, beside it: OUTPUT.checkpoint for OUTPUT.png, so that every
     * front end (one picture, a batch, Spark) keeps it where the same command run again finds it.
     */
    static String besideOutput(String outputName) {
        String stem = outputName.endsWith(".png") ? outputName.substring(0, outputName.length() - 4) : outputName;
        return stem + ".checkpoint";
    }

    /** A checkpoint in a local file; null for null (no checkpoints). */
    static CheckpointStore file(Path file) {
        return file == null ? null : new CheckpointFile(file);
    }
}
