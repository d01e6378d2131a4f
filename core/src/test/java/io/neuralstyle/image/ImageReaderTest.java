package io.neuralstyle.image;

import static io.neuralstyle.image.TestFiles.assertPixel;
import static io.neuralstyle.image.TestFiles.assertUserError;
import static io.neuralstyle.image.TestFiles.encode;
import static io.neuralstyle.image.TestFiles.write;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.awt.Transparency;
import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.ColorModel;
import java.awt.image.ComponentColorModel;
import java.awt.image.DataBuffer;
import java.awt.image.IndexColorModel;
import java.awt.image.WritableRaster;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Random;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.stream.MemoryCacheImageOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ImageReaderTest {
    private static final float EXACT = 1e-6f;

    @TempDir
    Path dir;

    // ---- formats and color models -------------------------------------------------------------

    @Test
    void gray8PngKeepsItsLevels() {
        BufferedImage gray = new BufferedImage(4, 1, BufferedImage.TYPE_BYTE_GRAY);
        int[] levels = {0, 64, 128, 255};
        for (int x = 0; x < 4; x++) {
            gray.getRaster().setSample(x, 0, 0, levels[x]);
        }
        byte[] png = encode(gray, "png");
        assertArrayEquals(new int[] {8, 0}, TestFiles.pngDepthAndColorType(png));

        Image image = ImageReader.read(write(dir, "gray8.png", png));

        assertEquals(4, image.width());
        assertEquals(1, image.height());
        for (int x = 0; x < 4; x++) {
            // Mid-gray must stay 128, not be "linearized" to 188 as Java2D's getRGB would.
            float v = levels[x] / 255f;
            assertPixel(image, x, 0, v, v, v, EXACT);
        }
    }

    @Test
    void gray16PngIsReducedTo8BitLevels() {
        BufferedImage gray = new BufferedImage(3, 1, BufferedImage.TYPE_USHORT_GRAY);
        int[] levels = {0, 128, 255};
        for (int x = 0; x < 3; x++) {
            gray.getRaster().setSample(x, 0, 0, levels[x] * 257); // 257 * k is exactly k/255 of full scale
        }
        byte[] png = encode(gray, "png");
        assertArrayEquals(new int[] {16, 0}, TestFiles.pngDepthAndColorType(png));

        Image image = ImageReader.read(write(dir, "gray16.png", png));

        for (int x = 0; x < 3; x++) {
            float v = levels[x] / 255f;
            assertPixel(image, x, 0, v, v, v, EXACT);
        }
    }

    @Test
    void grayAlphaPngIsCompositedOntoWhite() {
        ColorModel cm = new ComponentColorModel(ColorSpace.getInstance(ColorSpace.CS_GRAY), true, false,
                Transparency.TRANSLUCENT, DataBuffer.TYPE_BYTE);
        WritableRaster raster = cm.createCompatibleWritableRaster(2, 1);
        raster.setPixel(0, 0, new int[] {100, 255}); // opaque gray
        raster.setPixel(1, 0, new int[] {0, 0}); // transparent black
        byte[] png = encode(new BufferedImage(cm, raster, false, null), "png");
        assertArrayEquals(new int[] {8, 4}, TestFiles.pngDepthAndColorType(png));

        Image image = ImageReader.read(write(dir, "gray-alpha.png", png));

        assertPixel(image, 0, 0, 100 / 255f, 100 / 255f, 100 / 255f, EXACT);
        assertPixel(image, 1, 0, 1f, 1f, 1f, EXACT);
    }

    @Test
    void palettePngWithTransparentIndexShowsWhiteThere() {
        byte[] r = {(byte) 255, 0, 0};
        byte[] g = {0, (byte) 255, 0};
        byte[] b = {0, 0, 0};
        IndexColorModel palette = new IndexColorModel(8, 3, r, g, b, 2); // index 2 is transparent
        BufferedImage indexed = new BufferedImage(3, 1, BufferedImage.TYPE_BYTE_INDEXED, palette);
        for (int x = 0; x < 3; x++) {
            indexed.getRaster().setSample(x, 0, 0, x);
        }
        byte[] png = encode(indexed, "png");
        assertEquals(3, TestFiles.pngDepthAndColorType(png)[1], "color type 3 (palette)");
        assertEquals(true, new String(png, StandardCharsets.ISO_8859_1).contains("tRNS"), "has a tRNS chunk");

        Image image = ImageReader.read(write(dir, "palette.png", png));

        assertPixel(image, 0, 0, 1f, 0f, 0f, EXACT);
        assertPixel(image, 1, 0, 0f, 1f, 0f, EXACT);
        assertPixel(image, 2, 0, 1f, 1f, 1f, EXACT);
    }

    @Test
    void rgbaPngIsCompositedOntoWhite() {
        BufferedImage argb = new BufferedImage(3, 1, BufferedImage.TYPE_INT_ARGB);
        argb.setRGB(0, 0, 0xff0000ff); // opaque blue
        argb.setRGB(1, 0, 0x00000000); // fully transparent black
        argb.setRGB(2, 0, 0x80ff0000); // half-transparent red
        byte[] png = encode(argb, "png");
        assertArrayEquals(new int[] {8, 6}, TestFiles.pngDepthAndColorType(png));

        Image image = ImageReader.read(write(dir, "rgba.png", png));

        assertPixel(image, 0, 0, 0f, 0f, 1f, EXACT);
        assertPixel(image, 1, 0, 1f, 1f, 1f, EXACT);
        float half = 1f - 128 / 255f; // red over white at alpha 128/255
        assertPixel(image, 2, 0, 1f, half, half, 1 / 255f);
    }

    @Test
    void rgb16PngIsReducedTo8BitLevels() {
        ColorModel cm = new ComponentColorModel(ColorSpace.getInstance(ColorSpace.CS_sRGB), false, false,
                Transparency.OPAQUE, DataBuffer.TYPE_USHORT);
        WritableRaster raster = cm.createCompatibleWritableRaster(2, 1);
        raster.setPixel(0, 0, new int[] {255 * 257, 128 * 257, 0});
        raster.setPixel(1, 0, new int[] {0x1234, 0xfedc, 0x8000});
        byte[] png = encode(new BufferedImage(cm, raster, false, null), "png");
        assertArrayEquals(new int[] {16, 2}, TestFiles.pngDepthAndColorType(png));

        Image image = ImageReader.read(write(dir, "rgb16.png", png));

        assertPixel(image, 0, 0, 1f, 128 / 255f, 0f, EXACT);
        assertPixel(image, 1, 0, 0x1234 / 65535f, 0xfedc / 65535f, 0x8000 / 65535f, 1 / 255f);
    }

    @Test
    void bmpIsReadExactly() {
        BufferedImage bgr = TestFiles.rgb(5, 3, 0x336699);
        bgr.setRGB(4, 2, 0xff8000);
        Image image = ImageReader.read(write(dir, "picture.bmp", encode(bgr, "bmp")));

        assertEquals(5, image.width());
        assertEquals(3, image.height());
        assertPixel(image, 0, 0, 0x33 / 255f, 0x66 / 255f, 0x99 / 255f, EXACT);
        assertPixel(image, 4, 2, 1f, 0x80 / 255f, 0f, EXACT);
    }

    @Test
    void gifGivesItsFirstFrame() throws IOException {
        byte[] r = {(byte) 255, 0};
        byte[] g = {0, 0};
        byte[] b = {0, (byte) 255};
        IndexColorModel palette = new IndexColorModel(8, 2, r, g, b);
        BufferedImage red = new BufferedImage(4, 2, BufferedImage.TYPE_BYTE_INDEXED, palette);
        BufferedImage blue = new BufferedImage(4, 2, BufferedImage.TYPE_BYTE_INDEXED, palette);
        blue.getRaster().setSamples(0, 0, 4, 2, 0, new int[8]);
        for (int i = 0; i < 8; i++) {
            blue.getRaster().setSample(i % 4, i / 4, 0, 1);
        }
        javax.imageio.ImageWriter writer = ImageIO.getImageWritersByFormatName("gif").next();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (MemoryCacheImageOutputStream out = new MemoryCacheImageOutputStream(bytes)) {
            writer.setOutput(out);
            writer.prepareWriteSequence(null);
            writer.writeToSequence(new IIOImage(red, null, null), null);
            writer.writeToSequence(new IIOImage(blue, null, null), null);
            writer.endWriteSequence();
        } finally {
            writer.dispose();
        }
        Path gif = write(dir, "animation.gif", bytes.toByteArray());
        assertEquals(2, framesIn(gif), "the test file should be animated");

        Image image = ImageReader.read(gif);

        assertEquals(4, image.width());
        assertEquals(2, image.height());
        assertPixel(image, 3, 1, 1f, 0f, 0f, EXACT);
    }

    private static int framesIn(Path gif) throws IOException {
        javax.imageio.ImageReader reader = ImageIO.getImageReadersByFormatName("gif").next();
        try (var in = ImageIO.createImageInputStream(gif.toFile())) {
            reader.setInput(in);
            return reader.getNumImages(true);
        } finally {
            reader.dispose();
        }
    }

    @Test
    void jpegColorsSurviveWithinCompressionError() {
        BufferedImage quadrants = TestFiles.rgb(32, 32, 0xff0000);
        for (int y = 0; y < 32; y++) {
            for (int x = 0; x < 32; x++) {
                int rgb = y < 16 ? (x < 16 ? 0xff0000 : 0x00ff00) : (x < 16 ? 0x0000ff : 0x808080);
                quadrants.setRGB(x, y, rgb);
            }
        }
        Image image = ImageReader.read(write(dir, "photo.jpg", TestFiles.jpeg(quadrants, 0.95f)));

        assertEquals(32, image.width());
        assertEquals(32, image.height());
        float tolerance = 0.06f; // chroma subsampling blurs color edges; centres stay close
        assertPixel(image, 4, 4, 1f, 0f, 0f, tolerance);
        assertPixel(image, 27, 4, 0f, 1f, 0f, tolerance);
        assertPixel(image, 4, 27, 0f, 0f, 1f, tolerance);
        assertPixel(image, 27, 27, 128 / 255f, 128 / 255f, 128 / 255f, tolerance);
    }

    @Test
    void cmykJpegWithoutProfileIsConvertedNaively() throws IOException {
        // Ink C=200 M=30 Y=0 K=0, stored inverted as Adobe applications do (and the JDK reader expects).
        WritableRaster cmyk = java.awt.image.Raster.createInterleavedRaster(DataBuffer.TYPE_BYTE, 16, 16, 4, null);
        for (int y = 0; y < 16; y++) {
            for (int x = 0; x < 16; x++) {
                cmyk.setPixel(x, y, new int[] {255 - 200, 255 - 30, 255, 255});
            }
        }
        javax.imageio.ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (MemoryCacheImageOutputStream out = new MemoryCacheImageOutputStream(bytes)) {
            writer.setOutput(out);
            writer.write(null, new IIOImage(cmyk, null, null), null);
        } finally {
            writer.dispose();
        }

        Image image = ImageReader.read(write(dir, "print.jpg", bytes.toByteArray()));

        // R = 1 - C, G = 1 - M, B = 1 - Y (K = 0); the JDK's own conversion would give R = 128/255.
        assertPixel(image, 8, 8, 55 / 255f, 225 / 255f, 1f, 0.03f);
    }

    // ---- EXIF orientation ------------------------------------------------------------------------

    /**
     * A 48x24 photo with a red block in its stored top-left corner and a blue block in its stored
     * top-right corner; each orientation must put them where a viewer shows them.
     */
    @ParameterizedTest(name = "orientation {0}")
    @CsvSource({
            // orientation, upright width, height, red corner, blue corner (TL, TR, BL, BR)
            "1, 48, 24, TL, TR",
            "2, 48, 24, TR, TL",
            "3, 48, 24, BR, BL",
            "4, 48, 24, BL, BR",
            "5, 24, 48, TL, BL",
            "6, 24, 48, TR, BR",
            "7, 24, 48, BR, TR",
            "8, 24, 48, BL, TL",
    })
    void exifOrientationTurnsThePhotoUpright(int orientation, int width, int height, String red, String blue) {
        BufferedImage stored = TestFiles.rgb(48, 24, 0xffffff);
        for (int y = 0; y < 8; y++) {
            for (int x = 0; x < 8; x++) {
                stored.setRGB(x, y, 0xff0000);
                stored.setRGB(47 - x, y, 0x0000ff);
            }
        }
        byte[] jpeg = TestFiles.withExifOrientation(TestFiles.jpeg(stored, 0.95f), orientation);
        Path file = write(dir, "oriented-" + orientation + ".jpg", jpeg);

        Image image = ImageReader.read(file);

        assertEquals(width, image.width());
        assertEquals(height, image.height());
        assertEquals(new ImageSize(width, height), ImageReader.probe(file));
        int[] r = corner(red, width, height);
        int[] b = corner(blue, width, height);
        assertPixel(image, r[0], r[1], 1f, 0f, 0f, 0.1f);
        assertPixel(image, b[0], b[1], 0f, 0f, 1f, 0.1f);
    }

    /** A pixel two in from the named corner, clear of JPEG ringing at the image border. */
    private static int[] corner(String name, int width, int height) {
        int x = name.charAt(1) == 'L' ? 2 : width - 3;
        int y = name.charAt(0) == 'T' ? 2 : height - 3;
        return new int[] {x, y};
    }

    @Test
    void rotation90MovesEveryPixelExactly() {
        // Stored 3x2:  a b c      upright (rotated clockwise) 2x3:  d a
        //              d e f                                         e b
        //                                                            f c
        float[] plane = {1, 2, 3, 4, 5, 6};
        float[] chw = new float[18];
        for (int c = 0; c < 3; c++) {
            System.arraycopy(plane, 0, chw, c * 6, 6);
        }
        Image upright = Orientation.ROTATE_90_CW.apply(new Image(3, 2, chw));

        assertEquals(2, upright.width());
        assertEquals(3, upright.height());
        float[] expected = {4, 1, 5, 2, 6, 3};
        for (int c = 0; c < 3; c++) {
            for (int i = 0; i < 6; i++) {
                assertEquals(expected[i], upright.get(c, i / 2, i % 2));
            }
        }
    }

    @Test
    void unknownOrientationValuesAreTreatedAsUpright() {
        assertEquals(Orientation.NORMAL, Orientation.fromExif(0));
        assertEquals(Orientation.NORMAL, Orientation.fromExif(9));
    }

    // ---- size limits -----------------------------------------------------------------------------

    @Test
    void absurdPngHeaderIsRefusedBeforeDecoding() {
        // No pixel data at all: only a size check on the header can produce this message.
        Path file = write(dir, "huge.png", TestFiles.pngHeaderOnly(50_000, 50_000));
        assertUserError(file, () -> ImageReader.read(file), "50000x50000", "2500 megapixels", "limit of 100 megapixels",
                "resize");
        assertEquals(new ImageSize(50_000, 50_000), ImageReader.probe(file));
    }

    @Test
    void absurdBmpHeaderIsRefusedBeforeDecoding() {
        // Not 50000x50000: the JDK's BMP reader already rejects headers whose byte count overflows.
        Path file = write(dir, "huge.bmp", TestFiles.bmpHeaderOnly(20_000, 20_000));
        assertUserError(file, () -> ImageReader.read(file), "20000x20000", "resize");
    }

    @Test
    void bmpHeaderTooBigForTheDecoderIsDamaged() {
        Path file = write(dir, "overflow.bmp", TestFiles.bmpHeaderOnly(50_000, 50_000));
        assertUserError(file, () -> ImageReader.read(file), "damaged");
    }

    @Test
    void absurdGifHeaderIsRefusedBeforeDecoding() {
        Path file = write(dir, "huge.gif", TestFiles.gifHeaderOnly(50_000, 50_000));
        assertUserError(file, () -> ImageReader.read(file), "50000x50000", "resize");
    }

    @Test
    void overlongSideIsRefusedEvenUnderThePixelLimit() {
        Path file = write(dir, "strip.png", TestFiles.pngHeaderOnly(40_000, 10));
        assertUserError(file, () -> ImageReader.read(file), "40000x10", "30000 pixels on a side", "resize");
    }

    @Test
    void callerCanLowerThePixelLimit() {
        Path file = write(dir, "small.png", encode(TestFiles.rgb(100, 50, 0x112233), "png"));
        assertUserError(file, () -> ImageReader.read(file, 4_999), "100x50", "limit of 4999 pixels", "resize");
        assertEquals(100, ImageReader.read(file, 5_000).width());
    }

    // ---- files that are not images we can read ---------------------------------------------------

    @Test
    void missingFile() {
        Path file = dir.resolve("nowhere.jpg");
        assertUserError(file, () -> ImageReader.read(file), "no such file", "check the path");
    }

    @Test
    void directory() throws IOException {
        Path folder = Files.createDirectory(dir.resolve("photos"));
        assertUserError(folder, () -> ImageReader.read(folder), "folder");
    }

    @Test
    void unreadableFile() throws IOException {
        Path file = write(dir, "secret.png", encode(TestFiles.rgb(2, 2, 0), "png"));
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("---------"));
        assumeTrue(!Files.isReadable(file), "permissions are not enforced for this user (root)");
        assertUserError(file, () -> ImageReader.read(file), "permission");
    }

    @Test
    void zeroByteFile() {
        Path file = write(dir, "empty.png", new byte[0]);
        assertUserError(file, () -> ImageReader.read(file), "empty");
    }

    @Test
    void textFile() {
        Path file = write(dir, "notes.png", "BM is not a bitmap, just a note\n".getBytes(StandardCharsets.UTF_8));
        assertUserError(file, () -> ImageReader.read(file), "not a JPEG, PNG, BMP or GIF", "convert it");
    }

    @Test
    void randomBytes() {
        byte[] noise = new byte[4096];
        new Random(42).nextBytes(noise);
        noise[0] = 0; // keep a lucky JPEG/PNG signature out of the seed's hands
        Path file = write(dir, "noise.jpg", noise);
        assertUserError(file, () -> ImageReader.read(file), "not a JPEG, PNG, BMP or GIF", "convert it");
    }

    @Test
    void tiffIsNamedAndRefused() {
        Path file = write(dir, "scan.tif", encode(TestFiles.rgb(4, 4, 0x123456), "tiff"));
        assertUserError(file, () -> ImageReader.read(file), "not a JPEG, PNG, BMP or GIF", "TIFF", "convert it");
    }

    @Test
    void webpIsNamedAndRefused() {
        byte[] riff = "RIFF\u0024\0\0\0WEBPVP8 \u0018\0\0\0".getBytes(StandardCharsets.ISO_8859_1);
        Path file = write(dir, "photo.webp", riff);
        assertUserError(file, () -> ImageReader.read(file), "not a JPEG, PNG, BMP or GIF", "WebP", "convert it");
    }

    @Test
    void truncatedJpeg() {
        Path file = write(dir, "cut.jpg", TestFiles.truncate(TestFiles.jpeg(noise(64, 64), 0.9f), 0.6));
        assertUserError(file, () -> ImageReader.read(file), "damaged", "download");
    }

    @Test
    void truncatedPng() {
        Path file = write(dir, "cut.png", TestFiles.truncate(encode(noise(64, 64), "png"), 0.6));
        assertUserError(file, () -> ImageReader.read(file), "damaged", "download");
    }

    @Test
    void truncatedBmp() {
        Path file = write(dir, "cut.bmp", TestFiles.truncate(encode(noise(64, 64), "bmp"), 0.6));
        assertUserError(file, () -> ImageReader.read(file), "damaged", "download");
    }

    @Test
    void truncatedGif() {
        Path file = write(dir, "cut.gif", TestFiles.truncate(encode(noise(64, 64), "gif"), 0.6));
        assertUserError(file, () -> ImageReader.read(file), "damaged", "download");
    }

    // ---- reduced reads (a server checking an upload) ----------------------------------------------

    @Test
    void aReducedReadKeepsEveryKthPixelOfTheFullRead() {
        Path file = write(dir, "noise.png", encode(noise(64, 48), "png"));
        Image full = ImageReader.read(file);
        Image reduced = ImageReader.readReduced(file, ImageReader.DEFAULT_MAX_PIXELS, 16);
        assertEquals(16, reduced.width(), "64 / 16: every 4th pixel");
        assertEquals(12, reduced.height());
        assertEquals(16 * 12, ImageReader.reducedPixels(new ImageSize(64, 48), 16));
        for (int c = 0; c < 3; c++) {
            for (int y = 0; y < 12; y++) {
                for (int x = 0; x < 16; x++) {
                    assertEquals(full.get(c, 4 * y, 4 * x), reduced.get(c, y, x), "channel " + c + " at " + x + "," + y);
                }
            }
        }
        assertEquals(64, ImageReader.readReduced(file, ImageReader.DEFAULT_MAX_PIXELS, 100).width(),
                "never enlarged");
    }

    @Test
    void aReducedReadStillReadsEveryByteAndRefusesDamage() {
        for (String format : new String[] {"jpg", "png", "gif"}) {
            byte[] whole = format.equals("jpg") ? TestFiles.jpeg(noise(64, 64), 0.9f) : encode(noise(64, 64), format);
            Path file = write(dir, "cut." + format, TestFiles.truncate(whole, 0.6));
            assertUserError(file, () -> ImageReader.readReduced(file, ImageReader.DEFAULT_MAX_PIXELS, 8), "damaged",
                    "download");
        }
        Path huge = write(dir, "huge.png", TestFiles.pngHeaderOnly(50_000, 50_000));
        assertUserError(huge, () -> ImageReader.readReduced(huge, ImageReader.DEFAULT_MAX_PIXELS, 8), "50000");
    }

    @Test
    void headerOnlyPngIsDamaged() {
        Path file = write(dir, "no-pixels.png", TestFiles.pngHeaderOnly(16, 16));
        assertUserError(file, () -> ImageReader.read(file), "damaged", "download");
    }

    private static BufferedImage noise(int width, int height) {
        Random random = new Random(7);
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_3BYTE_BGR);
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                image.setRGB(x, y, random.nextInt(1 << 24));
            }
        }
        return image;
    }
}
