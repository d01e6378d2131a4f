package io.neuralstyle.transfer;

/**
 * A run request that cannot be run with its settings, found when it is built (see
 * {@link RunRequest.Builder#build}): an image the settings need is missing, or a video frame asks for
 * a checkpoint of its own. The message says it in the core's words; {@link #kind()} lets a front end
 * say it in its own.
 *
 * <p>An {@link IllegalArgumentException}: front ends ask their users for the images their settings
 * need, so this mostly tells a program calling the library what it left out.
 */
public final class RunRequestException extends IllegalArgumentException {
    /** What is wrong. */
    public enum Kind {
        /** Content layers are set but there is no photo. */
        NO_CONTENT,
        /** Style layers are set but there is no painting. */
        NO_STYLE,
        /** The settings start from an image ({@link Init.FromImage}) that was not given. */
        NO_INIT_IMAGE,
        /** The settings start from the photo ({@link Init#CONTENT}) but there is none. */
        INIT_CONTENT_WITHOUT_CONTENT,
        /** The colours are the photo's ({@link Settings#colors()} other than style) but there is no photo. */
        COLORS_WITHOUT_CONTENT,
        /** A video frame (with a temporal guide) with a checkpoint file: the video keeps its frames itself. */
        CHECKPOINTED_FRAME
    }

    private final Kind kind;

    RunRequestException(Kind kind, String message) {
        super(message);
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }
}
