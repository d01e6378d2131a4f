package io.neuralstyle.transfer;

/**
 * The one check of a run's paintings, masks and blend weights, by their counts: every front end
 * calls it before reading any image, and a {@link RunRequest} calls it again when it is built, for
 * callers of the library.
 */
public final class StyleInputs {
    private StyleInputs() {
    }

    /**
     * @param styles the paintings
     * @param masks  the masks given: none, or one per painting
     * @throws StyleInputException when the counts do not go together (every style loss takes regions
     *                             and blends)
     */
    public static void check(int styles, int masks, Settings settings) {
        int blend = settings.styleBlend().size();
        if (masks != 0 && masks != styles) {
            throw new StyleInputException(StyleInputException.Kind.MASK_COUNT, styles, masks, blend);
        }
        if (masks > 0 && blend > 0) {
            throw new StyleInputException(StyleInputException.Kind.BLEND_WITH_MASKS, styles, masks, blend);
        }
        if (blend > 0 && blend != styles) {
            throw new StyleInputException(StyleInputException.Kind.BLEND_COUNT, styles, masks, blend);
        }
    }
}
