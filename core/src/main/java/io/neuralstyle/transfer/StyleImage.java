package io.neuralstyle.transfer;

import io.neuralstyle.image.Image;
import java.util.Objects;

/**
 * A style image and, optionally, the region of the result it paints (Gatys et al. 2017): a mask of
 * any size, gray or colour, white where the style applies and black where it does not; it is
 * resized to each layer. Either every style of a run has a mask or none has.
 *
 * @param image the painting
 * @param mask  the region, or null for the whole image (several unmasked styles are blended)
 */
public record StyleImage(Image image, Image mask) {

    public StyleImage {
        Objects.requireNonNull(image, "style image");
    }

    /** A style for the whole image. */
    public static StyleImage of(Image image) {
        return new StyleImage(image, null);
    }

    /** A style for the mask's white region. */
    public static StyleImage masked(Image image, Image mask) {
        return new StyleImage(image, Objects.requireNonNull(mask, "mask"));
    }
}
