package io.neuralstyle.image;

import com.drew.imaging.jpeg.JpegMetadataReader;
import com.drew.imaging.jpeg.JpegProcessingException;
import com.drew.metadata.Metadata;
import com.drew.metadata.MetadataException;
import com.drew.metadata.exif.ExifIFD0Directory;
import com.drew.metadata.exif.ExifReader;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * The EXIF orientation of a photo: cameras store pixels as the sensor saw them and record in this tag
 * how to turn them upright, so without it portrait photos arrive lying on their side.
 */
enum Orientation {
    /** Tag value 1: stored upright. */
    NORMAL(1),
    /** 2: mirrored left-right. */
    FLIP_HORIZONTAL(2),
    /** 3: upside down. */
    ROTATE_180(3),
    /** 4: mirrored top-bottom. */
    FLIP_VERTICAL(4),
    /** 5: mirrored along the main diagonal (the stored first row is the upright first column). */
    TRANSPOSE(5),
    /** 6: must be turned 90 degrees clockwise to appear upright. */
    ROTATE_90_CW(6),
    /** 7: mirrored along the anti-diagonal. */
    TRANSVERSE(7),
    /** 8: must be turned 90 degrees counter-clockwise to appear upright. */
    ROTATE_90_CCW(8);

    private final int exifValue;

    Orientation(int exifValue) {
        this.exifValue = exifValue;
    }

    int exifValue() {
        return exifValue;
    }

    /** Values outside 1..8 are treated as upright, which is what viewers do. */
    static Orientation fromExif(int value) {
        for (Orientation o : values()) {
            if (o.exifValue == value) {
                return o;
            }
        }
        return NORMAL;
    }

    /**
     * The orientation recorded in a JPEG's EXIF block, NORMAL if there is none. A damaged EXIF block
     * also gives NORMAL rather than an error: the pixels themselves are fine, and showing them as
     * stored beats refusing a photo over its metadata.
     */
    static Orientation ofJpeg(Path file) {
        try {
            Metadata metadata = JpegMetadataReader.readMetadata(file.toFile(), List.of(new ExifReader()));
            ExifIFD0Directory ifd0 = metadata.getFirstDirectoryOfType(ExifIFD0Directory.class);
            if (ifd0 != null && ifd0.containsTag(ExifIFD0Directory.TAG_ORIENTATION)) {
                return fromExif(ifd0.getInt(ExifIFD0Directory.TAG_ORIENTATION));
            }
        } catch (JpegProcessingException | IOException | MetadataException | RuntimeException e) {
            // fall through: see above
        }
        return NORMAL;
    }

    /** Whether turning the image upright exchanges its width and height. */
    boolean swapsSides() {
        return exifValue >= 5;
    }

    /** The upright image: pixels moved so that it looks the way the camera was held. */
    Image apply(Image stored) {
        if (this == NORMAL) {
            return stored;
        }
        int sw = stored.width();
        int sh = stored.height();
        int w = swapsSides() ? sh : sw;
        int h = swapsSides() ? sw : sh;
        float[] src = stored.data();
        float[] dst = new float[src.length];
        int plane = sw * sh;
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                // For each upright pixel, the stored pixel it comes from.
                int sx;
                int sy;
                switch (this) {
                    case FLIP_HORIZONTAL -> { sx = sw - 1 - x; sy = y; }
                    case ROTATE_180 -> { sx = sw - 1 - x; sy = sh - 1 - y; }
                    case FLIP_VERTICAL -> { sx = x; sy = sh - 1 - y; }
                    case TRANSPOSE -> { sx = y; sy = x; }
                    case ROTATE_90_CW -> { sx = y; sy = sh - 1 - x; }
                    case TRANSVERSE -> { sx = sw - 1 - y; sy = sh - 1 - x; }
                    case ROTATE_90_CCW -> { sx = sw - 1 - y; sy = x; }
                    default -> throw new AssertionError(this);
                }
                int from = sy * sw + sx;
                int to = y * w + x;
                for (int c = 0; c < Image.CHANNELS; c++) {
                    dst[c * plane + to] = src[c * plane + from];
                }
            }
        }
        return new Image(w, h, dst);
    }
}
