package io.neuralstyle.video;

import io.neuralstyle.files.ErrorText;
import io.neuralstyle.image.Image;
import io.neuralstyle.image.ImageException;
import io.neuralstyle.image.ImageReader;
import io.neuralstyle.image.Images;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.bytedeco.ffmpeg.avformat.AVFormatContext;
import org.bytedeco.ffmpeg.avformat.AVStream;
import org.bytedeco.ffmpeg.avutil.AVDictionaryEntry;
import org.bytedeco.ffmpeg.global.avformat;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.Frame;
import org.bytedeco.javacv.Java2DFrameConverter;

/**
 * The frames of a clip, one {@link Image} at a time, from either a video file or a folder of numbered
 * frames: the painting loop needs neither to know which, nor to hold the whole clip in memory.
 *
 * <p>{@link #open} decodes the first frame at once, so that every input we cannot use (a missing path,
 * a file that is not a video, audio only, a codec this FFmpeg cannot decode, a folder without frames)
 * fails there, before any painting starts, rather than after hours of work.
 */
public abstract sealed class ClipReader implements AutoCloseable {
    /** JavaCV's "... error -1094995529: ..." carries FFmpeg's negative error code. */
    private static final Pattern FFMPEG_ERROR = Pattern.compile("error (-\\d+)");
    private static final String HOW_TO_FIX = "give a video file (MP4, MOV, MKV, WebM...) or a folder of numbered PNG or JPEG frames";

    static {
        quietFfmpeg();
    }

    private ClipReader() {
    }

    /**
     * Opens a video file (any container and codec FFmpeg can read; its video stream only), or a folder
     * of frames: PNG or JPEG files whose names contain a number, in the order of that number (the last
     * one in the name), so that frame-2.png comes before frame-10.png. Other files are ignored.
     *
     * @throws VideoException when the input cannot be used; nothing is left open then
     */
    public static ClipReader open(Path input) {
        if (Files.isDirectory(input)) {
            return FolderClip.openFolder(input);
        }
        if (!Files.exists(input)) {
            throw new VideoException(input + ": no such file or folder; check the path and the spelling of the name");
        }
        if (!Files.isReadable(input)) {
            throw new VideoException(input + ": cannot read it (permission denied); check its permissions");
        }
        try {
            if (Files.size(input) == 0) {
                throw new VideoException(input + ": the file is empty (0 bytes); copy or export the video again");
            }
        } catch (IOException e) {
            throw new VideoException(input + ": cannot read it (" + oneLine(e.getMessage()) + "); check that the disk is available", e);
        }
        return VideoClip.openVideo(input);
    }

    /**
     * What a clip holds, found by reading it once through before anything is painted: how many frames
     * decode, against how many its header announces (0: it does not say). Frames of another size than
     * the first are refused here, naming the first such file.
     */
    public record Survey(int decoded, int announced) {
        /** Whether fewer frames decode than the header announces: the file is cut short or damaged. */
        public boolean cutShort() {
            return announced > decoded;
        }
    }

    /** Reads {@code input} through once: see {@link Survey}. */
    public static Survey survey(Path input) {
        try (ClipReader clip = open(input)) {
            int decoded = 0;
            while (clip.next() != null) {
                decoded++;
            }
            return new Survey(decoded, clip instanceof VideoClip ? clip.frameCount() : decoded);
        }
    }

    /** The frame files of a folder clip, in frame order (see {@link #open}). */
    static List<Path> frameFiles(Path folder) {
        return FolderClip.numberedFrames(folder);
    }

    /**
     * Keeps FFmpeg's console log off: at its default level it prints a paragraph per file opened and
     * per encoder started, and even its errors ("moov atom not found" for a cut-short mp4) are lines of
     * its own beside ours. What fails reaches the user as our one line, which words FFmpeg's error
     * code ({@link #reason}). Idempotent.
     */
    static void quietFfmpeg() {
        avutil.av_log_set_level(avutil.AV_LOG_QUIET);
    }

    /**
     * A native library's message as one line ({@link ErrorText#oneLine}): FFmpeg's end in newlines and
     * JavaCV's span several. "no details" for none, since ours put it in parentheses.
     */
    static String oneLine(String message) {
        String line = ErrorText.oneLine(message);
        return line.isEmpty() ? "no details" : line;
    }

    /**
     * What went wrong in FFmpeg's own words, e.g. "Invalid data found when processing input", rather
     * than JavaCV's message, which names C functions and error numbers.
     */
    static String reason(Exception e) {
        Matcher code = FFMPEG_ERROR.matcher(String.valueOf(e.getMessage()));
        if (code.find()) {
            byte[] text = new byte[256];
            if (avutil.av_strerror(Integer.parseInt(code.group(1)), text, text.length) == 0) {
                return oneLine(new String(text, 0, indexOfZero(text), StandardCharsets.UTF_8));
            }
        }
        return oneLine(e.getMessage());
    }

    private static int indexOfZero(byte[] text) {
        for (int i = 0; i < text.length; i++) {
            if (text[i] == 0) {
                return i;
            }
        }
        return text.length;
    }

