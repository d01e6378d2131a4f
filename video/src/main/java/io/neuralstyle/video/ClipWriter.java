package io.neuralstyle.video;

import io.neuralstyle.files.AtomicFile;
import io.neuralstyle.image.Image;
import io.neuralstyle.image.ImageException;
import io.neuralstyle.image.ImageReader;
import io.neuralstyle.image.PngSignature;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.ffmpeg.global.avcodec;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.FFmpegFrameRecorder;
import org.bytedeco.javacv.Frame;

/**
 * Writes a finished clip from its painted frames (PNG files of one size, in order): as a folder of
 * numbered PNGs, or encoded as a video with the source's sound.
 *
 * <p>Which encoders exist depends on the FFmpeg build. The one JavaCV 1.5.11 ships (FFmpeg 7.1) has no
 * libx264 (GPL) but has Cisco's libopenh264 for H.264, libvpx for VP8 and VP9, FFmpeg's own AAC and
 * MPEG-4 part 2, and libopus; each container takes the best one present from a preference list, so a
 * build with libx264 would use it.
 */
public final class ClipWriter {
    /** The names {@link #writeFolder} gives; anything else in the folder is the user's. */
    private static final Pattern OUR_FRAME = Pattern.compile("frame-(\\d{5,})\\.png");
    /** Temporary files {@link AtomicFile} leaves for our frames when a run is killed mid-write. */
    private static final Pattern OUR_LEFTOVER = Pattern.compile("\\.frame-\\d{5,}\\.png\\.tmp-.*");

    static {
        ClipReader.quietFfmpeg();
    }

    private ClipWriter() {
    }

    /**
     * Copies the frames into {@code outputFolder} as frame-00001.png, frame-00002.png, ..., creating the
     * folder if needed. Frames of an earlier, longer clip there are deleted so the folder holds exactly
     * this clip; a folder holding anything else is refused, so that nothing of the user's is ever
     * overwritten or mixed into the clip. Each file is replaced atomically.
     *
     * @throws VideoException when a frame is missing or not a PNG, or the folder cannot be used
     */
    public static void writeFolder(List<Path> frames, Path outputFolder) {
        requireFrames(frames);
        List<Path> stale = prepareFolder(outputFolder, frames.size());
        for (int i = 0; i < frames.size(); i++) {
            Path frame = frames.get(i);
            requirePng(frame);
            Path target = outputFolder.resolve(frameName(i + 1));
            try {
                AtomicFile.write(target, out -> Files.copy(frame, out));
            } catch (IOException e) {
                throw new VideoException(target + ": could not write the frame (" + ClipReader.oneLine(e.getMessage())
                        + "); check free disk space and permissions, then try again", e);
            }
        }
        for (Path old : stale) {
            try {
                Files.deleteIfExists(old);
            } catch (IOException e) {
                throw new VideoException(old + ": could not delete this frame of an earlier clip (" + ClipReader.oneLine(e.getMessage())
                        + "); delete it yourself, or the folder holds more frames than this clip", e);
            }
        }
    }

    /** frame-00001.png for 1: five digits keep a plain name sort in frame order for clips up to 99999 frames. */
    static String frameName(int number) {
        return String.format(Locale.ROOT, "frame-%05d.png", number);
    }

    /**
     * Creates the folder or checks that it holds only our frames; returns those numbered beyond
     * {@code count}, to delete once the new clip is complete. Our own leftover temporary files are
     * deleted; other hidden files (.DS_Store) are left alone and do not count as the user's content.
     */
    private static List<Path> prepareFolder(Path folder, int count) {
        if (Files.exists(folder) && !Files.isDirectory(folder)) {
            throw new VideoException(folder + ": is a file, not a folder; give a new or empty folder for the frames");
        }
        try {
            Files.createDirectories(folder);
            List<Path> stale = new ArrayList<>();
            try (Stream<Path> entries = Files.list(folder)) {
                for (Path p : (Iterable<Path>) entries.sorted()::iterator) {
                    String name = p.getFileName().toString();
                    Matcher ours = OUR_FRAME.matcher(name);
                    if (ours.matches() && Files.isRegularFile(p)) {
                        if (Long.parseLong(ours.group(1)) > count) {
                            stale.add(p);
                        }
                    } else if (OUR_LEFTOVER.matcher(name).matches()) {
                        Files.deleteIfExists(p);
                    } else if (!name.startsWith(".")) {
                        throw new VideoException(folder + ": holds other things than frames written here (such as " + name
                                + "); give a new or empty folder, so that nothing of yours is overwritten");
                    }
                }
            }
            return stale;
        } catch (IOException e) {
            throw new VideoException(folder + ": cannot create or read the folder (" + ClipReader.oneLine(e.getMessage())
                    + "); check the path and its permissions", e);
        }
    }

