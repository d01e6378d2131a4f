package io.neuralstyle.spark;

import java.io.Serializable;

/**
 * A test hook: every attempt at the item written to {@code output} fails, as an item that kills its
 * executor would, so that a test can watch Spark abort the job.
 *
 * @param output the output's file name, or null: none
 */
record Poison(String output) implements Serializable {
    /** The job's setting that turns the hook on: the output's file name. */
    static final String SETTING = "spark.neuralstyle.test.poison";

    void check(String name) {
        if (name.equals(output)) {
            throw new IllegalStateException("test hook " + SETTING + ": every attempt at " + name + " fails");
        }
    }
}