    /** Frames per second as the video declares it; 0 for a folder, whose rate nobody knows. */
    public abstract double frameRate();

    /**
     * How many frames the clip has: exact for a folder; for a video, what its container says, which
     * some containers (MKV, WebM, streams without an index) only estimate from the duration, so use it
     * for progress and planning, and let {@link #next} returning null say where the clip ends.
     */
    public abstract int frameCount();

    public abstract int width();

    public abstract int height();

    /**
     * The next frame, or null after the last one.
     *
     * @throws VideoException when a frame cannot be read, or has another size than the first
     */
    public abstract Image next();

    /** Releases the decoder and its native memory; safe to call twice. */
    @Override
    public abstract void close();

    /** A video file through FFmpeg. */
    private static final class VideoClip extends ClipReader {
        private static final Pattern HMS = Pattern.compile("(\\d+):(\\d{2}):(\\d{2}(?:\\.\\d+)?)");

        private final Path file;
        private final FFmpegFrameGrabber grabber;
        private final Java2DFrameConverter converter = new Java2DFrameConverter();
        private final int frameCount;
        private Image pending;
        private int decoded;

        private VideoClip(Path file, FFmpegFrameGrabber grabber, int frameCount, Image first) {
            this.file = file;
            this.grabber = grabber;
            this.frameCount = frameCount;
            this.pending = first;
        }

        static VideoClip openVideo(Path file) {
            FFmpegFrameGrabber grabber = new FFmpegFrameGrabber(file.toFile());
            boolean opened = false;
            try {
                try {
                    grabber.start();
                } catch (FFmpegFrameGrabber.Exception e) {
                    throw notReadable(file, e);
                }
                AVStream stream = videoStream(grabber.getFormatContext());
                if (stream == null) {
                    throw new VideoException(file + ": has no video stream (sound only?); " + HOW_TO_FIX);
                }
                if ((stream.disposition() & avformat.AV_DISPOSITION_ATTACHED_PIC) != 0) {
                    throw new VideoException(file + ": has no video, only a cover picture; " + HOW_TO_FIX);
                }
                // A still image (FFmpeg reads PNG and JPEG too) has no duration: one frame.
                VideoClip clip = new VideoClip(file, grabber, Math.max(1, countFrames(grabber, stream)), null);
                clip.pending = clip.decode();
                if (clip.pending == null) {
                    throw new VideoException(file + ": not a single video frame could be decoded (damaged or cut short?); "
                            + "play it to check it, or convert it again to MP4");
                }
                opened = true;
                return clip;
            } finally {
                if (!opened) {
                    release(grabber);
                }
            }
        }

        /** Start failures: a file FFmpeg cannot parse, or a video stream it has no decoder for. */
        private static VideoException notReadable(Path file, FFmpegFrameGrabber.Exception e) {
            String detail = reason(e);
            if (detail.contains("avcodec_find_decoder")) {
                return new VideoException(file + ": its video codec cannot be decoded by this program's FFmpeg; "
                        + "convert it to MP4 with H.264 (e.g. ffmpeg -i in out.mp4)", e);
            }
            return new VideoException(file + ": not a video FFmpeg can read (" + detail + "); " + HOW_TO_FIX, e);
        }

        /** The stream the grabber decodes: the first video stream, as {@link FFmpegFrameGrabber} picks it. */
        private static AVStream videoStream(AVFormatContext format) {
            for (int i = 0; i < format.nb_streams(); i++) {
                AVStream stream = format.streams(i);
                if (stream.codecpar().codec_type() == avutil.AVMEDIA_TYPE_VIDEO) {
                    return stream;
                }
            }
            return null;
        }

        /**
         * The stream's own frame count where the container records one (MP4, MOV); else its duration
         * (Matroska's per-track DURATION tag, the stream's or the whole file's) times the frame rate,
         * which is an estimate: exact for constant-rate video, approximate for variable-rate phone clips.
         */
        private static int countFrames(FFmpegFrameGrabber grabber, AVStream stream) {
            if (stream.nb_frames() > 0) {
                return (int) Math.min(Integer.MAX_VALUE, stream.nb_frames());
            }
            double rate = grabber.getVideoFrameRate();
            double seconds = -1;
            AVDictionaryEntry tag = avutil.av_dict_get(stream.metadata(), "DURATION", null, 0);
            if (tag != null) {
                seconds = parseDuration(tag.value().getString());
            }
            if (seconds < 0 && stream.duration() > 0) {
                seconds = stream.duration() * avutil.av_q2d(stream.time_base());
            }
            if (seconds < 0) {
                seconds = grabber.getLengthInTime() / 1e6;
            }
            return rate > 0 && seconds > 0 ? (int) Math.round(seconds * rate) : 0;
        }

        /** "00:01:02.500000000" as seconds, or -1 when it is not that. */
        private static double parseDuration(String hms) {
            Matcher m = HMS.matcher(hms.trim());
            if (!m.matches()) {
                return -1;
            }
            return Integer.parseInt(m.group(1)) * 3600.0 + Integer.parseInt(m.group(2)) * 60.0 + Double.parseDouble(m.group(3));
        }

