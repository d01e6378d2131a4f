package io.neuralstyle.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import java.util.zip.CRC32;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bad inputs through the real command line, in its own process: each must end with one line on
 * standard error that names the problem, a non-zero exit code, no stack trace, and no file written.
 */
class BadInputTest {
    @TempDir
    static Path dir;
    static Path good;

    @BeforeAll
    static void makeInputs() throws IOException {
        BufferedImage img = new BufferedImage(40, 30, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < 30; y++) {
            for (int x = 0; x < 40; x++) {
                img.setRGB(x, y, (x * 6) << 16 | (y * 8) << 8 | 128);
            }
        }
        good = dir.resolve("good.png");
        ImageIO.write(img, "png", good.toFile());
        ByteArrayOutputStream jpeg = new ByteArrayOutputStream();
        ImageIO.write(img, "jpeg", jpeg);
        byte[] j = jpeg.toByteArray();
        Files.write(dir.resolve("truncated.jpg"), Arrays.copyOf(j, j.length / 2));
        Files.write(dir.resolve("empty.jpg"), new byte[0]);
        Files.writeString(dir.resolve("notes.jpg"), "this is not an image\n");
        byte[] noise = new byte[4096];
        new Random(1).nextBytes(noise);
        Files.write(dir.resolve("noise.png"), noise);
        Files.write(dir.resolve("huge.png"), pngHeader(50000, 50000));
        Files.write(dir.resolve("image.tiff"), new byte[] {'I', 'I', 42, 0, 8, 0, 0, 0, 0, 0});
        Files.createDirectory(dir.resolve("folder.png"));
    }

    /** A PNG signature and a valid IHDR chunk claiming the given size, and no pixel data. */
    static byte[] pngHeader(int w, int h) {
        ByteBuffer b = ByteBuffer.allocate(8 + 25);
        b.put(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'});
        b.putInt(13);
        int crcStart = b.position();
        b.put(new byte[] {'I', 'H', 'D', 'R'});
        b.putInt(w).putInt(h).put((byte) 8).put((byte) 2).put((byte) 0).put((byte) 0).put((byte) 0);
        CRC32 crc = new CRC32();
        crc.update(b.array(), crcStart, 17);
        b.putInt((int) crc.getValue());
        return b.array();
    }

    static Stream<Path> outputs() throws IOException {
        return Files.list(dir).filter(p -> p.getFileName().toString().startsWith("out"));
    }

    private static void assertRefused(String expectedInMessage, String... args) throws Exception {
        CommandLineProcess.Outcome o = CommandLineProcess.run(dir, args);
        List<String> lines = o.errorLines();
        assertNotEquals(0, o.exitCode(), "exit code; stderr: " + o.stderr());
        assertEquals(1, lines.size(), "one line on stderr, got: " + o.stderr());
        String line = lines.get(0);
        assertTrue(line.contains(expectedInMessage), "message names the problem: " + line);
        assertFalse(line.matches(".*(Exception|\\bat [a-z]+\\.).*"), "no stack trace or class names: " + line);
        assertEquals(0, outputs().count(), "nothing written");
    }

    @Test
    void videoFromAFolderWithoutFrames() throws Exception {
        assertRefused("folder.png", "video", "--input", "folder.png", "--style", "good.png", "--output", "out.mp4");
    }

    @Test
    void videoToAFormatWeCannotWrite() throws Exception {
        Files.createDirectories(dir.resolve("frames"));
        Files.copy(good, dir.resolve("frames").resolve("f1.png"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        assertRefused("out.avi", "video", "--input", "frames", "--style", "good.png", "--output", "out.avi");
    }

    @Test
    void zeroByteImage() throws Exception {
        assertRefused("empty.jpg", "--content", "empty.jpg", "--style", "good.png", "--output", "out.png");
    }

    @Test
    void textFileNamedLikeAnImage() throws Exception {
        assertRefused("notes.jpg", "--content", "good.png", "--style", "notes.jpg", "--output", "out.png");
    }

    @Test
    void randomBytes() throws Exception {
        assertRefused("noise.png", "--content", "noise.png", "--style", "good.png", "--output", "out.png");
    }

    @Test
    void truncatedJpeg() throws Exception {
        assertRefused("truncated.jpg", "--content", "truncated.jpg", "--style", "good.png", "--output", "out.png");
    }

    @Test
    void absurdlyLargeHeaderIsRefusedBeforeDecoding() throws Exception {
        assertRefused("huge.png", "--content", "huge.png", "--style", "good.png", "--output", "out.png");
    }

    @Test
    void unsupportedFormat() throws Exception {
        assertRefused("image.tiff", "--content", "image.tiff", "--style", "good.png", "--output", "out.png");
    }

    @Test
    void missingFile() throws Exception {
        assertRefused("missing.jpg", "--content", "missing.jpg", "--style", "good.png", "--output", "out.png");
    }

    @Test
    void folderInsteadOfImage() throws Exception {
        assertRefused("folder.png", "--content", "folder.png", "--style", "good.png", "--output", "out.png");
    }

    @Test
    void outputThatIsAnInputIsRefused() throws Exception {
        byte[] before = Files.readAllBytes(good);
        CommandLineProcess.Outcome o = CommandLineProcess.run(dir, "--content", "good.png", "--style", "good.png",
                "--output", "good.png");
        assertEquals(1, o.exitCode(), o.stderr());
        assertTrue(o.stderr().contains("also an input"), o.stderr());
        assertTrue(Arrays.equals(before, Files.readAllBytes(good)), "input unchanged");
    }

    @Test
    void outputThatIsTheStartingImageOfTheSettingsFileIsRefused() throws Exception {
        Path start = dir.resolve("start.png");
        Files.copy(good, start, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        byte[] before = Files.readAllBytes(start);
        Files.writeString(dir.resolve("from-start.json"), "{\"init\": \"start.png\"}");
        CommandLineProcess.Outcome o = CommandLineProcess.run(dir, "--content", "good.png", "--style", "good.png",
                "--settings", "from-start.json", "--output", "start.png");
        assertEquals(1, o.exitCode(), o.stderr());
        assertTrue(o.stderr().contains("also an input"), o.stderr());
        assertTrue(Arrays.equals(before, Files.readAllBytes(start)), "input unchanged");
    }

    @Test
    void outputMustBePng() throws Exception {
        assertRefused(".png", "--content", "good.png", "--style", "good.png", "--output", "out.jpg");
    }

    @Test
    void outputFolderMustExist() throws Exception {
        assertRefused("does not exist", "--content", "good.png", "--style", "good.png", "--output",
                "nowhere/out.png");
    }

    @Test
    void unknownLayer() throws Exception {
        assertRefused("conv9_9", "--content", "good.png", "--style", "good.png", "--output", "out.png",
                "--style-layers", "conv1_1,conv9_9");
    }

    @Test
    void layerWeightsMustMatchLayers() throws Exception {
        assertRefused("layer weights", "--content", "good.png", "--style", "good.png", "--output", "out.png",
                "--style-layers", "conv1_1,conv2_1", "--style-layer-weights", "1");
    }

    @Test
    void missingWeights() throws Exception {
        assertRefused("nothing-here", "--content", "good.png", "--style", "good.png", "--output", "out.png",
                "--weights", "nothing-here");
    }

    @Test
    void unknownOptionIsAUsageError() throws Exception {
        CommandLineProcess.Outcome o = CommandLineProcess.run(dir, "--content", "good.png", "--style", "good.png",
                "--colour", "red");
        assertEquals(2, o.exitCode(), o.stderr());
        assertTrue(o.stderr().contains("--colour"), o.stderr());
    }
}
