package io.neuralstyle.transfer;

/**
 * Paintings, masks and blend weights that do not go together, found from their counts alone (see
 * {@link StyleInputs#check}). The message says it in the core's words (paintings, masks, blend
 * weights); {@link #kind()} and the counts let a front end say it in its own: the command line
 * names its options, the web studio its form's fields.
 *
 * <p>An {@link IllegalArgumentException} to a program that builds a {@link RunRequest} of such a run;
 * every front end checks its user's input with {@link StyleInputs#check} before reading any image.
 */
public final class StyleInputException extends IllegalArgumentException {
    /** What does not go together. */
    public enum Kind {
        /** Some paintings have a mask and others not: one mask per painting, or none. */
        MASK_COUNT,
        /** Blend weights with masks, where each mask's region takes its own painting. */
        BLEND_WITH_MASKS,
        /** Not one blend weight per painting. */
        BLEND_COUNT
    }

    private final Kind kind;
    private final int styles;
    private final int masks;
    private final int blendWeights;

    StyleInputException(Kind kind, int styles, int masks, int blendWeights) {
        super(message(kind, styles, masks, blendWeights));
        this.kind = kind;
        this.styles = styles;
        this.masks = masks;
        this.blendWeights = blendWeights;
    }

    public Kind kind() {
        return kind;
    }

    /** The paintings given. */
    public int styles() {
        return styles;
    }

    /** The masks given. */
    public int masks() {
        return masks;
    }

    /** The blend weights given. */
    public int blendWeights() {
        return blendWeights;
    }

    private static String message(Kind kind, int styles, int masks, int blendWeights) {
        return switch (kind) {
            case MASK_COUNT -> count(masks, "mask") + " for " + count(styles, "painting") + ": give one mask per"
                    + " painting, in the same order, or none";
            case BLEND_WITH_MASKS -> "style blend weights do not apply with masks, where each mask's region takes its"
                    + " own painting: drop the blend weights";
            case BLEND_COUNT -> count(blendWeights, "style blend weight") + " for " + count(styles, "painting")
                    + ": give one weight per painting";
        };
    }

    private static String count(int n, String thing) {
        return n + " " + thing + (n == 1 ? "" : "s");
    }
}
