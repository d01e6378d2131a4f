package io.neuralstyle.image;

import java.awt.color.ColorSpace;
import java.awt.color.ICC_ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.ColorModel;
import java.awt.image.ComponentColorModel;
import java.awt.image.Raster;

/**
 * Conversions between {@link Image} and Java2D's {@link BufferedImage}, at 8 bits per channel: the
 * precision of the files we write and of what the network was trained on.
 */
public final class Images {
    private Images() {
    }

    /**
     * An opaque 8-bit sRGB copy. Values are clamped to [0, 1] and rounded to the nearest of 256 levels;
     * NaN becomes 0, so a diverged optimization still yields a file the user can look at.
     */
    public static BufferedImage toBufferedImage(Image image) {
        int w = image.width();
        int h = image.height();
        int plane = w * h;
        float[] d = image.data();
        int[] rgb = new int[plane];
        for (int i = 0; i < plane; i++) {
            rgb[i] = toByte(d[i]) << 16 | toByte(d[plane + i]) << 8 | toByte(d[2 * plane + i]);
        }
        BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        out.setRGB(0, 0, w, h, rgb, 0, w);
        return out;
    }

    /**
     * The image's colors as sRGB values k/255, with any transparency composited onto white (the
     * background a viewer would most likely show, and the one that keeps logos and line art legible).
     * Color-managed images (an embedded ICC profile) are converted to sRGB; CMYK without a profile
     * is converted approximately.
     */
    public static Image fromBufferedImage(BufferedImage image) {
        ColorModel cm = image.getColorModel();
        ColorSpace cs = cm.getColorSpace();
        if (cm instanceof ComponentColorModel && cs.getType() == ColorSpace.TYPE_GRAY) {
            return fromGray(image);
        }
        if (cm instanceof ComponentColorModel && cs.getType() == ColorSpace.TYPE_CMYK && !(cs instanceof ICC_ColorSpace)) {
            return fromUnprofiledCmyk(image);
        }
        int w = image.getWidth();
        int h = image.getHeight();
        int plane = w * h;
        float[] d = new float[Image.CHANNELS * plane];
        int[] row = new int[w];
        for (int y = 0; y < h; y++) {
            // getRGB converts any color model (palette, 16-bit, ICC profile) to 8-bit straight-alpha sRGB.
            image.getRGB(0, y, w, 1, row, 0, w);
            for (int x = 0; x < w; x++) {
                int argb = row[x];
                double a = (argb >>> 24) / 255.0;
                int i = y * w + x;
                d[i] = onWhite((argb >> 16 & 0xff) / 255.0, a);
                d[plane + i] = onWhite((argb >> 8 & 0xff) / 255.0, a);
                d[2 * plane + i] = onWhite((argb & 0xff) / 255.0, a);
            }
        }
        return new Image(w, h, d);
    }

    /**
     * Gray images are read from their raw samples because Java2D declares its gray color space linear
     * and so brightens mid-grays in getRGB, while image files store gray gamma-encoded just like sRGB.
     */
    private static Image fromGray(BufferedImage image) {
        ColorModel cm = image.getColorModel();
        Raster raster = image.getRaster();
        int w = image.getWidth();
        int h = image.getHeight();
        int plane = w * h;
        double grayMax = (1 << cm.getComponentSize(0)) - 1;
        boolean alpha = cm.hasAlpha();
        double alphaMax = alpha ? (1 << cm.getComponentSize(1)) - 1 : 1;
        float[] d = new float[Image.CHANNELS * plane];
        int[] gray = new int[w];
        int[] opacity = new int[w];
        for (int y = 0; y < h; y++) {
            raster.getSamples(0, y, w, 1, 0, gray);
            if (alpha) {
                raster.getSamples(0, y, w, 1, 1, opacity);
            }
            for (int x = 0; x < w; x++) {
                double a = alpha ? opacity[x] / alphaMax : 1.0;
                double g = gray[x] / grayMax;
                if (cm.isAlphaPremultiplied()) {
                    g = a > 0 ? g / a : 0;
                }
                float v = onWhite(g, a);
                int i = y * w + x;
                d[i] = v;
                d[plane + i] = v;
                d[2 * plane + i] = v;
            }
        }
        return new Image(w, h, d);
    }

    /**
     * CMYK without an ICC profile, by the usual naive formula R = (1 - C)(1 - K) that browsers and
     * Pillow use. The JDK's own fallback treats that result as linear light and brightens it again,
     * which washes photos out.
     */
    private static Image fromUnprofiledCmyk(BufferedImage image) {
        ColorModel cm = image.getColorModel();
        Raster raster = image.getRaster();
        int w = image.getWidth();
        int h = image.getHeight();
        int plane = w * h;
        float[] d = new float[Image.CHANNELS * plane];
        int[][] ink = new int[4][w];
        for (int y = 0; y < h; y++) {
            for (int band = 0; band < 4; band++) {
                raster.getSamples(0, y, w, 1, band, ink[band]);
            }
            for (int x = 0; x < w; x++) {
                double paper = 1.0 - ink[3][x] / (double) ((1 << cm.getComponentSize(3)) - 1);
                int i = y * w + x;
                for (int c = 0; c < Image.CHANNELS; c++) {
                    double max = (1 << cm.getComponentSize(c)) - 1;
                    d[c * plane + i] = onWhite((1.0 - ink[c][x] / max) * paper, 1.0);
                }
            }
        }
        return new Image(w, h, d);
    }

    /** A straight-alpha color value over white, rounded to the nearest k/255. */
    private static float onWhite(double value, double alpha) {
        double v = value * alpha + (1.0 - alpha);
        return Math.round(v * 255.0) / 255f;
    }

    private static int toByte(float v) {
        if (!(v > 0f)) {
            return 0; // also NaN
        }
        return v >= 1f ? 255 : Math.round(v * 255f);
    }
}
