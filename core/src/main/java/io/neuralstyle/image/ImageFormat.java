package io.neuralstyle.image;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Optional;

/**
 * The formats we read, recognized by their leading bytes rather than the file name: photos are often
 * renamed carelessly, and ImageIO would otherwise also accept formats we do not promise to support
 * (the JDK ships TIFF and WBMP readers).
 */
enum ImageFormat {
    JPEG("JPEG", "jpeg"),
    PNG("PNG", "png"),
    BMP("BMP", "bmp"),
    GIF("GIF", "gif");

    /** Enough leading bytes to tell every format here, and the common unsupported ones, apart. */
    static final int HEAD_BYTES = 32;

    private final String displayName;
    private final String imageIoName;

    ImageFormat(String displayName, String imageIoName) {
        this.displayName = displayName;
        this.imageIoName = imageIoName;
    }

    String displayName() {
        return displayName;
    }

    /** The name ImageIO registers its reader and writer under. */
    String imageIoName() {
        return imageIoName;
    }

    static Optional<ImageFormat> sniff(byte[] head) {
        if (head.length >= 3 && (head[0] & 0xff) == 0xff && (head[1] & 0xff) == 0xd8 && (head[2] & 0xff) == 0xff) {
            return Optional.of(JPEG);
        }
        if (PngSignature.startsWith(head)) {
            return Optional.of(PNG);
        }
        if (startsWith(head, ascii("GIF87a")) || startsWith(head, ascii("GIF89a"))) {
            return Optional.of(GIF);
        }
        // "BM" alone is two letters a text file could start with; every BMP variant follows the
        // 14-byte file header with an info header whose size is one of a few known values.
        if (startsWith(head, ascii("BM")) && head.length >= 18) {
            int infoSize = (head[14] & 0xff) | (head[15] & 0xff) << 8 | (head[16] & 0xff) << 16 | (head[17] & 0xff) << 24;
            if (infoSize == 12 || infoSize == 16 || infoSize == 40 || infoSize == 52 || infoSize == 56
                    || infoSize == 64 || infoSize == 108 || infoSize == 124) {
                return Optional.of(BMP);
            }
        }
        return Optional.empty();
    }

    /**
     * Names an unsupported format the user probably has, so the error can say what the file really is
     * (a ".jpg" that is actually a WebP download is common); empty when we cannot tell.
     */
    static Optional<String> guessUnsupported(byte[] head) {
        if (startsWith(head, new byte[] {'I', 'I', 42, 0}) || startsWith(head, new byte[] {'M', 'M', 0, 42})) {
            return Optional.of("TIFF");
        }
        if (startsWith(head, ascii("RIFF")) && head.length >= 12
                && Arrays.equals(Arrays.copyOfRange(head, 8, 12), ascii("WEBP"))) {
            return Optional.of("WebP");
        }
        if (head.length >= 12 && Arrays.equals(Arrays.copyOfRange(head, 4, 8), ascii("ftyp"))) {
            String brand = new String(head, 8, 4, StandardCharsets.US_ASCII);
            if (brand.startsWith("avi")) {
                return Optional.of("AVIF");
            }
            if (brand.startsWith("hei") || brand.startsWith("mif") || brand.startsWith("hev")) {
                return Optional.of("HEIC");
            }
        }
        return Optional.empty();
    }

    private static boolean startsWith(byte[] data, byte[] prefix) {
        return data.length >= prefix.length && Arrays.equals(Arrays.copyOf(data, prefix.length), prefix);
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }
}
