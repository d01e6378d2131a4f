package io.neuralstyle.batch;

import io.neuralstyle.image.Image;
import java.util.Map;
import java.util.Optional;

/**
 * Where a batch's images live: the local disk for the command line, Hadoop's file systems for Spark.
 * Locations are the text of {@link BatchItem}'s fields.
 */
public interface ItemFiles {
    /**
     * Reads an image.
     *
     * @throws io.neuralstyle.image.ImageException when it is missing, unreadable or not an image
     */
    Image readImage(String location);

    /** The text chunks of an output PNG, or empty when there is none (or it is no whole PNG). */
    Optional<Map<String, String>> outputText(String location);

    /**
     * Writes a result PNG with its text chunks, all at once: a reader, a later run, or another attempt
     * at the same item sees the old file or the whole new one, never a part.
     */
    void writeOutput(Image image, Map<String, String> text, String location);

    /** Whether a file (of any kind) is at {@code location}. */
    boolean exists(String location);

    /**
     * Deletes the temporary files that writers of the output at {@code location} left when they were
     * killed mid-write, and never one that a live writer, of this job or another, is still writing.
     */
    void removeLeftovers(String location);

    /** Whether two locations name the same file, so that no input is ever overwritten. */
    boolean same(String a, String b);
}
