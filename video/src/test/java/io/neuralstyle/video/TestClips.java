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
