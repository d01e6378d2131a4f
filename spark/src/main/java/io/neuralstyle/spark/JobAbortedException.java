package io.neuralstyle.spark;

/** The job as a whole could not run to its end (Spark did not start, or aborted it); the message says what to do. */
final class JobAbortedException extends RuntimeException {
    JobAbortedException(String message, Throwable cause) {
        super(message, cause);
    }
}
