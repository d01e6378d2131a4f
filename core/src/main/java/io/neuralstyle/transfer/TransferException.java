package io.neuralstyle.transfer;

/**
 * A run that cannot start or go on, for a reason the user can act on: a size that does not fit in
 * memory, an optimization that diverged, a checkpoint made with other settings. Its message says
 * what is wrong and what to do; front ends show it as it is. Anything else that escapes a run is a
 * bug.
 */
public class TransferException extends RuntimeException {
    public TransferException(String message) {
        super(message);
    }

    public TransferException(String message, Throwable cause) {
        super(message, cause);
    }
}
