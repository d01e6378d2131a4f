package io.neuralstyle.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.awt.image.RenderedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.zip.CRC32;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.stream.MemoryCacheImageOutputStream;
import org.junit.jupiter.api.function.Executable;

/** Builds test inputs in memory (no binary fixtures) and checks the shape of user-facing errors. */
final class TestFiles {
    private TestFiles() {
    }

    static Path write(Path dir, String name, byte[] bytes) {
        try {
            return Files.write(dir.resolve(name), bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static byte[] encode(RenderedImage image, String format) {
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            if (!ImageIO.write(image, format, out)) {
                throw new IllegalStateException("no ImageIO writer for " + format + " and " + image);
            }
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static byte[] jpeg(RenderedImage image, float quality) {
        javax.imageio.ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
        try (ByteArrayOutputStream bytes = new ByteArrayOutputStream()) {
            try (MemoryCacheImageOutputStream out = new MemoryCacheImageOutputStream(bytes)) {
                ImageWriteParam param = writer.getDefaultWriteParam();
                param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
                param.setCompressionQuality(quality);
                writer.setOutput(out);
                writer.write(null, new IIOImage(image, null, null), param);
            }
            return bytes.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            writer.dispose();
        }
    }

    static byte[] truncate(byte[] data, double fraction) {
        byte[] out = new byte[(int) (data.length * fraction)];
        System.arraycopy(data, 0, out, 0, out.length);
        return out;
    }

    /** A JPEG with an EXIF APP1 segment holding only the orientation tag, inserted right after SOI. */
    static byte[] withExifOrientation(byte[] jpeg, int orientation) {
        ByteBuffer tiff = ByteBuffer.allocate(26); // big-endian, as the "MM" byte order says
        tiff.put((byte) 'M').put((byte) 'M').putShort((short) 42).putInt(8); // header, IFD0 at offset 8
        tiff.putShort((short) 1); // one entry
        tiff.putShort((short) 0x0112).putShort((short) 3).putInt(1); // Orientation, SHORT, count 1
        tiff.putShort((short) orientation).putShort((short) 0); // value, left-justified in 4 bytes
        tiff.putInt(0); // no next IFD
        byte[] exifId = "Exif\0\0".getBytes(StandardCharsets.US_ASCII);
        int length = 2 + exifId.length + tiff.capacity();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(jpeg, 0, 2); // SOI
        out.write(0xff);
        out.write(0xe1);
        out.write(length >> 8);
        out.write(length & 0xff);
        out.writeBytes(exifId);
        out.writeBytes(tiff.array());
        out.write(jpeg, 2, jpeg.length - 2);
        return out.toByteArray();
    }

    /** A PNG consisting of a signature, an IHDR claiming {@code width x height} RGB, and IEND. */
    static byte[] pngHeaderOnly(int width, int height) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'});
        ByteBuffer ihdr = ByteBuffer.allocate(13);
        ihdr.putInt(width).putInt(height).put((byte) 8).put((byte) 2).put((byte) 0).put((byte) 0).put((byte) 0);
        chunk(out, "IHDR", ihdr.array());
        chunk(out, "IEND", new byte[0]);
        return out.toByteArray();
    }

    private static void chunk(ByteArrayOutputStream out, String type, byte[] data) {
        byte[] typeBytes = type.getBytes(StandardCharsets.US_ASCII);
        CRC32 crc = new CRC32();
        crc.update(typeBytes);
        crc.update(data);
        out.writeBytes(ByteBuffer.allocate(4).putInt(data.length).array());
        out.writeBytes(typeBytes);
        out.writeBytes(data);
        out.writeBytes(ByteBuffer.allocate(4).putInt((int) crc.getValue()).array());
    }

    /**
     * A 24-bit BMP header claiming {@code width x height} (and a matching file size, which the JDK's
     * reader checks), followed by only a few bytes of pixels.
     */
    static byte[] bmpHeaderOnly(int width, int height) {
        ByteBuffer b = ByteBuffer.allocate(54 + 16).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        int claimedFileSize = (int) Math.min(Integer.MAX_VALUE, 54L + 3L * width * height);
        b.put((byte) 'B').put((byte) 'M').putInt(claimedFileSize).putInt(0).putInt(54);
        b.putInt(40).putInt(width).putInt(height).putShort((short) 1).putShort((short) 24);
        b.putInt(0).putInt(0).putInt(2835).putInt(2835).putInt(0).putInt(0);
        return b.array();
    }

    /** A GIF whose screen and first image descriptor claim {@code width x height}, with no real pixel data. */
    static byte[] gifHeaderOnly(int width, int height) {
        ByteBuffer b = ByteBuffer.allocate(32).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        b.put("GIF89a".getBytes(StandardCharsets.US_ASCII));
        b.putShort((short) width).putShort((short) height).put((byte) 0).put((byte) 0).put((byte) 0);
        b.put((byte) 0x2c).putShort((short) 0).putShort((short) 0).putShort((short) width).putShort((short) height)
                .put((byte) 0);
        b.put((byte) 2).put((byte) 0); // LZW minimum code size, empty data
        b.put((byte) 0x3b); // trailer
        byte[] out = new byte[b.position()];
        b.flip().get(out);
        return out;
    }

    /** PNG IHDR fields (bit depth, color type), to prove a test really produced the variant it claims. */
    static int[] pngDepthAndColorType(byte[] png) {
        return new int[] {png[24] & 0xff, png[25] & 0xff};
    }

    /**
     * Asserts a user-facing error: one line, starting with the file's name, free of Java jargon,
     * saying what to do after a semicolon, and containing each fragment (case-insensitive).
     */
    static ImageException assertUserError(Path file, Executable call, String... fragments) {
        ImageException e = assertThrows(ImageException.class, call);
        String m = e.getMessage();
        assertTrue(m.startsWith(file + ": "), () -> "should start with the file name: " + m);
        assertFalse(m.contains("\n") || m.contains("\r"), () -> "should be one line: " + m);
        assertFalse(m.matches("(?s).*(Exception|Error:|java\\.|javax\\.|\\bat [a-z]+\\.).*"),
                () -> "should not mention Java internals: " + m);
        assertTrue(m.contains("; "), () -> "should say what to do next: " + m);
        for (String fragment : fragments) {
            assertTrue(m.toLowerCase(Locale.ROOT).contains(fragment.toLowerCase(Locale.ROOT)),
                    () -> "should mention \"" + fragment + "\": " + m);
        }
        return e;
    }

    static void assertPixel(Image image, int x, int y, float r, float g, float b, float tolerance) {
        float[] actual = {image.get(0, y, x), image.get(1, y, x), image.get(2, y, x)};
        float[] expected = {r, g, b};
        for (int c = 0; c < 3; c++) {
            int channel = c;
            assertEquals(expected[c], actual[c], tolerance,
                    () -> "channel " + channel + " of pixel (" + x + ", " + y + ") in " + image);
        }
    }

    static BufferedImage rgb(int width, int height, int rgb) {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_3BYTE_BGR);
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                image.setRGB(x, y, rgb);
            }
        }
        return image;
    }
}
