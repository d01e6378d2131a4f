package io.neuralstyle.web;

/** The studio cannot go on (its data folder, its database); the message says what to do. */
public class StudioException extends RuntimeException {
    public StudioException(String message) {
        super(message);
    }

    public StudioException(String message, Throwable cause) {
        super(message, cause);
    }
}
