package io.neuralstyle.video;

import io.neuralstyle.image.Image;
import io.neuralstyle.image.ImageReader;
import io.neuralstyle.image.ImageWriter;
import io.neuralstyle.image.Resize;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

/**
 * A clip that behaves like a phone's, made without footage to download: a hand-held camera over a
 * real photo (a pan and zoom that ease in and out, with a slight shake), a ball thrown across the
 * scene that passes behind a post (occlusion), sensor noise in every frame, then a hard cut to a
 * second photo with a camera move of its own. {@link #main} writes it as H.264 through the project's
 * own encoder at {@code --video-quality small} (compression artefacts), or as PNG frames.
 */
final class PhoneClip {
    /** A phone's sensor noise at this size: the standard deviation per channel, in 0..1 units. */
    static final double NOISE = 3.0 / 255;

    private final int width;
    private final int height;
    private final int cut;
    private final int frames;
    private final Image first;
    private final Image second;

    /**
     * @param cut the index of the first frame of the second scene
     */
    PhoneClip(Image photo, Image secondPhoto, int width, int height, int frames, int cut) {
        this.width = width;
        this.height = height;
        this.frames = frames;
        this.cut = cut;
        this.first = cover(photo, 1.6 * width, 1.6 * height);
        this.second = cover(secondPhoto, 1.4 * width, 1.4 * height);
    }

    /** The photo resized to cover a {@code w} x {@code h} area, keeping its shape. */
    private static Image cover(Image photo, double w, double h) {
        double scale = Math.max(w / photo.width(), h / photo.height());
        return Resize.to(photo, (int) Math.ceil(photo.width() * scale), (int) Math.ceil(photo.height() * scale));
    }

    private static double ease(double u) {
        u = Math.max(0, Math.min(1, u));
        return u * u * (3 - 2 * u);
    }

    /** The hand's shake in frame pixels: a few slow sines, as a held phone drifts, not white jitter. */
    private static double[] shake(int t) {
        return new double[] {0.6 * Math.sin(2 * Math.PI * t / 5.3) + 0.35 * Math.sin(2 * Math.PI * t / 2.1 + 1),
            0.5 * Math.sin(2 * Math.PI * t / 4.1 + 2) + 0.25 * Math.sin(2 * Math.PI * t / 1.7)};
    }

    Image frame(int t) {
        boolean firstScene = t < cut;
        Image bg = firstScene ? first : second;
        double u = firstScene ? t / (double) Math.max(1, cut - 1) : (t - cut) / (double) Math.max(1, frames - cut - 1);
        double e = ease(u);
        // The camera: where the frame's centre looks in the photo, and how many frame pixels a photo pixel spans.
        double cx = bg.width() * (firstScene ? 0.40 + 0.20 * e : 0.60 - 0.18 * e);
        double cy = bg.height() * (firstScene ? 0.50 - 0.04 * e : 0.48 + 0.03 * e);
        double zoom = firstScene ? 1.0 + 0.15 * e : 1.12 - 0.12 * e;
        double[] hand = shake(t);
        // The post and the ball live in the photo's coordinates: they move with the scene.
        double postX = bg.width() * 0.56;
        double postHalf = bg.width() * 0.018;
        double ballX = bg.width() * (0.36 + 0.34 * u);
        double ballY = bg.height() * (0.62 - 0.9 * u * (1 - u) * 0.5);
        double ballR = bg.height() * 0.07;
        int plane = width * height;
        float[] out = new float[3 * plane];
        float[][] planes = {plane(bg, 0), plane(bg, 1), plane(bg, 2)};
        Random noise = new Random(1000 + t);
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                double px = cx + (x - width / 2.0 + hand[0]) / zoom;
                double py = cy + (y - height / 2.0 + hand[1]) / zoom;
                float[] rgb = new float[3];
                for (int c = 0; c < 3; c++) {
                    rgb[c] = Warp.bilinear(planes[c], bg.width(), bg.height(), (float) px, (float) py);
                }
                if (firstScene) {
                    double bx = (px - ballX) / ballR;
                    double by = (py - ballY) / ballR;
                    double r2 = bx * bx + by * by;
                    if (r2 < 1) { // an orange ball lit from the top left
                        double light = 0.55 + 0.45 * Math.max(0, -0.5 * bx - 0.6 * by + 0.62 * Math.sqrt(1 - r2));
                        rgb[0] = (float) (0.97 * light);
                        rgb[1] = (float) (0.48 * light);
                        rgb[2] = (float) (0.12 * light);
                    }
                    double dx = Math.abs(px - postX);
                    if (dx < postHalf) { // a dark post in front of the ball, its left edge catching the light
                        float shade = (float) (px < postX - 0.6 * postHalf ? 0.42 : 0.2);
                        rgb[0] = shade;
                        rgb[1] = shade;
                        rgb[2] = shade + 0.02f;
                    }
                }
                for (int c = 0; c < 3; c++) {
                    double v = rgb[c] + NOISE * noise.nextGaussian();
                    out[c * plane + y * width + x] = (float) Math.max(0, Math.min(1, v));
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
     * {@code PHOTO SECOND-PHOTO WIDTH HEIGHT FRAMES CUT OUTPUT}: OUTPUT.mp4 as H.264 at 24 fps, or a
     * folder of PNG frames.
     */
    public static void main(String[] args) throws Exception {
        int frames = Integer.parseInt(args[4]);
        PhoneClip clip = new PhoneClip(ImageReader.read(Path.of(args[0])), ImageReader.read(Path.of(args[1])),
                Integer.parseInt(args[2]), Integer.parseInt(args[3]), frames, Integer.parseInt(args[5]));
        Path output = Path.of(args[6]);
        boolean video = output.getFileName().toString().endsWith(".mp4");
        Path folder = video ? Files.createTempDirectory("phone-clip") : Files.createDirectories(output);
        List<Path> written = new ArrayList<>();
        for (int t = 0; t < frames; t++) {
            Path f = folder.resolve(String.format(Locale.ROOT, "f%03d.png", t + 1));
            ImageWriter.writePng(clip.frame(t), f, Map.of());
            written.add(f);
        }
        if (video) {
            ClipWriter.writeVideo(written, 24, null, output, VideoQuality.SMALL);
            for (Path f : written) {
                Files.delete(f);
            }
            Files.delete(folder);
        }
    }
}
