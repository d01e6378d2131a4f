package io.neuralstyle.video;

/**
 * A clip that cannot be read, painted or written as asked: its message is one line that says what is
 * wrong and what to do, for the user to see as it is.
 */
public class VideoException extends RuntimeException {
    public VideoException(String message) {
        super(message);
    }

    public VideoException(String message, Throwable cause) {
        super(message, cause);
    }
}