    /**
     * Extensions of video and image files we do not write: a name ending in one is refused as a video
     * type, not taken for a folder.
     */
    private static final List<String> OTHER_MEDIA = List.of("avi", "wmv", "flv", "m4v", "mpg", "mpeg", "ts", "3gp",
            "ogv", "ogg", "apng", "png", "jpg", "jpeg", "webp", "bmp", "tif", "tiff");

    /**
     * Whether {@code output} names a folder of frames rather than a video file: an existing folder, or
     * a name whose extension is no video or image type (such as "styled" or "my.clip.v2"), which no
     * player would open as a video.
     */
    public static boolean isFolder(Path output) {
        Path name = output.getFileName();
        if (Files.isDirectory(output) || name == null) {
            return true;
        }
        String text = name.toString().toLowerCase(Locale.ROOT);
        int dot = text.lastIndexOf('.');
        if (dot < 0) {
            return true;
        }
        String extension = text.substring(dot + 1);
        if (AnimatedGif.isGif(output) || OTHER_MEDIA.contains(extension)) {
            return false;
        }
        for (Container c : Container.values()) {
            if (c.extension.equals(extension)) {
                return false;
            }
        }
        return true;
    }

    /**
     * Refuses, before any painting, a video name {@link #writeVideo} would refuse at the end: an
     * unknown extension or a folder that does not exist.
     */
    public static void checkVideoName(Path output) {
        if (!AnimatedGif.isGif(output)) {
            Container.of(output).videoCodec();
        }
        requireOutputFile(output);
    }

    /**
     * Encodes the frames as a video at {@code frameRate} frames per second, in the container the
     * extension of {@code output} names (mp4, mov, mkv or webm), with the sound of {@code audioSource}
     * when it is a video or audio file that has some (null, a folder or a soundless file: no sound);
     * or as a looping {@link AnimatedGif}, which has no sound.
     *
     * <p>The video is H.264 in mp4, mov and mkv (MPEG-4 part 2 at high quality where the build has no
     * H.264 encoder) and VP9 (else VP8) in webm, all in yuv420p, the pixel format every player decodes.
     * yuv420p stores color for 2x2 blocks, so a frame of odd width or height loses its last column or
     * row. The sound is re-encoded (AAC; Opus in webm, the only kind webm allows besides Vorbis), at most
     * in stereo, and cut at the end of the last frame, so a clip painted from the start of a longer
     * video keeps its sound in step.
     *
     * <p>The video is written to a hidden temporary file next to {@code output}, named like those of
     * {@link AtomicFile} (so {@link AtomicFile#removeLeftovers} finds it) but ending in the same extension
     * (FFmpeg needs it), and renamed over {@code output} only when complete: a failure leaves no file.
     *
     * @throws VideoException when an argument cannot be used, a frame cannot be read or has another
     *                        size than the first, or encoding fails
     */
    public static void writeVideo(List<Path> frames, double frameRate, Path audioSource, Path output) {
        writeVideo(frames, frameRate, audioSource, output, VideoQuality.DEFAULT);
    }

