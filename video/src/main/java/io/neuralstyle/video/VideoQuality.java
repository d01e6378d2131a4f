package io.neuralstyle.video;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * How much of the painted frames an encoded video (mp4, mov, mkv, webm) keeps, against its size:
 * {@code --video-quality}. Named levels rather than one encoder's number, since each encoder counts
 * quality its own way; {@link ClipWriter} says what each level is for each encoder, and the sizes and
 * errors it gives are in docs/video.md. A GIF or a folder of frames is not encoded this way and does
 * not change with it.
 */
public enum VideoQuality {
    /** The most faithful (about H.264's constant quality 18): the default, and all there was before the option. */
    HIGH,
    /** About H.264's constant quality 23: about 25 to 60% smaller than high on the clips measured. */
    MEDIUM,
    /** About H.264's constant quality 28: about 45 to 75% smaller than high; fine strokes soften. */
    SMALL;

    public static final VideoQuality DEFAULT = HIGH;

    /**
     * The level {@code text} names ({@code high}, {@code medium} or {@code small}, in any case).
     *
     * @throws IllegalArgumentException naming the option and the valid levels when it names none
     */
    public static VideoQuality parse(String text) {
        for (VideoQuality q : values()) {
            if (q.toString().equals(text.trim().toLowerCase(Locale.ROOT))) {
                return q;
            }
        }
        throw new IllegalArgumentException("--video-quality must be " + names() + ", got '" + text + "'");
    }

    /** "high, medium or small". */
    static String names() {
        String[] all = Arrays.stream(values()).map(VideoQuality::toString).toArray(String[]::new);
        return Arrays.stream(all, 0, all.length - 1).collect(Collectors.joining(", ")) + " or " + all[all.length - 1];
    }

    @Override
    public String toString() {
        return name().toLowerCase(Locale.ROOT);
    }
}
