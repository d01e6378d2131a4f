package io.neuralstyle.video;

import io.neuralstyle.image.Image;
import io.neuralstyle.image.ImageWriter;
import java.nio.ByteBuffer;
import java.nio.ShortBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.bytedeco.ffmpeg.global.avcodec;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.FFmpegFrameRecorder;
import org.bytedeco.javacv.Frame;

/**
 * Small clips made on the spot, so the tests need no binary fixtures: a moving gradient with a
 * rectangle crossing it (motion a codec must really encode), optionally with a 1 kHz tone.
 */
final class TestClips {
    static final int WIDTH = 64;
    static final int HEIGHT = 48;
    static final int FRAMES = 24;
    static final double FPS = 12;
    static final int SAMPLE_RATE = 44_100;

    static {
        ClipReader.quietFfmpeg();
    }

    private TestClips() {
    }

    /** Frame {@code i}: a diagonal gradient shifting right and a bright rectangle moving down. */
    static Image frame(int i, int width, int height) {
        int plane = width * height;
        float[] d = new float[3 * plane];
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                int p = y * width + x;
                boolean box = x >= 10 && x < 26 && y >= (2 * i) % height && y < (2 * i) % height + 12;
                d[p] = box ? 0.95f : ((x + 2 * i) % width) / (float) width;
                d[plane + p] = box ? 0.9f : y / (float) height;
                d[2 * plane + p] = box ? 0.1f : 0.5f + 0.4f * (float) Math.sin((x + y + i) / 9.0);
            }
        }
        return new Image(width, height, d);
    }

    static Image frame(int i) {
        return frame(i, WIDTH, HEIGHT);
    }

    /** An MP4 of {@link #FRAMES} frames at {@link #FPS}, MPEG-4 part 2 at high quality, independent of ClipWriter. */
    static Path mp4(Path dir, String name, boolean withTone) throws Exception {
        Path file = dir.resolve(name);
        try (FFmpegFrameRecorder recorder = new FFmpegFrameRecorder(file.toFile(), WIDTH, HEIGHT, withTone ? 1 : 0)) {
            recorder.setFormat("mp4");
            recorder.setVideoCodec(avcodec.AV_CODEC_ID_MPEG4);
            recorder.setVideoQuality(2);
            recorder.setPixelFormat(avutil.AV_PIX_FMT_YUV420P);
            recorder.setFrameRate(FPS);
            if (withTone) {
                recorder.setAudioCodec(avcodec.AV_CODEC_ID_AAC);
                recorder.setSampleRate(SAMPLE_RATE);
                recorder.setAudioBitrate(128_000);
            }
            recorder.start();
            int samplesPerFrame = (int) (SAMPLE_RATE / FPS);
            for (int i = 0; i < FRAMES; i++) {
                recorder.record(toFrame(frame(i)), avutil.AV_PIX_FMT_BGR24);
                if (withTone) {
                    recorder.recordSamples(SAMPLE_RATE, 1, tone(i * samplesPerFrame, samplesPerFrame));
                }
            }
            recorder.stop();
        }
        return file;
    }

    /** A file with a sound stream and no video at all. */
    static Path soundOnly(Path dir, String name) throws Exception {
        Path file = dir.resolve(name);
        try (FFmpegFrameRecorder recorder = new FFmpegFrameRecorder(file.toFile(), 1)) {
            recorder.setFormat("mp4");
            recorder.setAudioCodec(avcodec.AV_CODEC_ID_AAC);
            recorder.setSampleRate(SAMPLE_RATE);
            recorder.start();
            recorder.recordSamples(SAMPLE_RATE, 1, tone(0, SAMPLE_RATE));
            recorder.stop();
        }
        return file;
    }

    /**
     * An AVI whose video stream names a codec no FFmpeg knows: an MPEG-4 AVI with its FourCC tag
     * ("FMP4") overwritten, which is what a clip from an exotic camera or editor looks like to us.
     */
    static Path unknownCodec(Path dir, String name) throws Exception {
        Path file = dir.resolve(name);
        try (FFmpegFrameRecorder recorder = new FFmpegFrameRecorder(file.toFile(), WIDTH, HEIGHT, 0)) {
            recorder.setFormat("avi");
            recorder.setVideoCodec(avcodec.AV_CODEC_ID_MPEG4);
            recorder.setFrameRate(FPS);
            recorder.start();
            for (int i = 0; i < 4; i++) {
                recorder.record(toFrame(frame(i)), avutil.AV_PIX_FMT_BGR24);
            }
            recorder.stop();
        }
        byte[] bytes = Files.readAllBytes(file);
        for (int i = 0; i + 4 <= bytes.length; i++) {
            if (bytes[i] == 'F' && bytes[i + 1] == 'M' && bytes[i + 2] == 'P' && bytes[i + 3] == '4') {
                bytes[i] = 'Q';
                bytes[i + 1] = 'Z';
                bytes[i + 2] = 'Q';
                bytes[i + 3] = 'Z';
            }
        }
        Files.write(file, bytes);
        return file;
    }

    /** Frames {@code 0..count-1} of {@link #frame(int, int, int)} as PNG files in {@code dir}, in order. */
    static List<Path> pngFrames(Path dir, int count, int width, int height) throws Exception {
        Files.createDirectories(dir);
        List<Path> files = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            Path png = dir.resolve("painted-" + i + ".png");
            ImageWriter.writePng(frame(i, width, height), png, Map.of());
            files.add(png);
        }
        return files;
    }

    /**
     * A painted-looking picture, the same for a seed: a smooth field of many colours under a few hundred
     * short strokes of other colours, far more than a GIF's 256 colours, as a painted frame has.
     */
    static Image painting(int width, int height, long seed) {
        java.util.Random random = new java.util.Random(seed);
        int plane = width * height;
        float[] d = new float[3 * plane];
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                int p = y * width + x;
                d[p] = 0.5f + 0.4f * (float) Math.sin(x / 11.0 + y / 29.0);
                d[plane + p] = 0.45f + 0.35f * (float) Math.cos(y / 13.0 - x / 37.0);
                d[2 * plane + p] = 0.5f + 0.3f * (float) Math.sin((x + 2 * y) / 17.0 + 1);
            }
        }
        int strokes = plane / 40;
        for (int s = 0; s < strokes; s++) {
            double cx = random.nextDouble() * width;
            double cy = random.nextDouble() * height;
            double angle = random.nextDouble() * Math.PI;
            float[] colour = {random.nextFloat(), random.nextFloat(), random.nextFloat()};
            for (double t = -4; t <= 4; t += 0.5) {
                for (double across = -1; across <= 1; across += 0.5) {
                    int x = (int) Math.round(cx + t * Math.cos(angle) - across * Math.sin(angle));
                    int y = (int) Math.round(cy + t * Math.sin(angle) + across * Math.cos(angle));
                    if (x >= 0 && y >= 0 && x < width && y < height) {
                        for (int c = 0; c < 3; c++) {
                            int p = c * plane + y * width + x;
                            // Strokes shade along their length, as a brush runs dry.
                            d[p] = 0.6f * d[p] + 0.4f * colour[c] * (float) (0.8 + 0.03 * t);
                        }
                    }
                }
            }
        }
        return new Image(width, height, d).clamped();
    }

    /**
     * {@code count} PNG frames of one still {@link #painting}, each with its own faint noise (at most
     * {@code noise} levels of 255 up or down, rounded to 8 bits), as the frames of a painted clip whose
     * scene does not move differ: by a little, everywhere.
     */
    static List<Path> stillPainting(Path dir, int count, int width, int height, int noise) throws Exception {
        Files.createDirectories(dir);
        Image painting = painting(width, height, 29);
        java.util.Random random = new java.util.Random(7);
        List<Path> files = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            float[] d = painting.data().clone();
            for (int k = 0; k < d.length; k++) {
                d[k] += (random.nextInt(2 * noise + 1) - noise) / 255f;
            }
            Path png = dir.resolve(String.format(java.util.Locale.ROOT, "still-%02d.png", i));
            ImageWriter.writePng(new Image(width, height, d).clamped(), png, Map.of());
            files.add(png);
        }
        return files;
    }

    /** {@code count} PNG frames of a camera panning right over a {@link #painting}, 2 pixels a frame. */
    static List<Path> panningPainting(Path dir, int count, int width, int height) throws Exception {
        Files.createDirectories(dir);
        Image painting = painting(width + 2 * count, height, 31);
        int wide = painting.width();
        List<Path> files = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            float[] d = new float[3 * width * height];
            for (int c = 0; c < 3; c++) {
                for (int y = 0; y < height; y++) {
                    System.arraycopy(painting.data(), c * wide * height + y * wide + 2 * i, d,
                            c * width * height + y * width, width);
                }
            }
            Path png = dir.resolve(String.format(java.util.Locale.ROOT, "pan-%02d.png", i));
            ImageWriter.writePng(new Image(width, height, d), png, Map.of());
            files.add(png);
        }
        return files;
    }

    /** Samples {@code from..from+count-1} of a 1 kHz sine at half scale. */
    static ShortBuffer tone(int from, int count) {
        short[] s = new short[count];
        for (int i = 0; i < count; i++) {
            s[i] = (short) (16_000 * Math.sin(2 * Math.PI * 1000.0 * (from + i) / SAMPLE_RATE));
        }
        return ShortBuffer.wrap(s);
    }

    static Frame toFrame(Image image) {
        Frame frame = new Frame(image.width(), image.height(), Frame.DEPTH_UBYTE, 3);
        ByteBuffer pixels = (ByteBuffer) frame.image[0];
        int plane = image.pixels();
        float[] d = image.data();
        for (int y = 0; y < image.height(); y++) {
            for (int x = 0; x < image.width(); x++) {
                int i = y * image.width() + x;
                int at = y * frame.imageStride + 3 * x;
                pixels.put(at, (byte) Math.round(d[2 * plane + i] * 255));
                pixels.put(at + 1, (byte) Math.round(d[plane + i] * 255));
                pixels.put(at + 2, (byte) Math.round(d[i] * 255));
            }
        }
        return frame;
    }

    /** Mean absolute difference of two same-size images, in [0, 1]. */
    static double meanAbsError(Image a, Image b) {
        double sum = 0;
        for (int i = 0; i < a.data().length; i++) {
            sum += Math.abs(a.data()[i] - b.data()[i]);
        }
        return sum / a.data().length;
    }

    /** Every frame of a GIF whose frames each cover the whole picture, decoded by the JDK. */
    static List<Image> readGif(Path gif) throws Exception {
        javax.imageio.ImageReader reader = javax.imageio.ImageIO.getImageReadersByFormatName("gif").next();
        List<Image> frames = new ArrayList<>();
        try (javax.imageio.stream.ImageInputStream in = javax.imageio.ImageIO.createImageInputStream(gif.toFile())) {
            reader.setInput(in);
            int n = reader.getNumImages(true);
            for (int i = 0; i < n; i++) {
                frames.add(io.neuralstyle.image.Images.fromBufferedImage(reader.read(i)));
            }
        } finally {
            reader.dispose();
        }
        return frames;
    }

    /** The mean over consecutive pairs of frames of their mean absolute difference, in levels of 255. */
    static double meanDifference(List<Image> frames) {
        double sum = 0;
        for (int i = 1; i < frames.size(); i++) {
            sum += colourError(frames.get(i - 1), frames.get(i));
        }
        return sum / (frames.size() - 1);
    }

    /** {@link #meanAbsError} in levels of 255. */
    static double colourError(Image a, Image b) {
        return 255 * meanAbsError(a, b);
    }

    /** Seconds of sound in a file, by decoding all of it; 0 when it has none. */
    static double soundSeconds(Path file) throws Exception {
        try (FFmpegFrameGrabber grabber = new FFmpegFrameGrabber(file.toFile())) {
            grabber.start();
            if (grabber.getAudioChannels() <= 0) {
                return 0;
            }
            long samples = 0;
            for (Frame f; (f = grabber.grabSamples()) != null; ) {
                samples += f.samples[0].limit() / (f.samples.length == 1 ? f.audioChannels : 1);
            }
            return samples / (double) grabber.getSampleRate();
        }
    }

    /** What a video file holds, as FFmpeg sees it when playing it; seconds as the container states it. */
    record Probe(int width, int height, double frameRate, int decodedFrames, int audioChannels, String videoCodec,
                 String audioCodec, double seconds) {
    }

    static Probe probe(Path file) throws Exception {
        try (FFmpegFrameGrabber grabber = new FFmpegFrameGrabber(file.toFile())) {
            grabber.start();
            int frames = 0;
            while (grabber.grabImage() != null) {
                frames++;
            }
            return new Probe(grabber.getImageWidth(), grabber.getImageHeight(), grabber.getVideoFrameRate(), frames,
                    grabber.getAudioChannels(), grabber.getVideoCodecName(), grabber.getAudioCodecName(),
                    grabber.getLengthInTime() / 1e6);
        }
    }
}
