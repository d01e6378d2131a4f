package io.neuralstyle.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FeatureWeightsFileTest {

    @TempDir
    Path tmp;

    /** Seeded random weights for the first {@code depth} layers. */
    static Weights random(int depth, Preprocessing p, String source) {
        SplittableRandom rnd = new SplittableRandom(depth);
        Map<String, float[]> kernels = new LinkedHashMap<>();
        Map<String, float[]> biases = new LinkedHashMap<>();
        for (String layer : Vgg19.LAYERS.subList(0, depth)) {
            float[] k = new float[9 * Vgg19.inChannels(layer) * Vgg19.outChannels(layer)];
            for (int i = 0; i < k.length; i++) {
                k[i] = (float) (rnd.nextDouble() - 0.5);
            }
            float[] b = new float[Vgg19.outChannels(layer)];
            for (int i = 0; i < b.length; i++) {
                b[i] = (float) rnd.nextDouble();
            }
            kernels.put(layer, k);
            biases.put(layer, b);
        }
        return new Weights(kernels, biases, p, source);
    }

    static void assertSameTensors(Weights a, Weights b) {
        assertEquals(a.depth(), b.depth());
        assertEquals(a.preprocessing(), b.preprocessing());
        for (String layer : Vgg19.LAYERS.subList(0, a.depth())) {
            assertArrayEquals(a.kernel(layer), b.kernel(layer), layer);
            assertArrayEquals(a.bias(layer), b.bias(layer), layer);
        }
    }

    @Test
    void roundTripOfTorchFixture() throws IOException {
        Weights w = TorchWeightsReader.read(TorchWeightsReaderTest.fixture("vgg19-tiny.pth"));
        Path f = tmp.resolve("w.bin");
        FeatureWeightsFile.write(w, f);
        Weights r = FeatureWeightsFile.read(f);
        assertSameTensors(w, r);
        assertEquals(Preprocessing.TORCHVISION, r.preprocessing());
        assertTrue(r.source().startsWith(f.toString()) && r.source().contains("vgg19-tiny.pth"), r.source());
        assertEquals(64 + w.source().getBytes(java.nio.charset.StandardCharsets.UTF_8).length
                + FeatureWeightsFile.payloadBytes(3), f.toFile().length(), "64-byte header, origin, payload");
    }

    @Test
    void roundTripOfAll16LayersIsExactAndFast() {
        Preprocessing odd = new Preprocessing(true, 255f, new float[] {1.5f, -2f, 3f}, new float[] {0.5f, 0.25f, 2f});
        Weights w = random(16, odd, "synthetic ü");
        Path f = tmp.resolve("cache/nested/vgg19-features.bin");
        long t0 = System.nanoTime();
        FeatureWeightsFile.write(w, f);
        long writeMs = (System.nanoTime() - t0) / 1_000_000;
        FeatureWeightsFile.read(f); // warm up
        t0 = System.nanoTime();
        Weights r = FeatureWeightsFile.read(f);
        long readMs = (System.nanoTime() - t0) / 1_000_000;
        System.out.println("compact file, 16 layers (" + (FeatureWeightsFile.payloadBytes(16) >> 20)
                + " MiB): written in " + writeMs + " ms, read and CRC-checked in " + readMs + " ms");
        assertTrue(readMs < 1000, "read took " + readMs + " ms");
        assertSameTensors(w, r);
        assertTrue(r.source().contains("synthetic ü"), r.source());
        assertEquals(odd, r.preprocessing());
    }

    @Test
    void isWrittenWithOrdinaryPermissions() throws IOException {
        Path f = tmp.resolve("features.bin");
        Path reference = Files.createFile(tmp.resolve("reference"));
        FeatureWeightsFile.write(random(1, Preprocessing.CAFFE, "a"), f);
        // As if created normally (umask), not owner-only like Files.createTempFile: another user of a
        // shared model folder can read it.
        assertEquals(Files.getPosixFilePermissions(reference), Files.getPosixFilePermissions(f));
    }

    @Test
    void overwritesAtomicallyWithoutLeftovers() throws IOException {
        Path f = tmp.resolve("w.bin");
        FeatureWeightsFile.write(random(2, Preprocessing.CAFFE, "a"), f);
        FeatureWeightsFile.write(random(1, Preprocessing.TORCHVISION, "b"), f);
        assertEquals(1, FeatureWeightsFile.read(f).depth());
        try (Stream<Path> files = Files.list(tmp)) {
            assertEquals(List.of(f), files.toList(), "no temporary files left");
        }
    }

    private static void assertFails(Path f, String... parts) {
        WeightsException e = assertThrows(WeightsException.class, () -> FeatureWeightsFile.read(f));
        String m = e.getMessage();
        assertFalse(m.contains("\n"), m);
        assertTrue(m.contains(f.toString()), m);
        for (String p : parts) {
            assertTrue(m.contains(p), "mentions '" + p + "': " + m);
        }
    }

    @Test
    void rejectsCorruptedPayload() throws IOException {
        Path f = tmp.resolve("w.bin");
        FeatureWeightsFile.write(random(3, Preprocessing.CAFFE, "x"), f);
        byte[] b = Files.readAllBytes(f);
        b[b.length / 2] ^= 0x10;
        Files.write(f, b);
        assertFails(f, "CRC");
    }

    @Test
    void rejectsCorruptedHeaderOrigin() throws IOException {
        Path f = tmp.resolve("w.bin");
        FeatureWeightsFile.write(random(1, Preprocessing.CAFFE, "origin"), f);
        byte[] b = Files.readAllBytes(f);
        b[65] ^= 1; // inside the origin string, covered by the CRC too
        Files.write(f, b);
        assertFails(f, "CRC");
    }

    @Test
    void rejectsTruncatedAndForeignFiles() throws IOException {
        Path f = tmp.resolve("w.bin");
        FeatureWeightsFile.write(random(2, Preprocessing.CAFFE, "x"), f);
        byte[] b = Files.readAllBytes(f);
        Files.write(f, Arrays.copyOf(b, b.length - 100));
        assertFails(f, "truncated");
        Files.write(f, Arrays.copyOf(b, 10));
        assertFails(f, "too short");
        Files.writeString(f, "x".repeat(200));
        assertFails(f, "not a neural-style weights file");
        byte[] v2 = b.clone();
        v2[8] = 2;
        Files.write(f, v2);
        assertFails(f, "version 2");
        assertFails(tmp.resolve("none.bin"), "no such file");
    }
}
