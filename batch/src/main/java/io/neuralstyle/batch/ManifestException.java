package io.neuralstyle.batch;

/** A manifest that cannot be used; the message names the file (and row) and says what to change. */
public class ManifestException extends RuntimeException {
    public ManifestException(String message) {
        super(message);
    }
}