    /**
     * As {@link #writeVideo(List, double, Path, Path)}, the video encoded at {@code quality} (what each
     * level is for each encoder: {@link VideoCodec}); a GIF does not change with it.
     */
    public static void writeVideo(List<Path> frames, double frameRate, Path audioSource, Path output,
                                  VideoQuality quality) {
        Container container = AnimatedGif.isGif(output) ? null : Container.of(output);
        if (!(frameRate > 0) || Double.isInfinite(frameRate)) {
            throw new VideoException("frame rate " + frameRate + " is not a positive number; give a rate such as 24 or 30");
        }
        requireFrames(frames);
        requireOutputFile(output);
        if (container == null) {
            AnimatedGif.write(frames, frameRate, output);
            return;
        }
        Image first = readFrame(frames.get(0));
        // yuv420p samples color per 2x2 block: an odd side cannot be encoded, so it loses a line.
        int width = first.width() & ~1;
        int height = first.height() & ~1;
        if (width == 0 || height == 0) {
            throw new VideoException(frames.get(0) + ": frames of " + first.width() + "x" + first.height()
                    + " pixels are too small for a video; they need at least 2x2");
        }
        VideoCodec codec = container.videoCodec();
        try (Sound sound = Sound.open(audioSource)) {
            Path encoded = createTemp(output, container.extension);
            Path repaired = null;
            boolean done = false;
            try {
                encode(frames, first, width, height, frameRate, container, codec, quality, sound, encoded, output);
                Path result = encoded;
                if (sound != null && container.matroska) {
                    repaired = createTemp(output, container.extension);
                    repairDurations(encoded, repaired, container, output);
                    result = repaired;
                }
                // FFmpeg does not sync: replace puts the file on disk before the rename.
                AtomicFile.replace(result, output);
                done = true;
            } catch (IOException e) {
                throw new VideoException(output + ": could not write the video (" + ClipReader.oneLine(e.getMessage())
                        + "); check free disk space and permissions, then try again", e);
            } finally {
                deleteQuietly(encoded);
                if (!done && repaired != null) {
                    deleteQuietly(repaired);
                }
            }
        }
    }

    /**
     * JavaCV 1.5.11 hands the muxer encoded sound whose packet durations are still counted in samples;
     * Matroska (mkv, webm), which counts in milliseconds, then states the clip about a second longer
     * than it is, and players show a still frame for that second. Copying the packets into a new file,
     * as read back with durations FFmpeg recomputes, repairs that without encoding anything again.
     */
    private static void repairDurations(Path from, Path to, Container container, Path output) {
        FFmpegFrameGrabber in = new FFmpegFrameGrabber(from.toFile());
        FFmpegFrameRecorder out = null;
        try {
            in.start();
            out = new FFmpegFrameRecorder(to.toFile(), in.getImageWidth(), in.getImageHeight(), in.getAudioChannels());
            out.setFormat(container.muxer);
            out.start(in.getFormatContext());
            for (AVPacket packet; (packet = in.grabPacket()) != null; ) {
                out.recordPacket(packet);
            }
            out.stop();
        } catch (FFmpegFrameGrabber.Exception | FFmpegFrameRecorder.Exception e) {
            throw new VideoException(output + ": could not finish the video (" + ClipReader.reason(e)
                    + "); check free disk space, or write an .mp4 instead", e);
        } finally {
            if (out != null) {
                release(out);
            }
            release(in);
        }
    }

    private static void encode(List<Path> frames, Image first, int width, int height, double frameRate,
                               Container container, VideoCodec codec, VideoQuality quality, Sound sound, Path tmp,
                               Path output) {
        FFmpegFrameRecorder recorder = new FFmpegFrameRecorder(tmp.toFile(), width, height, sound == null ? 0 : sound.channels());
        recorder.setFormat(container.muxer);
        recorder.setFrameRate(frameRate);
        recorder.setPixelFormat(avutil.AV_PIX_FMT_YUV420P);
        // A key frame every two seconds: seeking stays quick, compression barely suffers.
        recorder.setGopSize((int) Math.max(1, Math.round(2 * frameRate)));
        codec.configure(recorder, width, height, frameRate, quality);
        if (container.faststart) {
            // The index at the front, so that a browser starts playing before the whole file is loaded.
            recorder.setOption("movflags", "+faststart");
        }
        if (sound != null) {
            container.audio.configure(recorder, sound.sampleRate());
        }
        boolean started = false;
        try {
            recorder.start();
            started = true;
            Frame picture = new Frame(width, height, Frame.DEPTH_UBYTE, 3);
            for (int i = 0; i < frames.size(); i++) {
                Image image = i == 0 ? first : readFrame(frames.get(i));
                requireSize(image, frames.get(i), first, frames.get(0));
                if (sound != null) {
                    // Sound up to the end of this frame first: the muxer then interleaves with little buffering.
                    sound.copyUntil(recorder, Math.round((i + 1) * 1_000_000.0 / frameRate));
                }
                recorder.record(fill(picture, image), avutil.AV_PIX_FMT_BGR24);
            }
            recorder.stop();
        } catch (FFmpegFrameRecorder.Exception e) {
            throw new VideoException(output + ": could not " + (started ? "encode" : "start encoding") + " the video with "
                    + codec.encoder + " (" + ClipReader.reason(e) + "); check free disk space and try again, or write the frames to a folder", e);
        } finally {
            release(recorder);
        }
    }

