package io.neuralstyle.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.neuralstyle.SharedData;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reads the real q8 weights in ../shared (skipped where absent) and damaged copies of them. */
class QuantizedWeightsReaderTest {

    @TempDir
    Path tmp;

    /** Dequantizes one value straight from the tensor's file and the manifest, as the format says. */
    private static double rawValue(Path dir, String tensor, int index) throws IOException {
        JsonNode e = new ObjectMapper().readTree(dir.resolve("manifest.json").toFile()).get("weights").get(tensor);
        byte[] bytes = Files.readAllBytes(dir.resolve(e.get("filename").asText()));
        JsonNode q = e.get("quantization");
        return (bytes[index] & 0xff) * q.get("scale").asDouble() + q.get("min_value").asDouble();
    }

    @Test
    void readsRealWeights() throws IOException {
        Path dir = SharedData.q8WeightsOrSkip();
        QuantizedWeightsReader.read(dir); // warm up class loading and JIT
        long t0 = System.nanoTime();
        Weights w = QuantizedWeightsReader.read(dir);
        long ms = (System.nanoTime() - t0) / 1_000_000;
        System.out.println("q8 weights, 16 layers, read and checked in " + ms + " ms");
        assertTrue(ms < 1000, "took " + ms + " ms");
        assertEquals(16, w.depth());
        assertEquals(Preprocessing.CAFFE, w.preprocessing());

        // HWIO index ((h*3+w)*in + i)*out + o equals the file's row-major H x W x In x Out index
        int[][] picks = {{0, 0, 0, 0}, {1, 2, 2, 63}, {2, 1, 1, 5}};
        for (int[] p : picks) {
            int at = ((p[0] * 3 + p[1]) * 3 + p[2]) * 64 + p[3];
            assertEquals(rawValue(dir, "conv1_1/kernel", at), w.kernel("conv1_1")[at], 1e-6);
        }
        int at = ((1 * 3 + 2) * 128 + 5) * 256 + 7; // conv3_1 at h=1, w=2, i=5, o=7
        assertEquals(rawValue(dir, "conv3_1/kernel", at), w.kernel("conv3_1")[at], 1e-6);
        assertEquals(rawValue(dir, "conv5_4/bias", 511), w.bias("conv5_4")[511], 1e-6);
        int last = 9 * 512 * 512 - 1;
        assertEquals(rawValue(dir, "conv5_4/kernel", last), w.kernel("relu5_4")[last], 1e-6);
    }

    /** A writable copy of the real folder to damage. */
    private Path copy() throws IOException {
        Path src = SharedData.q8WeightsOrSkip();
        Path dst = Files.createDirectories(tmp.resolve("vgg19-q8"));
        try (Stream<Path> files = Files.list(src)) {
            for (Path f : (Iterable<Path>) files::iterator) {
                Files.copy(f, dst.resolve(f.getFileName()));
                dst.resolve(f.getFileName()).toFile().setWritable(true);
            }
        }
        return dst;
    }

    private static WeightsException fails(Path dir, String... parts) {
        WeightsException e = assertThrows(WeightsException.class, () -> QuantizedWeightsReader.read(dir));
        String m = e.getMessage();
        assertFalse(m.contains("\n") || m.contains("\r"), "one line: " + m);
        assertTrue(m.contains("--weights"), "says what to do: " + m);
        for (String p : parts) {
            assertTrue(m.contains(p), "mentions '" + p + "': " + m);
        }
        return e;
    }

    private static void editManifest(Path dir, java.util.function.Consumer<ObjectNode> edit) throws IOException {
        ObjectMapper json = new ObjectMapper();
        ObjectNode m = (ObjectNode) json.readTree(dir.resolve("manifest.json").toFile());
        edit.accept((ObjectNode) m.get("weights"));
        json.writeValue(dir.resolve("manifest.json").toFile(), m);
    }

    @Test
    void md5Mismatch() throws IOException {
        Path dir = copy();
        Path f = dir.resolve("conv2_1_kernel");
        byte[] b = Files.readAllBytes(f);
        b[1000] ^= 1;
        Files.write(f, b);
        fails(dir, f.toString(), "conv2_1/kernel", "md5");
    }

    @Test
    void truncatedFile() throws IOException {
        Path dir = copy();
        Path f = dir.resolve("conv4_2_kernel");
        byte[] b = Files.readAllBytes(f);
        Files.write(f, Arrays.copyOf(b, b.length / 2));
        fails(dir, f.toString(), "conv4_2/kernel", "truncated");
    }

    @Test
    void missingFile() throws IOException {
        Path dir = copy();
        Files.delete(dir.resolve("conv3_3_bias"));
        fails(dir, dir.resolve("conv3_3_bias").toString(), "conv3_3/bias", "no such file");
    }

    @Test
    void missingTensorEntry() throws IOException {
        Path dir = copy();
        editManifest(dir, w -> w.remove("conv5_4/bias"));
        fails(dir, dir.resolve("manifest.json").toString(), "conv5_4/bias", "missing");
    }

    @Test
    void wrongShape() throws IOException {
        Path dir = copy();
        editManifest(dir, w -> ((ArrayNode) w.get("conv1_2/kernel").get("shape")).set(3, 32));
        fails(dir, dir.resolve("conv1_2_kernel").toString(), "conv1_2/kernel", "[3, 3, 64, 32]", "[3, 3, 64, 64]");
    }

    @Test
    void missingManifest() {
        fails(tmp, tmp.resolve("manifest.json").toString(), "no such file");
    }
}
