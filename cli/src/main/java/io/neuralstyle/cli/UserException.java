package io.neuralstyle.cli;

/** A problem with what the user asked for; its message is shown as it is, on one line. */
final class UserException extends RuntimeException {
    UserException(String message) {
        super(message);
    }
}
