package io.neuralstyle.transfer;

import io.neuralstyle.engine.StyleLoss;

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
     * @throws StyleInputException when the counts do not go together
     * @throws SettingsException   when {@link Settings#styleLoss()} cannot take them
     */
    public static void check(int styles, int masks, Settings settings) {
        int blend = settings.styleBlend().size();
        if (masks != 0 && masks != styles) {
            throw new StyleInputException(StyleInputException.Kind.MASK_COUNT, styles, masks, blend);
        }
        if (masks > 0 && blend > 0) {
            throw new StyleInputException(StyleInputException.Kind.BLEND_WITH_MASKS, styles, masks, blend);
        }
        if (settings.styleLoss() == StyleLoss.SLICED && masks > 0) {
            throw SettingKey.STYLE_LOSS.invalid("sliced does not take masks (a masked region's sorted projections"
                    + " have no exact form here): use gram or w2 with masks");
        }
        if (settings.styleLoss() == StyleLoss.SLICED && styles > 1) {
            throw SettingKey.STYLE_LOSS.invalid("sliced takes one style image (blending sorted projections is not"
                    + " built): use gram or w2 to blend paintings");
        }
        if (blend > 0 && blend != styles) {
            throw new StyleInputException(StyleInputException.Kind.BLEND_COUNT, styles, masks, blend);
        }
    }
}
