package io.neuralstyle.transfer;

import java.util.Locale;

/** Whose colours the result has (Gatys et al. 2016, "Preserving Color in Neural Artistic Style Transfer"). */
public enum Colors {
    /** The painting's, as in the 2015 paper. */
    STYLE,
    /**
     * The photo's, by transferring on luminance only: the photo and the painting (its luminance matched
     * to the photo's mean and standard deviation) are made gray, and the result's luminance is combined
     * with the photo's YIQ chroma.
     */
    LUMINANCE,
    /**
     * The photo's, by matching the painting's colours to the photo's mean and covariance before the
     * transfer (a linear map, see {@link io.neuralstyle.image.ColorTransfer}).
     */
    HISTOGRAM;

    /**
     * Parses "style", "luminance" or "histogram", any case.
     *
     * @throws SettingsException naming the setting {@code colors} for anything else
     */
    public static Colors parse(String s) {
        for (Colors c : values()) {
            if (c.toString().equals(s.trim().toLowerCase(Locale.ROOT))) {
                return c;
            }
        }
        throw SettingKey.COLORS.invalid("unknown colors '" + s + "': use style, luminance or histogram");
    }

    @Override
    public String toString() {
        return name().toLowerCase(Locale.ROOT);
    }
}
