package io.neuralstyle.video;

import io.neuralstyle.image.Image;
import io.neuralstyle.image.Images;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.BiFunction;
import java.util.stream.Stream;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;

/**
 * How much flicker and colour error a GIF adds to its frames, for each way of choosing the palette and
 * dithering: the measurement behind {@link AnimatedGif}'s choice (the table in docs/video.md).
 * {@code PAINTED [PHOTOS] OUT}: PAINTED is a folder of painted PNG frames (such as
 * {@code neural-style video --output FOLDER} writes), PHOTOS the frames they were painted from (their
 * optical flow gives the warping error; left out, only the differences between frames are measured),
 * OUT a folder for the GIFs. {@code --still NOISE OUT}: the same for 12 frames of the tests' still
 * {@link TestClips#painting} at 160x120, each with noise of up to NOISE levels (of 255);
 * {@code --test-clip OUT}: for the gradient clip of {@link TestClips#frame}.
 *
 * <p>Columns: the mean absolute difference between consecutive frames (0..255) of the GIF and, for
 * reference, of the PNG frames; the warping error (Lai et al. 2018, as {@link WarpingError}) of the
 * GIF's frames and of the PNGs; the mean absolute difference from the PNG frames (0..255); the file size.
 */
public final class GifFlicker {
    private GifFlicker() {
    }

    record Row(String way, double difference, double warping, double colourError, double blurredError, long bytes) {
    }

    public static void main(String[] args) throws Exception {
        Path out = Files.createDirectories(Path.of(args[args.length - 1]));
        boolean made = args[0].startsWith("--");
        Path painted = made ? out.resolve("frames") : Path.of(args[0]);
        Path photos = !made && args.length > 2 ? Path.of(args[1]) : null;
        switch (made ? args[0] : "") {
            case "--still" -> TestClips.stillPainting(painted, 12, 160, 120, Integer.parseInt(args[1]));
            case "--test-clip" -> TestClips.pngFrames(painted, TestClips.FRAMES, TestClips.WIDTH, TestClips.HEIGHT);
            default -> {
            }
        }
        List<Path> frames = pngs(painted);
        List<Image> pngFrames = new ArrayList<>();
        for (Path f : frames) {
            pngFrames.add(ClipWriter.readFrame(f));
        }
        List<Image> photoFrames = null;
        if (photos != null) {
            photoFrames = new ArrayList<>();
            for (Path f : pngs(photos)) {
                photoFrames.add(ClipWriter.readFrame(f));
            }
        }
        List<Row> rows = new ArrayList<>();
        rows.add(new Row("PNG frames (reference)", TestClips.meanDifference(pngFrames), warping(pngFrames, photoFrames),
                0, 0,
                frames.stream().mapToLong(GifFlicker::size).sum()));
        Path perFrame = out.resolve("per-frame.gif");
        perFramePalettes(frames, perFrame);
        rows.add(row("per-frame palettes (JDK, before)", perFrame, pngFrames, photoFrames));
        rows.add(row("one palette, no dither (AnimatedGif)", write(frames, out, "shared-none", GifPalette::map),
                pngFrames, photoFrames));
        for (double scale : new double[] {0.5, 1, 2}) {
            rows.add(row(String.format(Locale.ROOT, "one palette, ordered (Bayer 8x8) %.1fx its spacing", scale),
                    write(frames, out, "shared-ordered-" + scale, (p, f) -> ordered(p, f, scale * spacing(p))),
                    pngFrames, photoFrames));
        }
        for (int n : new int[] {4, 16}) {
            rows.add(row(String.format(Locale.ROOT, "one palette, Knoll's pattern dither of %d colours", n),
                    write(frames, out, "shared-knoll-" + n, (p, f) -> knoll(p, f, n, 0.5)), pngFrames, photoFrames));
        }
        rows.add(row("one palette, Floyd-Steinberg", write(frames, out, "shared-fs", GifFlicker::floydSteinberg),
                pngFrames, photoFrames));

        System.out.println("| GIF | consecutive frames' mean abs. difference (0..255) | warping error (x1e-4) "
                + "| colour error to the PNGs (0..255) | the same, both 5x5-blurred | size (KB) |");
        System.out.println("|---|---|---|---|---|---|");
        for (Row r : rows) {
            System.out.printf(Locale.ROOT, "| %s | %.2f | %s | %.2f | %.2f | %d |%n", r.way(), r.difference(),
                    Double.isNaN(r.warping()) ? "-" : String.format(Locale.ROOT, "%.2f", 1e4 * r.warping()),
                    r.colourError(), r.blurredError(), (r.bytes() + 512) / 1024);
        }
        GifPalette.Histogram histogram = new GifPalette.Histogram();
        pngFrames.forEach(histogram::add);
        for (int rounds : new int[] {0, 4, 8}) {
            GifPalette p = histogram.palette(GifPalette.MAX_COLOURS, rounds);
            double error = 0;
            for (Image f : pngFrames) {
                error += TestClips.colourError(f, decode(p, f, p.map(f)));
            }
            System.out.printf(Locale.ROOT, "median cut + %d k-means rounds: %d colours, spacing %.1f, colour error"
                    + " without dither %.2f%n", rounds, p.size(), spacing(p), error / pngFrames.size());
        }
    }

