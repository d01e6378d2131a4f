package io.neuralstyle.files;

/** How another library's message reads inside one of ours. */
public final class ErrorText {
    private ErrorText() {
    }

    /**
     * The message on one line, its runs of white space (newlines too) as single spaces: the messages
     * of parsers and native libraries often span several lines. Empty for none.
     */
    public static String oneLine(String message) {
        return message == null ? "" : message.replaceAll("\\s+", " ").trim();
    }
}
