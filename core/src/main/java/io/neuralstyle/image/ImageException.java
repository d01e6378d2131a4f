package io.neuralstyle.image;

/** An image that cannot be read or written; the message is one line that names the file and what to do. */
public class ImageException extends RuntimeException {
    public ImageException(String message) {
        super(message);
    }

    public ImageException(String message, Throwable cause) {
        super(message, cause);
    }
}