        @Override
        public double frameRate() {
            return grabber.getVideoFrameRate();
        }

        @Override
        public int frameCount() {
            return frameCount;
        }

        @Override
        public int width() {
            return grabber.getImageWidth();
        }

        @Override
        public int height() {
            return grabber.getImageHeight();
        }

        @Override
        public Image next() {
            Image frame = pending;
            if (frame != null) {
                pending = decode();
            }
            return frame;
        }

        private Image decode() {
            Frame frame;
            try {
                frame = grabber.grabImage();
            } catch (FFmpegFrameGrabber.Exception e) {
                if (decoded > 0) {
                    return null; // the clip ends at the damage; survey() tells it from a complete one
                }
                throw new VideoException(file + ": could not decode frame " + (decoded + 1) + " ("
                        + reason(e) + "); the file may be damaged, convert it again to MP4", e);
            }
            if (frame == null) {
                return null;
            }
            decoded++;
            // The grabber gives BGR24, but JavaCV infers the channels as stride / width, which padded
            // rows of narrow frames (32 pixels: 96 bytes padded to 192) turn into 6.
            frame.imageChannels = 3;
            return Images.fromBufferedImage(converter.getBufferedImage(frame));
        }

        @Override
        public void close() {
            pending = null;
            converter.close();
            release(grabber);
        }

        private static void release(FFmpegFrameGrabber grabber) {
            try {
                grabber.release();
            } catch (FFmpegFrameGrabber.Exception ignored) {
                // nothing left to do about it, and the caller's own outcome matters more
            }
        }
    }

    /** A folder of numbered image files. */
    private static final class FolderClip extends ClipReader {
        /** The last run of digits in a name: frame numbers usually come last, as in clip2-0001.png. */
        private static final Pattern NUMBER = Pattern.compile("(\\d+)\\D*$");

        private final List<Path> frames;
        private final Image first;
        private int nextIndex;

        private FolderClip(List<Path> frames, Image first) {
            this.frames = frames;
            this.first = first;
        }

        static FolderClip openFolder(Path folder) {
            List<Path> frames = numberedFrames(folder);
            if (frames.isEmpty()) {
                throw new VideoException(folder + ": holds no numbered PNG or JPEG frames (such as frame-1.png); "
                        + "put the frames there, or give a video file");
            }
            return new FolderClip(frames, read(frames.get(0)));
        }

        private static List<Path> numberedFrames(Path folder) {
            List<Numbered> found = new ArrayList<>();
            try (Stream<Path> files = Files.list(folder)) {
                files.forEach(p -> {
                    String name = p.getFileName().toString();
                    Matcher m = NUMBER.matcher(name);
                    // Hidden files are left out: macOS puts ._frame-1.png copies next to frames on some disks.
                    if (!name.startsWith(".") && isImageName(name) && m.find() && Files.isRegularFile(p)) {
                        found.add(new Numbered(new BigInteger(m.group(1)), p));
                    }
                });
            } catch (IOException e) {
                throw new VideoException(folder + ": cannot list the folder (" + oneLine(e.getMessage())
                        + "); check that it is readable", e);
            }
            found.sort(Comparator.comparing(Numbered::number).thenComparing(Numbered::file));
            for (int i = 1; i < found.size(); i++) {
                if (found.get(i).number().equals(found.get(i - 1).number())) {
                    throw new VideoException(folder + ": " + found.get(i - 1).file().getFileName() + " and "
                            + found.get(i).file().getFileName() + " have the same frame number; keep only one of them");
                }
            }
            return found.stream().map(Numbered::file).toList();
        }

        private static boolean isImageName(String name) {
            String lower = name.toLowerCase(Locale.ROOT);
            return lower.endsWith(".png") || lower.endsWith(".jpg") || lower.endsWith(".jpeg");
        }

        private record Numbered(BigInteger number, Path file) {
        }

        private static Image read(Path frame) {
            try {
                return ImageReader.read(frame);
            } catch (ImageException e) {
                throw new VideoException(e.getMessage(), e);
            }
        }

        @Override
        public double frameRate() {
            return 0;
        }

        @Override
        public int frameCount() {
            return frames.size();
        }

        @Override
        public int width() {
            return first.width();
        }

        @Override
        public int height() {
            return first.height();
        }

        @Override
        public Image next() {
            if (nextIndex >= frames.size()) {
                return null;
            }
            Path file = frames.get(nextIndex);
            Image frame = nextIndex == 0 ? first : read(file);
            if (frame.width() != first.width() || frame.height() != first.height()) {
                throw new VideoException(file + ": is " + frame.width() + "x" + frame.height() + " but the clip's first frame "
                        + frames.get(0).getFileName() + " is " + first.width() + "x" + first.height()
                        + "; resize all frames to one size");
            }
            nextIndex++;
            return frame;
        }

        @Override
        public void close() {
            nextIndex = frames.size();
        }
    }
}