    /** The 8x8 Bayer thresholds 0..63. */
    private static final int[] BAYER8 = bayer8();

    /**
     * Ordered dither: the same offset on each channel, a fraction of {@code amplitude} (0..255 units)
     * fixed per position by the 8x8 Bayer matrix, then the nearest colour.
     */
    static byte[] ordered(GifPalette p, Image frame, double amplitude) {
        int w = frame.width();
        int plane = frame.pixels();
        float[] d = frame.data();
        byte[] out = new byte[plane];
        for (int px = 0; px < plane; px++) {
            double offset = amplitude * ((BAYER8[(px / w & 7) * 8 + (px % w & 7)] + 0.5) / 64 - 0.5);
            out[px] = (byte) p.nearest(level(255.0 * d[px] + offset), level(255.0 * d[plane + px] + offset),
                    level(255.0 * d[2 * plane + px] + offset));
        }
        return out;
    }

    /** Floyd-Steinberg error diffusion, left to right, top to bottom. */
    static byte[] floydSteinberg(GifPalette p, Image frame) {
        int w = frame.width();
        int h = frame.height();
        int plane = frame.pixels();
        float[] work = new float[3 * plane];
        for (int i = 0; i < work.length; i++) {
            work[i] = frame.data()[i] * 255f;
        }
        byte[] out = new byte[plane];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int px = y * w + x;
                int i = p.nearest(level(work[px]), level(work[plane + px]), level(work[2 * plane + px]));
                out[px] = (byte) i;
                int rgb = p.rgb(i);
                int[] chosen = {rgb >> 16 & 0xff, rgb >> 8 & 0xff, rgb & 0xff};
                for (int c = 0; c < 3; c++) {
                    float e = work[c * plane + px] - chosen[c];
                    if (x + 1 < w) {
                        work[c * plane + px + 1] += e * 7 / 16;
                    }
                    if (y + 1 < h) {
                        if (x > 0) {
                            work[c * plane + px + w - 1] += e * 3 / 16;
                        }
                        work[c * plane + px + w] += e * 5 / 16;
                        if (x + 1 < w) {
                            work[c * plane + px + w + 1] += e / 16;
                        }
                    }
                }
            }
        }
        return out;
    }

    /** The palette's typical spacing: the median distance (0..255 units) from a colour to its nearest other. */
    static double spacing(GifPalette p) {
        double[] nearest = new double[p.size()];
        for (int i = 0; i < p.size(); i++) {
            double best = Double.POSITIVE_INFINITY;
            for (int j = 0; j < p.size(); j++) {
                if (j != i) {
                    int a = p.rgb(i);
                    int b = p.rgb(j);
                    double dr = (a >> 16 & 0xff) - (b >> 16 & 0xff);
                    double dg = (a >> 8 & 0xff) - (b >> 8 & 0xff);
                    double db = (a & 0xff) - (b & 0xff);
                    best = Math.min(best, dr * dr + dg * dg + db * db);
                }
            }
            nearest[i] = Math.sqrt(best);
        }
        java.util.Arrays.sort(nearest);
        return nearest[nearest.length / 2];
    }

    private static int[] bayer8() {
        int[] m = {0};
        for (int n = 1; n < 8; n *= 2) {
            int[] next = new int[4 * n * n];
            for (int y = 0; y < n; y++) {
                for (int x = 0; x < n; x++) {
                    int v = 4 * m[y * n + x];
                    next[y * 2 * n + x] = v;
                    next[y * 2 * n + x + n] = v + 2;
                    next[(y + n) * 2 * n + x] = v + 3;
                    next[(y + n) * 2 * n + x + n] = v + 1;
                }
            }
            m = next;
        }
        return m;
    }

    /** The 4x4 Bayer thresholds 0..15. */
    private static final int[] BAYER4 = {0, 8, 2, 10, 12, 4, 14, 6, 3, 11, 1, 9, 15, 7, 13, 5};

    /**
     * Thomas Knoll's pattern dither (as Joel Yliluoma describes it): per pixel, {@code n} palette colours
     * whose mean approximates the pixel's (each the nearest to the colour plus the error so far, times
     * {@code e}), ordered by luma; the 4x4 Bayer threshold of the position picks one. A function of the
     * pixel and its position alone, like the plain ordered dither, but between the palette's own colours.
     */
    static byte[] knoll(GifPalette p, Image frame, int n, double e) {
        int w = frame.width();
        int plane = frame.pixels();
        float[] d = frame.data();
        byte[] out = new byte[plane];
        int[] candidates = new int[n];
        for (int px = 0; px < plane; px++) {
            double[] goal = {255.0 * d[px], 255.0 * d[plane + px], 255.0 * d[2 * plane + px]};
            double[] error = new double[3];
            for (int i = 0; i < n; i++) {
                int c = p.nearest(level(goal[0] + e * error[0]), level(goal[1] + e * error[1]),
                        level(goal[2] + e * error[2]));
                candidates[i] = c;
                int rgb = p.rgb(c);
                error[0] += goal[0] - (rgb >> 16 & 0xff);
                error[1] += goal[1] - (rgb >> 8 & 0xff);
                error[2] += goal[2] - (rgb & 0xff);
            }
            Integer[] sorted = new Integer[n];
            for (int i = 0; i < n; i++) {
                sorted[i] = candidates[i];
            }
            java.util.Arrays.sort(sorted, java.util.Comparator.comparingDouble(c -> luma(p.rgb(c))));
            int x = px % w;
            int y = px / w;
            out[px] = (byte) (int) sorted[BAYER4[(y & 3) * 4 + (x & 3)] * n / 16];
        }
        return out;
    }

    private static int level(double v) {
        return (int) Math.max(0, Math.min(255, Math.round(v)));
    }

    private static double luma(int rgb) {
        return 0.299 * (rgb >> 16 & 0xff) + 0.587 * (rgb >> 8 & 0xff) + 0.114 * (rgb & 0xff);
    }

    private static Path write(List<Path> frames, Path out, String name, BiFunction<GifPalette, Image, byte[]> mapping) {
        Path gif = out.resolve(name + ".gif");
        AnimatedGif.write(frames, 8, gif, mapping);
        return gif;
    }

    private static Row row(String way, Path gif, List<Image> png, List<Image> photos) throws Exception {
        List<Image> decoded = TestClips.readGif(gif);
        double error = 0;
        double blurred = 0;
        for (int i = 0; i < png.size(); i++) {
            error += TestClips.colourError(png.get(i), decoded.get(i));
            blurred += TestClips.colourError(blur(png.get(i)), blur(decoded.get(i)));
        }
        return new Row(way, TestClips.meanDifference(decoded), warping(decoded, photos), error / png.size(),
                blurred / png.size(), size(gif));
    }

    /** The GIF as the JDK's writer makes it from full-colour frames, as {@link AnimatedGif} did before. */
    static void perFramePalettes(List<Path> frames, Path gif) throws Exception {
        ImageWriter writer = ImageIO.getImageWritersByFormatName("gif").next();
        try (ImageOutputStream out = ImageIO.createImageOutputStream(gif.toFile())) {
            writer.setOutput(out);
            writer.prepareWriteSequence(null);
            for (Path f : frames) {
                writer.writeToSequence(new IIOImage(Images.toBufferedImage(ClipWriter.readFrame(f)), null, null), null);
            }
            writer.endWriteSequence();
        } finally {
            writer.dispose();
        }
    }

    private static Image decode(GifPalette p, Image like, byte[] indices) {
        int plane = like.pixels();
        float[] d = new float[3 * plane];
        for (int i = 0; i < plane; i++) {
            int rgb = p.rgb(indices[i] & 0xff);
            d[i] = (rgb >> 16 & 0xff) / 255f;
            d[plane + i] = (rgb >> 8 & 0xff) / 255f;
            d[2 * plane + i] = (rgb & 0xff) / 255f;
        }
        return new Image(like.width(), like.height(), d);
    }

    /** A 5x5 box blur (clamped at the edges): roughly what the eye averages a dither over at a normal distance. */
    static Image blur(Image image) {
        int w = image.width();
        int h = image.height();
        int plane = image.pixels();
        float[] out = new float[3 * plane];
        for (int c = 0; c < 3; c++) {
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    float sum = 0;
                    int n = 0;
                    for (int dy = -2; dy <= 2; dy++) {
                        for (int dx = -2; dx <= 2; dx++) {
                            int yy = Math.min(h - 1, Math.max(0, y + dy));
                            int xx = Math.min(w - 1, Math.max(0, x + dx));
                            sum += image.data()[c * plane + yy * w + xx];
                            n++;
                        }
                    }
                    out[c * plane + y * w + x] = sum / n;
                }
            }
        }
        return new Image(w, h, out);
    }

    private static double warping(List<Image> painted, List<Image> photos) {
        if (photos == null) {
            return Double.NaN;
        }
        WarpingError error = new WarpingError();
        for (int k = 1; k < painted.size(); k++) {
            error.add(painted.get(k - 1), painted.get(k), OpticalFlow.between(photos.get(k), photos.get(k - 1)),
                    OpticalFlow.between(photos.get(k - 1), photos.get(k)));
        }
        return error.mean();
    }

    private static List<Path> pngs(Path folder) throws Exception {
        try (Stream<Path> files = Files.list(folder)) {
            return files.filter(p -> p.getFileName().toString().endsWith(".png")).sorted().toList();
        }
    }

    private static long size(Path file) {
        try {
            return Files.size(file);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
