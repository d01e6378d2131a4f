package io.neuralstyle.transfer;

import io.neuralstyle.image.ColorTransfer;
import io.neuralstyle.image.Image;
import io.neuralstyle.image.Yiq;
import java.util.ArrayList;
import java.util.List;

/**
 * What {@link Settings#colors()} does to a run's images: how the photo, the paintings and a starting
 * image are shown to the network, and how its output becomes the result.
 */
final class ColorPlan {
    private final Colors colors;
    private final Image photo;

    /** @param photo the content at the output size (null for a texture, where only STYLE is allowed) */
    ColorPlan(Colors colors, Image photo) {
        this.colors = colors;
        this.photo = photo;
    }

    /** The photo, or a starting image, as the network sees it: gray for a luminance-only transfer. */
    Image forNetwork(Image image) {
        return colors == Colors.LUMINANCE ? Yiq.luminanceOnly(image) : image;
    }

    /** The paintings as the network sees them; masks are left as they are. */
    List<StyleImage> styles(List<StyleImage> styles) {
        List<StyleImage> out = new ArrayList<>();
        for (StyleImage s : styles) {
            out.add(new StyleImage(style(s.image()), s.mask()));
        }
        return out;
    }

    private Image style(Image painting) {
        return switch (colors) {
            case STYLE -> painting;
            case HISTOGRAM -> ColorTransfer.matchMeanAndCovariance(painting, photo);
            // Gatys et al. 2016 match the painting's luminance to the photo's mean and spread, so that
            // the luminance statistics the network matches are not those of a darker or flatter image.
            case LUMINANCE -> Yiq.gray(Yiq.matchMeanAndStd(Yiq.luminance(painting), Yiq.luminance(photo)),
                    painting.width(), painting.height());
        };
    }

    /** The network's image as a result, in [0, 1]: with luminance, its Y on the photo's chroma. */
    Image finish(Image optimized) {
        if (colors == Colors.LUMINANCE) {
            return Yiq.combine(Yiq.luminance(optimized), photo).clamped();
        }
        return optimized.clamped();
    }
}
