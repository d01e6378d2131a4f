package io.neuralstyle.image;

import static io.neuralstyle.image.TestFiles.assertUserError;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageTypeSpecifier;
import javax.imageio.metadata.IIOMetadata;
import javax.imageio.metadata.IIOMetadataNode;
import javax.imageio.stream.MemoryCacheImageOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImageWriterTest {
    @TempDir
    Path dir;

    @Test
    void roundTripKeepsPixelsWithinOneLevelAndTheTextChunks() throws IOException {
        Image original = random(17, 11, 3);
        Map<String, String> text = new LinkedHashMap<>();
        text.put("neural-style", "{\"style\": \"Stjärnenatt 星空.jpg\", \"weights\": [1e-3, 5]}");
        text.put("Comment", "two\nlines");
        text.put("Empty", "");
        Path file = dir.resolve("result.png");

        ImageWriter.writePng(original, file, text);
        Image read = ImageReader.read(file);

        assertEquals(original.width(), read.width());
        assertEquals(original.height(), read.height());
        float[] a = original.data();
        float[] b = read.data();
        for (int i = 0; i < a.length; i++) {
            assertEquals(a[i], b[i], 0.5f / 255 + 1e-6f, "value " + i);
        }
        assertEquals(List.copyOf(text.entrySet()), List.copyOf(ImageWriter.readPngText(file).entrySet()));
        String raw = new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1);
        assertTrue(raw.contains("iTXtneural-style\0"), "stored as an iTXt chunk");
    }

    @Test
    void valuesAreClampedAndRounded() {
        float[] chw = {-0.5f, 1.5f, Float.NaN, 0.5f, 0.2f, 1f};
        ImageWriter.writePng(new Image(2, 1, chw), dir.resolve("clamped.png"), Map.of());

        Image read = ImageReader.read(dir.resolve("clamped.png"));

        float[] expected = {0f, 1f, 0f, 128 / 255f, 51 / 255f, 1f};
        for (int i = 0; i < expected.length; i++) {
            assertEquals(expected[i], read.data()[i], 1e-6f, "value " + i);
        }
    }

    @Test
    void writingOverAFileReplacesItAndLeavesNoTemporaryFiles() throws IOException {
        Path file = dir.resolve("result.png");
        ImageWriter.writePng(Image.filled(4, 4, 0f), file, Map.of("Run", "1"));

        ImageWriter.writePng(Image.filled(6, 3, 1f), file, Map.of("Run", "2"));

        Image read = ImageReader.read(file);
        assertEquals(6, read.width());
        assertEquals(1f, read.get(1, 2, 5));
        assertEquals(Map.of("Run", "2"), ImageWriter.readPngText(file));
        assertEquals(List.of(file), listing(dir));
    }

    @Test
    void missingFolderIsAOneLineErrorAndWritesNothing() throws IOException {
        Path file = dir.resolve("missing").resolve("result.png");

        assertUserError(file, () -> ImageWriter.writePng(Image.filled(2, 2, 0.5f), file, Map.of()),
                "does not exist", "create it");

        assertEquals(List.of(), listing(dir));
    }

    @Test
    void targetThatIsAFolderIsRefused() throws IOException {
        Path folder = Files.createDirectory(dir.resolve("out.png"));

        assertUserError(folder, () -> ImageWriter.writePng(Image.filled(2, 2, 0.5f), folder, Map.of()), "folder");

        assertEquals(List.of(folder), listing(dir));
    }

    @Test
    void invalidKeywordIsAProgrammingErrorAndWritesNothing() throws IOException {
        Path file = dir.resolve("result.png");
        Image image = Image.filled(2, 2, 0.5f);

        assertThrows(IllegalArgumentException.class, () -> ImageWriter.writePng(image, file, Map.of(" lead", "x")));
        assertThrows(IllegalArgumentException.class, () -> ImageWriter.writePng(image, file, Map.of("", "x")));
        assertThrows(IllegalArgumentException.class, () -> ImageWriter.writePng(image, file, Map.of("星", "x")));
        assertThrows(IllegalArgumentException.class, () -> ImageWriter.writePng(image, file, Map.of("k".repeat(80), "x")));
        assertEquals(List.of(), listing(dir));
    }

    @Test
    void readsTextWrittenByOtherTools() throws IOException {
        // A tEXt chunk (Latin-1), as most other software writes it.
        javax.imageio.ImageWriter writer = ImageIO.getImageWritersByFormatName("png").next();
        var pixels = Images.toBufferedImage(Image.filled(2, 2, 0.25f));
        IIOMetadata metadata = writer.getDefaultImageMetadata(ImageTypeSpecifier.createFromRenderedImage(pixels), null);
        IIOMetadataNode entry = new IIOMetadataNode("tEXtEntry");
        entry.setAttribute("keyword", "Software");
        entry.setAttribute("value", "Café Paint 2");
        IIOMetadataNode text = new IIOMetadataNode("tEXt");
        text.appendChild(entry);
        IIOMetadataNode root = new IIOMetadataNode("javax_imageio_png_1.0");
        root.appendChild(text);
        metadata.mergeTree("javax_imageio_png_1.0", root);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (MemoryCacheImageOutputStream out = new MemoryCacheImageOutputStream(bytes)) {
            writer.setOutput(out);
            writer.write(null, new IIOImage(pixels, null, metadata), null);
        } finally {
            writer.dispose();
        }
        Path file = TestFiles.write(dir, "other.png", bytes.toByteArray());

        assertEquals(Map.of("Software", "Café Paint 2"), ImageWriter.readPngText(file));
    }

    @Test
    void pngWithoutTextGivesAnEmptyMap() {
        Path file = TestFiles.write(dir, "plain.png", TestFiles.encode(TestFiles.rgb(2, 2, 0), "png"));
        assertTrue(ImageWriter.readPngText(file).isEmpty());
    }

    @Test
    void readingTextFromSomethingElseIsAOneLineError() {
        Path jpeg = TestFiles.write(dir, "photo.jpg", TestFiles.jpeg(TestFiles.rgb(8, 8, 0), 0.9f));
        assertUserError(jpeg, () -> ImageWriter.readPngText(jpeg), "not a PNG");

        Path missing = dir.resolve("gone.png");
        assertUserError(missing, () -> ImageWriter.readPngText(missing), "no such file");

        Path empty = TestFiles.write(dir, "empty.png", new byte[0]);
        assertUserError(empty, () -> ImageWriter.readPngText(empty), "empty");

        Path text = TestFiles.write(dir, "text.png", "hello".getBytes(StandardCharsets.UTF_8));
        assertUserError(text, () -> ImageWriter.readPngText(text), "not a PNG");
    }

    private static Image random(int width, int height, long seed) {
        Random random = new Random(seed);
        float[] chw = new float[3 * width * height];
        for (int i = 0; i < chw.length; i++) {
            chw[i] = random.nextFloat();
        }
        return new Image(width, height, chw);
    }

    static List<Path> listing(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.sorted().toList();
        }
    }
}
