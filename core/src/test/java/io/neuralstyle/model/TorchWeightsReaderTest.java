package io.neuralstyle.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Enumeration;
import java.util.Iterator;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Checks against tools/fixtures/make_torch_fixture.py's files and the values it computed with numpy. */
class TorchWeightsReaderTest {

    @TempDir
    Path tmp;

    static Path fixture(String name) {
        try {
            return Path.of(TorchWeightsReaderTest.class.getResource("/model/" + name).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    static JsonNode expected(String set) throws IOException {
        return new ObjectMapper().readTree(fixture("vgg19-tiny-expected.json").toFile()).get(set);
    }

    /** Checks every tensor of the fixture set: sums and sample elements, OIHW indices mapped to HWIO. */
    private static void assertMatches(Weights w, JsonNode expected, String prefix) {
        for (Iterator<Map.Entry<String, JsonNode>> it = expected.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            String key = e.getKey();
            if (!key.startsWith(prefix + "features.")) {
                continue;
            }
            int index = Integer.parseInt(key.split("\\.")[prefix.isEmpty() ? 1 : 2]);
            String layer = Vgg19.LAYERS.get(TorchWeightsReader.layerOf(index));
            boolean kernel = key.endsWith(".weight");
            float[] values = kernel ? w.kernel(layer) : w.bias(layer);
            int out = Vgg19.outChannels(layer);
            int in = Vgg19.inChannels(layer);
            double sum = 0;
            for (float v : values) {
                sum += v;
            }
            assertEquals(e.getValue().get("sum").asDouble(), sum, 1e-9 * values.length, key + " sum");
            for (JsonNode sample : e.getValue().get("samples")) {
                JsonNode idx = sample.get(0);
                float want = (float) sample.get(1).asDouble();
                int at = kernel
                        ? ((idx.get(2).asInt() * 3 + idx.get(3).asInt()) * in + idx.get(1).asInt()) * out + idx.get(0).asInt()
                        : idx.get(0).asInt();
                assertEquals(want, values[at], 0f, key + " at OIHW " + idx);
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"vgg19-tiny.pth", "vgg19-tiny-legacy.pth"})
    void readsTinyStateDictInBothFormats(String name) throws IOException {
        Weights w = TorchWeightsReader.read(fixture(name));
        assertEquals(3, w.depth(), "features.0, .2, .5: conv1_1 to conv2_1");
        assertEquals(Preprocessing.TORCHVISION, w.preprocessing());
        assertTrue(w.source().endsWith(name));
        assertMatches(w, expected("vgg19-tiny"), "");
    }

    @ParameterizedTest
    @ValueSource(strings = {"vgg19-views.pth", "vgg19-views-legacy.pth"})
    void handlesStridesOffsetsAndModulePrefix(String name) throws IOException {
        Weights w = TorchWeightsReader.read(fixture(name));
        assertEquals(1, w.depth());
        assertMatches(w, expected("vgg19-views"), "module.");
    }

    @Test
    void readsPython2EraLegacyPickle() throws IOException {
        Weights w = TorchWeightsReader.read(fixture("vgg19-py2-legacy.pth"));
        assertEquals(1, w.depth());
        assertMatches(w, expected("vgg19-py2"), "");
    }

    @Test
    void bothFormatsGiveTheSameWeights() {
        Weights zip = TorchWeightsReader.read(fixture("vgg19-tiny.pth"));
        Weights legacy = TorchWeightsReader.read(fixture("vgg19-tiny-legacy.pth"));
        for (String layer : Vgg19.LAYERS.subList(0, 3)) {
            assertArrayEquals(zip.kernel(layer), legacy.kernel(layer), layer);
            assertArrayEquals(zip.bias(layer), legacy.bias(layer), layer);
        }
    }

    private static void assertOneLine(WeightsException e, Path file, String... parts) {
        String m = e.getMessage();
        assertFalse(m.contains("\n") || m.contains("\r"), "one line: " + m);
        assertTrue(m.contains(file.toString()), "names the file: " + m);
        for (String p : parts) {
            assertTrue(m.contains(p), "mentions '" + p + "': " + m);
        }
    }

    private Path truncated(String name, double fraction) throws IOException {
        byte[] all = Files.readAllBytes(fixture(name));
        Path p = tmp.resolve("cut-" + name);
        Files.write(p, Arrays.copyOf(all, (int) (all.length * fraction)));
        return p;
    }

    @Test
    void truncatedLegacyFileNamesTheTensor() throws IOException {
        Path p = truncated("vgg19-tiny-legacy.pth", 0.6);
        WeightsException e = assertThrows(WeightsException.class, () -> TorchWeightsReader.read(p));
        assertOneLine(e, p, "truncated", "features.");
    }

    @Test
    void legacyFileCutInsideThePickle() throws IOException {
        Path p = truncated("vgg19-tiny-legacy.pth", 0.0005);
        WeightsException e = assertThrows(WeightsException.class, () -> TorchWeightsReader.read(p));
        assertOneLine(e, p, "truncated");
    }

    @Test
    void truncatedZipFileNamesTheTensor() throws IOException {
        Path p = truncated("vgg19-tiny.pth", 0.6);
        WeightsException e = assertThrows(WeightsException.class, () -> TorchWeightsReader.read(p));
        assertOneLine(e, p, "truncated", "features.");
    }

    @ParameterizedTest
    @ValueSource(doubles = {0.0001, 0.001, 0.01, 0.3, 0.9, 0.999, 0.99999})
    void anyTruncationGivesAOneLineError(double fraction) throws IOException {
        for (String name : new String[] {"vgg19-tiny.pth", "vgg19-tiny-legacy.pth"}) {
            Path p = truncated(name, fraction);
            WeightsException e = assertThrows(WeightsException.class, () -> TorchWeightsReader.read(p));
            assertOneLine(e, p);
        }
    }

    /** A copy of the zip fixture with its data.pkl changed by replacing bytes. */
    private Path patchedZip(String from, String to) throws IOException {
        Path p = tmp.resolve("patched.pth");
        try (ZipFile in = new ZipFile(fixture("vgg19-tiny.pth").toFile());
                OutputStream os = Files.newOutputStream(p); ZipOutputStream out = new ZipOutputStream(os)) {
            for (Enumeration<? extends ZipEntry> en = in.entries(); en.hasMoreElements(); ) {
                ZipEntry entry = en.nextElement();
                byte[] bytes;
                try (InputStream s = in.getInputStream(entry)) {
                    bytes = s.readAllBytes();
                }
                if (entry.getName().endsWith("/data.pkl")) {
                    String pkl = new String(bytes, StandardCharsets.ISO_8859_1);
                    assertTrue(pkl.contains(from), from);
                    bytes = pkl.replace(from, to).getBytes(StandardCharsets.ISO_8859_1);
                }
                out.putNextEntry(new ZipEntry(entry.getName()));
                out.write(bytes);
                out.closeEntry();
            }
        }
        return p;
    }

    @Test
    void missingTensorIsNamed() throws IOException {
        Path p = patchedZip("features.2.bias", "features.2.bjas");
        WeightsException e = assertThrows(WeightsException.class, () -> TorchWeightsReader.read(p));
        assertOneLine(e, p, "features.2.bias", "conv1_2", "missing");
    }

    @Test
    void wrongShapeIsNamed() throws IOException {
        // features.0.weight's size tuple (64, 3, 3, 3) as BININT1s becomes (64, 3, 3, 1)
        Path p = patchedZip("K@K\u0003K\u0003K\u0003t", "K@K\u0003K\u0003K\u0001t");
        WeightsException e = assertThrows(WeightsException.class, () -> TorchWeightsReader.read(p));
        assertOneLine(e, p, "features.0.weight", "[64, 3, 3, 1]", "[64, 3, 3, 3]");
    }

    @Test
    void nonFloatFeatureStorageIsRefused() throws IOException {
        Path p = patchedZip("torch\nFloatStorage\n", "torch\nHalfStorage\n");
        WeightsException e = assertThrows(WeightsException.class, () -> TorchWeightsReader.read(p));
        assertOneLine(e, p, "features.0.weight", "HalfStorage", "float32");
    }

    @Test
    void unknownOpcodeIsNamedInHex() throws IOException {
        Path p = tmp.resolve("odd.pth");
        Files.write(p, new byte[] {(byte) 0x80, 2, (byte) 0xfe});
        WeightsException e = assertThrows(WeightsException.class, () -> TorchWeightsReader.read(p));
        assertOneLine(e, p, "0xfe");
    }

    @Test
    void notATorchFile() throws IOException {
        Path p = tmp.resolve("text.pth");
        Files.writeString(p, "hello");
        WeightsException e = assertThrows(WeightsException.class, () -> TorchWeightsReader.read(p));
        assertOneLine(e, p, "not a PyTorch file");
        Path missing = tmp.resolve("missing.pth");
        assertOneLine(assertThrows(WeightsException.class, () -> TorchWeightsReader.read(missing)), missing, "no such file");
    }
}
