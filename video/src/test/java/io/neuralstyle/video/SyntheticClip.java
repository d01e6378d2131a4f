package io.neuralstyle.video;

import io.neuralstyle.image.Image;
import io.neuralstyle.image.ImageReader;
import io.neuralstyle.image.ImageWriter;
import io.neuralstyle.image.Resize;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;

/**
 * A clip made from two pictures whose true motion is known: a camera panning and zooming over a
 * photo, with a second picture sliding across in front of it. Frame t looks at the photo through a
 * window centred at {@code centre(t)} with magnification {@code zoom(t)}; the picture's top-left
 * corner is at {@code spriteX(t), spriteY}. The true flow from frame t to frame t-1 follows from that,
 * as do the pixels the picture uncovers (disoccluded: no earlier pixel to warp from).
 */
final class SyntheticClip {
    final int width;
    final int height;
    private final Image background;
    private final Image sprite;
    private final double panX;
    private final double panY;
    private final double zoomRate;
    private final double spriteSpeed;

    /**
     * The camera's pan in photo pixels per frame and zoom factor per frame, and the picture's speed in
     * frame pixels per frame.
     */
    record Motion(double panX, double panY, double zoomRate, double spriteSpeed) {
        /** A slow pan and zoom in, the picture sliding right: the tests' clip and the benchmark's. */
        static final Motion GENTLE = new Motion(1.6, 0.7, 1.01, 2.5);
        /** Faster, the camera panning left, the picture sliding left. */
        static final Motion BRISK = new Motion(-2.4, 1.2, 1.02, -4.5);
    }

    SyntheticClip(Image photo, Image picture, int width, int height) {
        this(photo, picture, width, height, Motion.GENTLE);
    }

    SyntheticClip(Image photo, Image picture, int width, int height, Motion motion) {
        this.width = width;
        this.height = height;
        this.background = Resize.to(photo, 2 * width, 2 * width * photo.height() / photo.width());
        this.sprite = Resize.to(picture, width / 3, height / 2);
        this.panX = motion.panX();
        this.panY = motion.panY();
        this.zoomRate = motion.zoomRate();
        this.spriteSpeed = motion.spriteSpeed();
    }

    double zoom(int t) {
        return Math.pow(zoomRate, t);
    }

    double centreX(int t) {
        return background.width() * 0.4 + panX * t;
    }

    double centreY(int t) {
        return background.height() * 0.5 + panY * t;
    }

    double spriteX(int t) {
        return (spriteSpeed >= 0 ? width * 0.1 : width * 0.9 - sprite.width()) + spriteSpeed * t;
    }

    int spriteY() {
        return height / 4;
    }

    boolean inSprite(int t, double x, double y) {
        double sx = x - spriteX(t);
        double sy = y - spriteY();
        return sx >= 0 && sy >= 0 && sx < sprite.width() && sy < sprite.height();
    }

    Image frame(int t) {
        float[][] spritePlanes = {plane(sprite, 0), plane(sprite, 1), plane(sprite, 2)};
        float[][] backgroundPlanes = {plane(background, 0), plane(background, 1), plane(background, 2)};
        int plane = width * height;
        float[] out = new float[3 * plane];
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                Image source;
                float[][] planes;
                double sx;
                double sy;
                if (inSprite(t, x, y)) {
                    source = sprite;
                    planes = spritePlanes;
                    sx = x - spriteX(t);
                    sy = y - spriteY();
                } else {
                    source = background;
                    planes = backgroundPlanes;
                    sx = centreX(t) + (x - width / 2.0) / zoom(t);
                    sy = centreY(t) + (y - height / 2.0) / zoom(t);
                }
                for (int c = 0; c < 3; c++) {
                    out[c * plane + y * width + x] = Warp.bilinear(planes[c], source.width(), source.height(),
                            (float) sx, (float) sy);
                }
            }
        }
        return new Image(width, height, out);
    }

    private static float[] plane(Image image, int c) {
        float[] p = new float[image.pixels()];
        System.arraycopy(image.data(), c * p.length, p, 0, p.length);
        return p;
    }

    /**
     * The true flow from frame t to frame t-1. A pixel of the picture moves with it; a background
     * pixel (in frame t) is where the camera saw that point of the photo in frame t-1, whether or not
     * the picture covered it there (see {@link #disoccluded}).
     */
    Flow trueBackwardFlow(int t) {
        float[] dx = new float[width * height];
        float[] dy = new float[width * height];
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                int p = y * width + x;
                if (inSprite(t, x, y)) {
                    dx[p] = (float) (spriteX(t - 1) - spriteX(t));
                } else {
                    double bx = centreX(t) + (x - width / 2.0) / zoom(t);
                    double by = centreY(t) + (y - height / 2.0) / zoom(t);
                    dx[p] = (float) (width / 2.0 + (bx - centreX(t - 1)) * zoom(t - 1) - x);
                    dy[p] = (float) (height / 2.0 + (by - centreY(t - 1)) * zoom(t - 1) - y);
                }
            }
        }
        return new Flow(width, height, dx, dy);
    }

    /** Per pixel of frame t, row-major: a background pixel that the picture covered in frame t-1, with nothing to warp from. */
    boolean[] disoccluded(int t) {
        Flow f = trueBackwardFlow(t);
        boolean[] out = new boolean[width * height];
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                int p = y * width + x;
                out[p] = !inSprite(t, x, y) && inSprite(t - 1, x + f.dx()[p], y + f.dy()[p]);
            }
        }
        return out;
    }

    /**
     * Per pixel of frame t, row-major: a background pixel whose point of the photo the picture covered
     * in some earlier frame (the trail it leaves), whether or not the flow can warp it from frame t-1.
     */
    boolean[] uncoveredSinceStart(int t) {
        boolean[] out = new boolean[width * height];
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                if (inSprite(t, x, y)) {
                    continue;
                }
                double bx = centreX(t) + (x - width / 2.0) / zoom(t);
                double by = centreY(t) + (y - height / 2.0) / zoom(t);
                for (int s = 0; s < t && !out[y * width + x]; s++) {
                    out[y * width + x] = inSprite(s, width / 2.0 + (bx - centreX(s)) * zoom(s),
                            height / 2.0 + (by - centreY(s)) * zoom(s));
                }
            }
        }
        return out;
    }

    /**
     * Writes a clip as numbered PNG frames, for the benchmark and for looking at:
     * {@code PHOTO PICTURE WIDTH HEIGHT gentle|brisk FRAMES FOLDER}.
     */
    public static void main(String[] args) throws Exception {
        SyntheticClip clip = new SyntheticClip(ImageReader.read(Path.of(args[0])), ImageReader.read(Path.of(args[1])),
                Integer.parseInt(args[2]), Integer.parseInt(args[3]),
                args[4].equals("brisk") ? Motion.BRISK : Motion.GENTLE);
        Path folder = Files.createDirectories(Path.of(args[6]));
        for (int t = 0; t < Integer.parseInt(args[5]); t++) {
            ImageWriter.writePng(clip.frame(t), folder.resolve(String.format(Locale.ROOT, "f%03d.png", t + 1)), Map.of());
        }
    }
}