    private static void release(FFmpegFrameRecorder recorder) {
        try {
            recorder.release();
        } catch (FFmpegFrameRecorder.Exception ignored) {
            // released as far as it goes; the outcome that got us here is what counts
        }
    }

    private static void release(FFmpegFrameGrabber grabber) {
        try {
            grabber.release();
        } catch (FFmpegFrameGrabber.Exception ignored) {
            // released as far as it goes; the outcome that got us here is what counts
        }
    }

    /** Copies {@code image} into {@code frame} as 8-bit BGR, dropping a last odd column or row. */
    private static Frame fill(Frame frame, Image image) {
        ByteBuffer pixels = (ByteBuffer) frame.image[0];
        int w = image.width();
        int plane = w * image.height();
        float[] d = image.data();
        byte[] row = new byte[3 * frame.imageWidth];
        for (int y = 0; y < frame.imageHeight; y++) {
            for (int x = 0; x < frame.imageWidth; x++) {
                int i = y * w + x;
                row[3 * x] = toByte(d[2 * plane + i]);
                row[3 * x + 1] = toByte(d[plane + i]);
                row[3 * x + 2] = toByte(d[i]);
            }
            pixels.put(y * frame.imageStride, row);
        }
        return frame;
    }

    private static byte toByte(float v) {
        return (byte) (v > 0f ? Math.min(255, Math.round(v * 255f)) : 0); // NaN -> 0
    }

    private static void requireFrames(List<Path> frames) {
        if (frames.isEmpty()) {
            throw new VideoException("no frames to write; paint at least one frame first");
        }
        for (Path frame : frames) {
            if (!Files.isRegularFile(frame)) {
                throw new VideoException(frame + ": no such frame file; paint the clip again, or check that nothing deleted its frames");
            }
        }
    }

    private static void requirePng(Path frame) {
        try (InputStream in = Files.newInputStream(frame)) {
            if (!PngSignature.startsWith(in.readNBytes(PngSignature.LENGTH))) {
                throw new VideoException(frame + ": is not a PNG file; frames are copied as they are, so give PNG frames");
            }
        } catch (IOException e) {
            throw new VideoException(frame + ": cannot read the frame (" + ClipReader.oneLine(e.getMessage())
                    + "); check that it exists and is readable", e);
        }
    }

    static void requireSize(Image image, Path file, Image first, Path firstFile) {
        if (image.width() != first.width() || image.height() != first.height()) {
            throw new VideoException(file + ": is " + image.width() + "x" + image.height() + " but the first frame "
                    + firstFile.getFileName() + " is " + first.width() + "x" + first.height()
                    + "; all frames of a clip must have one size");
        }
    }

    static Image readFrame(Path frame) {
        try {
            return ImageReader.read(frame);
        } catch (ImageException e) {
            throw new VideoException(e.getMessage(), e);
        }
    }

    private static void requireOutputFile(Path output) {
        if (Files.isDirectory(output)) {
            throw new VideoException(output + ": is a folder; give a file name such as " + output.resolve("clip.mp4"));
        }
        Path parent = output.toAbsolutePath().getParent();
        if (!Files.isDirectory(parent)) {
            throw new VideoException(output + ": the folder " + parent + " does not exist; create it first");
        }
    }

    /** ".clip.mp4.tmp-1a2b3c4d5e6f.mp4" next to clip.mp4 (FFmpeg picks the container by the extension). */
    static Path createTemp(Path output, String extension) {
        Path dir = output.toAbsolutePath().getParent();
        try {
            return AtomicFile.createTemp(output, extension);
        } catch (FileAlreadyExistsException e) {
            throw new VideoException(output + ": could not find a free temporary name next to it; delete the files named ."
                    + output.getFileName() + ".tmp-* there", e);
        } catch (AccessDeniedException e) {
            throw new VideoException(output + ": cannot write in " + dir + " (permission denied); choose a folder you can write to", e);
        } catch (IOException e) {
            throw new VideoException(output + ": cannot write in " + dir + " (" + ClipReader.oneLine(e.getMessage())
                    + "); check free disk space and permissions", e);
        }
    }

