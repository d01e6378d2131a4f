package io.neuralstyle.web;

import java.util.Locale;

/** Where a job is in its life; the API writes these in lower case. */
public enum JobStatus {
    /** Waiting for the worker. */
    QUEUED,
    /** Being painted now. */
    RUNNING,
    /** Finished: its result is written. */
    DONE,
    /** Ended by an error (or a diverged run, whose best image is kept); the message says what to do. */
    FAILED,
    /** Stopped by the user; a running job keeps its best image as the result. */
    CANCELLED,
    /** Running when the server stopped; it goes on from its checkpoint when resumed. */
    INTERRUPTED;

    public String text() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static JobStatus of(String text) {
        return valueOf(text.toUpperCase(Locale.ROOT));
    }

    /** Whether the job has ended (it will not run again unless an interrupted one is resumed). */
    public boolean ended() {
        return this != QUEUED && this != RUNNING;
    }
}
