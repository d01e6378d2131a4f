package io.neuralstyle.spark;

import java.io.IOException;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A test hook: makes the first task attempt that writes an output fail after its temporary file is
 * written and before it is renamed, the worst moment, so that a test can watch Spark retry the task.
 * The marker file {@value #MARKER} in a local folder, naming that output, says it has happened.
 *
 * @param markers the folder of markers, or null: never fail
 */
record FailOnce(String markers) implements Serializable {
    /** The job's setting that turns the hook on: a local folder for the markers. */
    static final String SETTING = "spark.neuralstyle.test.failOnceDir";
    static final FailOnce NEVER = new FailOnce(null);

    static final String MARKER = "failed-once";

    void maybeFail(String output) {
        if (markers == null) {
            return;
        }
        try {
            Files.writeString(Files.createFile(Path.of(markers, MARKER)), output);
        } catch (FileAlreadyExistsException e) {
            return; // one attempt has failed already
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        throw new IllegalStateException("test hook " + SETTING + ": the first attempt at " + output + " fails");
    }
}