    static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException ignored) {
            // the failure that got us here is what the user needs to hear about
        }
    }

    /** A container we write: its extension, FFmpeg's muxer name, and the encoders it gets. */
    private enum Container {
        MP4("mp4", "mp4", VideoCodec.H264_ORDER, AudioCodec.AAC),
        MOV("mov", "mov", VideoCodec.H264_ORDER, AudioCodec.AAC),
        MKV("mkv", "matroska", VideoCodec.H264_ORDER, AudioCodec.AAC),
        WEBM("webm", "webm", VideoCodec.VPX_ORDER, AudioCodec.OPUS);

        final String extension;
        final String muxer;
        /** QuickTime's family: an index (moov) that can move to the front. */
        final boolean faststart;
        /** Matroska's family: timestamps in milliseconds. */
        final boolean matroska;
        final List<VideoCodec> preference;
        final AudioCodec audio;

        Container(String extension, String muxer, List<VideoCodec> preference, AudioCodec audio) {
            this.extension = extension;
            this.muxer = muxer;
            this.matroska = muxer.equals("matroska") || muxer.equals("webm");
            this.faststart = !matroska;
            this.preference = preference;
            this.audio = audio;
        }

        static Container of(Path output) {
            String name = output.getFileName() == null ? "" : output.getFileName().toString().toLowerCase(Locale.ROOT);
            for (Container c : values()) {
                if (name.endsWith("." + c.extension)) {
                    return c;
                }
            }
            throw new VideoException(output + ": unknown video type; end the name in .mp4, .mov, .mkv, .webm or .gif"
                    + " (or write the frames to a folder)");
        }

        /** The first encoder of the preference list this FFmpeg build has. */
        VideoCodec videoCodec() {
            for (VideoCodec codec : preference) {
                if (avcodec.avcodec_find_encoder_by_name(codec.encoder) != null) {
                    return codec;
                }
            }
            throw new VideoException("this program's FFmpeg has no encoder for ." + extension + " video; write an .mp4 or a folder of frames");
        }
    }

    /**
     * A video encoder and its settings for each {@link VideoQuality}: {@code high} (the default, and all
     * there was before the option) makes the video look like its frames rather than merely small;
     * {@code medium} and {@code small} are about H.264's constant quality 23 and 28, the steps x264
     * users know, and the nearest each other encoder has.
     */
    private enum VideoCodec {
        /** Constant quality 18, 23 or 28 (18: visually lossless for most content). */
        LIBX264("libx264"),
        /**
         * No constant-quality mode: a bitrate for the frame size and rate, the generous one, a half or
         * a quarter; medium and small also hold the quantizer at 23 or 28 at the finest (the H.264
         * scale constant quality counts on), so that small or still frames, which need less than
         * any of those bitrates, come out smaller too.
         */
        LIBOPENH264("libopenh264"),
        /** Quantizer 2, 5 or 10 of 31 (2: the highest quality that is still much smaller than the PNGs). */
        MPEG4("mpeg4"),
        /** Constant quality 24, 32 or 40 of 63 (bitrate 0 selects constant-quality mode). */
        LIBVPX_VP9("libvpx-vp9"),
        /** Quality 8, 16 or 28 of 63, capped by a bitrate, which VP8 requires: the generous one, a half or a quarter. */
        LIBVPX("libvpx");

        static final List<VideoCodec> H264_ORDER = List.of(LIBX264, LIBOPENH264, MPEG4);
        static final List<VideoCodec> VPX_ORDER = List.of(LIBVPX_VP9, LIBVPX);

        final String encoder;

        VideoCodec(String encoder) {
            this.encoder = encoder;
        }

        void configure(FFmpegFrameRecorder recorder, int width, int height, double frameRate, VideoQuality quality) {
            recorder.setVideoCodecName(encoder);
            // 0.4 bit per pixel (25 Mbit/s for 1080p at 30 fps): painted textures are fine detail that
            // OpenH264 smears at usual rates (on a 360p test texture, mean error 0.035 at 0.25, 0.025 at 0.5, 0.021 at 1).
            int generous = (int) Math.min(50_000_000, Math.max(1_000_000, 0.4 * width * height * frameRate));
            int level = quality.ordinal(); // high, medium, small
            switch (this) {
                case LIBX264 -> {
                    recorder.setVideoOption("crf", String.valueOf(new int[] {18, 23, 28}[level]));
                    recorder.setVideoOption("preset", "slow");
                }
                case LIBOPENH264 -> {
                    recorder.setVideoBitrate(generous >> level);
                    if (quality != VideoQuality.HIGH) {
                        recorder.setVideoOption("qmin", String.valueOf(new int[] {0, 23, 28}[level]));
                    }
                }
                case MPEG4 -> recorder.setVideoQuality(new int[] {2, 5, 10}[level]);
                case LIBVPX_VP9 -> {
                    recorder.setVideoBitrate(0);
                    recorder.setVideoOption("crf", String.valueOf(new int[] {24, 32, 40}[level]));
                    recorder.setVideoOption("row-mt", "1");
                    // libvpx's default effort takes seconds per HD frame; 4 is its usual speed for files.
                    recorder.setVideoOption("cpu-used", "4");
                }
                case LIBVPX -> {
                    recorder.setVideoBitrate(generous >> level);
                    recorder.setVideoOption("crf", String.valueOf(new int[] {8, 16, 28}[level]));
                }
            }
        }
    }

    /** The sound's encoder per container. */
    private enum AudioCodec {
        AAC(avcodec.AV_CODEC_ID_AAC, 192_000),
        /** Opus encodes 48 kHz only (and some lower rates); JavaCV resamples to it. */
        OPUS(avcodec.AV_CODEC_ID_OPUS, 160_000);

        private static final List<Integer> AAC_RATES = List.of(96000, 88200, 64000, 48000, 44100, 32000, 24000, 22050, 16000, 12000, 11025, 8000);

        final int codecId;
        final int bitrate;

        AudioCodec(int codecId, int bitrate) {
            this.codecId = codecId;
            this.bitrate = bitrate;
        }

        void configure(FFmpegFrameRecorder recorder, int sourceRate) {
            recorder.setAudioCodec(codecId);
            recorder.setAudioBitrate(bitrate);
            recorder.setSampleRate(this == AAC && AAC_RATES.contains(sourceRate) ? sourceRate : 48000);
        }
    }

    /** The sound of the source, decoded as the video is written, so it is never all in memory. */
    private static final class Sound implements AutoCloseable {
        private final Path source;
        private final FFmpegFrameGrabber grabber;
        private Frame pending;
        private boolean ended;

        private Sound(Path source, FFmpegFrameGrabber grabber) {
            this.source = source;
            this.grabber = grabber;
        }

        /** The sound of {@code source}, or null where there is none to copy. */
        static Sound open(Path source) {
            if (source == null || Files.isDirectory(source)) {
                return null;
            }
            if (!Files.isRegularFile(source)) {
                throw new VideoException(source + ": no such file to take the sound from; check the path, or write the video without sound");
            }
            FFmpegFrameGrabber grabber = new FFmpegFrameGrabber(source.toFile());
            boolean opened = false;
            try {
                grabber.start();
                if (!grabber.hasAudio() || grabber.getAudioChannels() <= 0 || grabber.getSampleRate() <= 0) {
                    return null;
                }
                opened = true;
                return new Sound(source, grabber);
            } catch (FFmpegFrameGrabber.Exception e) {
                throw new VideoException(source + ": cannot read its sound (" + ClipReader.reason(e)
                        + "); give the original video, or write the video without sound", e);
            } finally {
                if (!opened) {
                    release(grabber);
                }
            }
        }

        /** Stereo at most: players handle it everywhere; surround is mixed down by FFmpeg's resampler. */
        int channels() {
            return Math.min(2, grabber.getAudioChannels());
        }

        int sampleRate() {
            return grabber.getSampleRate();
        }

        /** Records the sound that starts before {@code endMicros} and has not been recorded yet. */
        void copyUntil(FFmpegFrameRecorder recorder, long endMicros) throws FFmpegFrameRecorder.Exception {
            while (true) {
                if (pending == null) {
                    if (ended) {
                        return;
                    }
                    try {
                        pending = grabber.grabSamples();
                    } catch (FFmpegFrameGrabber.Exception e) {
                        throw new VideoException(source + ": could not decode its sound (" + ClipReader.reason(e)
                                + "); write the video without sound, or convert the source again", e);
                    }
                    if (pending == null) {
                        ended = true;
                        return;
                    }
                }
                if (pending.timestamp >= endMicros) {
                    return;
                }
                recorder.record(pending);
                pending = null;
            }
        }

        @Override
        public void close() {
            release(grabber);
        }
    }
}
