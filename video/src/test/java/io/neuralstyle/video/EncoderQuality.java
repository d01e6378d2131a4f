package io.neuralstyle.video;

import io.neuralstyle.image.Image;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * What each {@link VideoQuality} gives on a clip: {@code FRAMES FPS OUT} encodes the PNG frames in
 * FRAMES at FPS as mp4 and webm at every level into OUT and prints, as a Markdown table, each file's
 * size, its mean absolute difference from the frames (0..255, decoded by FFmpeg; an odd last column
 * or row is left out of both) and the seconds the encoding took (the table in docs/video.md).
 */
public final class EncoderQuality {
    private EncoderQuality() {
    }

    public static void main(String[] args) throws Exception {
        List<Path> frames;
        try (Stream<Path> files = Files.list(Path.of(args[0]))) {
            frames = files.filter(p -> p.getFileName().toString().endsWith(".png")).sorted().toList();
        }
        double fps = Double.parseDouble(args[1]);
        Path out = Files.createDirectories(Path.of(args[2]));
        List<Image> png = new ArrayList<>();
        for (Path f : frames) {
            png.add(ClipWriter.readFrame(f));
        }
        long pngBytes = 0;
        for (Path f : frames) {
            pngBytes += Files.size(f);
        }
        System.out.printf(Locale.ROOT, "%d frames of %dx%d, PNGs %d KB%n%n", png.size(), png.get(0).width(),
                png.get(0).height(), (pngBytes + 512) / 1024);
        System.out.println("| file | --video-quality | size (KB) | mean abs. error (0..255) | seconds |");
        System.out.println("|---|---|---|---|---|");
        for (String extension : new String[] {"mp4", "webm"}) {
            for (VideoQuality q : VideoQuality.values()) {
                Path file = out.resolve(q + "." + extension);
                long start = System.nanoTime();
                ClipWriter.writeVideo(frames, fps, null, file, q);
                double seconds = (System.nanoTime() - start) / 1e9;
                double error = 0;
                int n = 0;
                try (ClipReader reader = ClipReader.open(file)) {
                    for (Image decoded; (decoded = reader.next()) != null; n++) {
                        error += difference(png.get(n), decoded);
                    }
                }
                System.out.printf(Locale.ROOT, "| %s | %s | %d | %.2f | %.1f |%n", extension, q,
                        (Files.size(file) + 512) / 1024, error / n, seconds);
            }
        }
    }

    /** Mean absolute difference over the decoded frame's pixels (it may be a column or row smaller). */
    private static double difference(Image frame, Image decoded) {
        int w = decoded.width();
        int h = decoded.height();
        double sum = 0;
        for (int c = 0; c < 3; c++) {
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    sum += Math.abs(frame.get(c, y, x) - decoded.get(c, y, x));
                }
            }
        }
        return 255 * sum / (3.0 * w * h);
    }
}
