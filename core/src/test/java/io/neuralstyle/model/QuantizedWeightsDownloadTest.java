package io.neuralstyle.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.neuralstyle.SharedData;
import io.neuralstyle.model.ModelStoreTest.Recorder;
import io.neuralstyle.model.QuantizedWeightsDownload.PinnedFile;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The default download, the q8 folder, against a loopback HTTP server: the real files of
 * ../shared/models/vgg19-q8 with the hashes pinned in the code (skipped where absent), and a
 * made-up set with VGG19's shapes for everything else, so that the download's success and
 * failures are tested on a machine without ../shared too.
 */
@Timeout(120)
class QuantizedWeightsDownloadTest {

    private static final String TAMPERED = "conv3_1_kernel";
    private static Map<String, byte[]> fabricated;
    private static List<String> fabricatedOrder;

    @TempDir
    Path tmp;

    private HttpServer server;
    private ExecutorService executor;
    private final AtomicInteger requests = new AtomicInteger();
    private Path cacheDir;

    /**
     * A made-up q8 set: VGG19's 32 tensors as seeded random bytes (20 MB) and a manifest with their
     * quantization and md5 checksums, in download order (manifest first).
     */
    static synchronized Map<String, byte[]> fabricated() {
        if (fabricated == null) {
            SplittableRandom rnd = new SplittableRandom(19);
            ObjectMapper json = new ObjectMapper();
            ObjectNode weights = json.createObjectNode();
            Map<String, byte[]> tensors = new LinkedHashMap<>();
            for (String layer : Vgg19.LAYERS) {
                int in = Vgg19.inChannels(layer);
                int out = Vgg19.outChannels(layer);
                tensors.put(layer + "_kernel", randomBytes(rnd, 9 * in * out));
                tensors.put(layer + "_bias", randomBytes(rnd, out));
                for (String kind : List.of("kernel", "bias")) {
                    byte[] bytes = tensors.get(layer + "_" + kind);
                    ObjectNode e = weights.putObject(layer + "/" + kind);
                    e.put("filename", layer + "_" + kind).put("size", bytes.length).put("dtype", "float32");
                    e.putObject("quantization").put("dtype", "uint8").put("scale", 0.001).put("min_value", -0.128);
                    if (kind.equals("kernel")) {
                        e.putArray("shape").add(3).add(3).add(in).add(out);
                    } else {
                        e.putArray("shape").add(out);
                    }
                    e.put("checksum", hex("MD5", bytes));
                }
            }
            ObjectNode manifest = json.createObjectNode().put("name", "fabricated vgg19");
            manifest.set("weights", weights);
            Map<String, byte[]> files = new LinkedHashMap<>();
            files.put("manifest.json", manifest.toPrettyString().getBytes(StandardCharsets.UTF_8));
            files.putAll(tensors);
            fabricated = Map.copyOf(files);
            fabricatedOrder = List.copyOf(files.keySet());
        }
        return fabricated;
    }

    private static byte[] randomBytes(SplittableRandom rnd, int n) {
        byte[] b = new byte[n];
        rnd.nextBytes(b);
        return b;
    }

    static String hex(String algorithm, byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance(algorithm).digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }

    /** The made-up set's files, pinned as the code pins the real ones. */
    private static List<PinnedFile> fabricatedPins() {
        Map<String, byte[]> files = fabricated();
        return fabricatedOrder.stream().map(n -> new PinnedFile(n, files.get(n).length, hex("SHA-256", files.get(n))))
                .toList();
    }

    @BeforeEach
    void startServer() throws IOException {
        cacheDir = tmp.resolve("cache/neural-style");
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        executor = Executors.newFixedThreadPool(4);
        server.setExecutor(executor);
        server.createContext("/", exchange -> {
            requests.incrementAndGet();
            try (exchange) {
                String[] parts = exchange.getRequestURI().getPath().split("/");
                String set = parts.length == 3 ? parts[1] : "";
                String name = parts.length == 3 ? parts[2] : "";
                byte[] body = switch (set) {
                    case "real" -> realFile(name);
                    case "fake", "tampered", "oversized" -> fabricated().get(name);
                    default -> null;
                };
                if (body == null) {
                    send(exchange, 404, "not found".getBytes(StandardCharsets.US_ASCII));
                    return;
                }
                if (set.equals("tampered") && name.equals(TAMPERED)) {
                    body = body.clone();
                    body[1000] ^= 1;
                }
                if (set.equals("oversized") && name.equals(TAMPERED)) {
                    body = Arrays.copyOf(body, body.length * 2);
                }
                send(exchange, 200, body);
            } catch (IOException e) {
                // the client hung up
            }
        });
        server.start();
    }

    private static byte[] realFile(String name) throws IOException {
        Path dir = SharedData.root().map(r -> r.resolve("models/vgg19-q8")).orElseThrow();
        Path f = dir.resolve(name);
        return name.matches("[a-z0-9_.]+") && Files.isRegularFile(f) ? Files.readAllBytes(f) : null;
    }

    private static void send(HttpExchange exchange, int status, byte[] body) throws IOException {
        exchange.sendResponseHeaders(status, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    @AfterEach
    void stopServer() {
        server.stop(0);
        executor.shutdownNow();
    }

    private URI url(String set) {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/" + set + "/");
    }

    /** A store that downloads the made-up set from {@code /set/}. */
    private ModelStore fakeStore(String set) {
        return ModelStore.builder().q8Url(url(set)).q8Files(fabricatedPins()).cacheDir(cacheDir)
                .environment(Map.of()).build();
    }

    private List<String> cacheContents() throws IOException {
        if (!Files.isDirectory(cacheDir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(cacheDir)) {
            return files.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    private static void assertMonotoneToTotal(Recorder r, long total) {
        assertEquals(1, r.started, "one progress bar for the whole set");
        assertEquals(1, r.finished);
        assertEquals(total, r.total, "the total is known from the pinned sizes");
        assertFalse(r.progress.isEmpty());
        for (int i = 1; i < r.progress.size(); i++) {
            assertTrue(r.progress.get(i) >= r.progress.get(i - 1), "monotone: " + r.progress);
        }
        assertEquals(total, r.progress.get(r.progress.size() - 1), "reaches the total");
    }

    @Test
    void pinnedFilesAreThoseOfTheSharedFolder() throws IOException {
        Path q8 = SharedData.q8WeightsOrSkip();
        List<String> names = new ArrayList<>(List.of("manifest.json"));
        new ObjectMapper().readTree(q8.resolve("manifest.json").toFile()).get("weights")
                .forEach(e -> names.add(e.get("filename").asText()));
        assertEquals(names, QuantizedWeightsDownload.VGG19.stream().map(PinnedFile::name).toList(),
                "manifest.json and every file it names, in its order");
        for (PinnedFile f : QuantizedWeightsDownload.VGG19) {
            byte[] bytes = Files.readAllBytes(q8.resolve(f.name()));
            assertEquals(f.size(), bytes.length, f.name());
            assertEquals(f.sha256(), hex("SHA-256", bytes), f.name());
        }
        assertEquals(20_036_092, QuantizedWeightsDownload.VGG19.stream().mapToLong(PinnedFile::size).sum(), "20 MB");
        assertTrue(ModelStore.DEFAULTS_TEXT.contains("downloaded once (20 MB)"), "the help says the same size");
    }

    @Test
    void downloadsTheRealFilesOnceWithThePinnedHashes() throws IOException {
        Path q8 = SharedData.q8WeightsOrSkip();
        ModelStore store = ModelStore.builder().q8Url(url("real")).cacheDir(cacheDir).environment(Map.of()).build();
        Recorder listener = new Recorder();
        Weights w = store.resolve(null, listener);

        assertEquals(33, requests.get(), "manifest.json and its 32 files, each once");
        assertMonotoneToTotal(listener, 20_036_092);
        assertEquals(List.of(ModelStore.Q8_CACHE_DIR_NAME), cacheContents(), "the folder only, no temporary files");
        for (PinnedFile f : QuantizedWeightsDownload.VGG19) {
            assertArrayEquals(Files.readAllBytes(q8.resolve(f.name())), Files.readAllBytes(store.q8CacheDir().resolve(f.name())),
                    f.name());
        }
        FeatureWeightsFileTest.assertSameTensors(QuantizedWeightsReader.read(q8), w);
        assertEquals(store.q8CacheDir().toString(), w.source());

        Recorder again = new Recorder();
        FeatureWeightsFileTest.assertSameTensors(w, store.resolve(null, again));
        assertEquals(33, requests.get(), "the second resolve reads the cache");
        assertEquals(0, again.started);
    }

    @Test
    void downloadsAMadeUpSetOnceAndFindsItAfter() throws IOException {
        Recorder listener = new Recorder();
        Weights w = fakeStore("fake").resolve(null, listener);
        assertEquals(16, w.depth());
        assertEquals(Preprocessing.CAFFE, w.preprocessing());
        assertEquals(33, requests.get());
        assertMonotoneToTotal(listener, fabricated().values().stream().mapToLong(b -> b.length).sum());
        assertEquals(List.of(ModelStore.Q8_CACHE_DIR_NAME), cacheContents());
        assertEquals(-0.128 + 0.001 * (fabricated().get("conv1_1_bias")[3] & 0xff), w.bias("conv1_1")[3], 1e-6);

        Recorder again = new Recorder();
        FeatureWeightsFileTest.assertSameTensors(w, fakeStore("fake").resolve(null, again));
        assertEquals(33, requests.get(), "no second download");
        assertEquals(0, again.started);
    }

    private void assertFailsLeavingNothing(ModelStore store, String... parts) throws IOException {
        Recorder listener = new Recorder();
        WeightsException e = assertThrows(WeightsException.class, () -> store.resolve(null, listener));
        String m = e.getMessage();
        assertFalse(m.contains("\n"), m);
        for (String p : parts) {
            assertTrue(m.contains(p), "mentions '" + p + "': " + m);
        }
        assertTrue(m.contains("run again") && m.contains("--weights"), "says what to do: " + m);
        assertEquals(listener.started, listener.finished, "the progress bar is closed after a failure too");
        assertEquals(List.of(), cacheContents(), "nothing left in the cache");
        assertFalse(Files.exists(cacheDir), "not even the empty cache folder, which did not exist before");
    }

    @Test
    void aFileWithAnotherHashFailsNamingItAndLeavesNothing() throws IOException {
        String expected = fabricatedPins().stream().filter(f -> f.name().equals(TAMPERED)).findFirst().orElseThrow()
                .sha256();
        assertFailsLeavingNothing(fakeStore("tampered"), TAMPERED, "SHA-256", expected, "nothing was saved");
    }

    @Test
    void aFileLongerThanPinnedIsAbandonedAndLeavesNothing() throws IOException {
        assertFailsLeavingNothing(fakeStore("oversized"), TAMPERED, "more than");
    }

    @Test
    void aMissingFileFailsAndLeavesNothing() throws IOException {
        List<PinnedFile> pins = new ArrayList<>(fabricatedPins());
        pins.add(new PinnedFile("not_there", 3, "0".repeat(64)));
        ModelStore store = ModelStore.builder().q8Url(url("fake")).q8Files(pins).cacheDir(cacheDir)
                .environment(Map.of()).build();
        assertFailsLeavingNothing(store, "HTTP 404", "not_there");
    }

    @Test
    void offlineTheErrorSaysWhereToPutTheFilesByHandAndLeavesNoFolder() throws IOException {
        int port;
        try (ServerSocket closed = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = closed.getLocalPort(); // closed below: connections are refused, as without a network
        }
        ModelStore store = ModelStore.builder().q8Url(URI.create("http://127.0.0.1:" + port + "/q8/"))
                .q8Files(fabricatedPins()).cacheDir(cacheDir).environment(Map.of()).build();
        WeightsException e = assertThrows(WeightsException.class, () -> store.resolve(null));
        String m = e.getMessage();
        assertTrue(m.startsWith("cannot download http://127.0.0.1:" + port + "/q8/manifest.json (connection refused"
                + " or no network)"), "what failed, in words: " + m);
        assertTrue(m.contains("offline, copy manifest.json and the " + (fabricatedPins().size() - 1) + " files it"
                + " lists, from that folder or a copy of it, into " + store.q8CacheDir().toAbsolutePath()), m);
        assertFalse(Files.exists(cacheDir.getParent()), "no empty folders left: the download made them");
    }

    @Test
    void aFailedDownloadKeepsAFolderThatWasThereBefore() throws IOException {
        Files.createDirectories(cacheDir);
        List<PinnedFile> pins = new ArrayList<>(fabricatedPins());
        pins.add(new PinnedFile("not_there", 3, "0".repeat(64)));
        ModelStore store = ModelStore.builder().q8Url(url("fake")).q8Files(pins).cacheDir(cacheDir)
                .environment(Map.of()).build();
        assertThrows(WeightsException.class, () -> store.resolve(null));
        assertTrue(Files.isDirectory(cacheDir), "the user's folder stays");
        assertEquals(List.of(), cacheContents());
    }

    @Test
    void aServerThatDiesMidDownloadLeavesNoCache() throws Exception {
        Map<String, byte[]> files = fabricated();
        int dieAt = 6; // serves manifest.json and five tensors, then half of the next, then dies
        try (ServerSocket raw = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            Thread t = new Thread(() -> {
                try {
                    for (int served = 0; ; served++) {
                        try (Socket s = raw.accept()) {
                            String name = requestedName(s.getInputStream());
                            byte[] body = files.get(name);
                            OutputStream out = s.getOutputStream();
                            out.write(("HTTP/1.1 200 OK\r\nContent-Length: " + body.length + "\r\nConnection: close\r\n\r\n")
                                    .getBytes(StandardCharsets.US_ASCII));
                            out.write(body, 0, served < dieAt ? body.length : body.length / 2);
                            out.flush();
                            if (served >= dieAt) {
                                raw.close(); // dead: later connections are refused
                                return;
                            }
                        }
                    }
                } catch (IOException ignored) {
                    // the test sees the result
                }
            });
            t.start();
            ModelStore store = ModelStore.builder().q8Url(URI.create("http://127.0.0.1:" + raw.getLocalPort() + "/q8/"))
                    .q8Files(fabricatedPins()).cacheDir(cacheDir).environment(Map.of()).build();
            assertFailsLeavingNothing(store, fabricatedOrder.get(dieAt), "check your connection");
            t.join(5000);
        }
    }

    /** Reads an HTTP request's head and returns the last segment of its path. */
    private static String requestedName(InputStream in) throws IOException {
        StringBuilder head = new StringBuilder();
        while (!head.toString().endsWith("\r\n\r\n")) {
            int c = in.read();
            if (c < 0) {
                break;
            }
            head.append((char) c);
        }
        String path = head.toString().split(" ")[1];
        return path.substring(path.lastIndexOf('/') + 1);
    }

    @Test
    void staleTemporaryFoldersAreRemovedAndFreshOnesIgnored() throws IOException {
        Path stale = Files.createDirectories(cacheDir.resolve(ModelStore.Q8_CACHE_DIR_NAME + ".download-1"));
        Files.write(stale.resolve("manifest.json"), new byte[] {'{'});
        Files.setLastModifiedTime(stale, FileTime.from(Instant.now().minus(Duration.ofDays(2))));
        Path fresh = Files.createDirectories(cacheDir.resolve(ModelStore.Q8_CACHE_DIR_NAME + ".download-2"));
        Files.write(fresh.resolve("manifest.json"), new byte[] {'{'});

        assertEquals(16, fakeStore("fake").resolve(null).depth());
        assertEquals(List.of(ModelStore.Q8_CACHE_DIR_NAME, fresh.getFileName().toString()), cacheContents(),
                "a day-old folder of a killed run deleted, a fresh one (maybe another run's) left alone");
    }

    @Test
    void concurrentDownloadsLeaveOneCompleteCache() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            List<Future<Weights>> results = new ArrayList<>();
            for (int i = 0; i < 2; i++) {
                results.add(pool.submit(() -> fakeStore("fake").resolve(null)));
            }
            Weights first = results.get(0).get();
            FeatureWeightsFileTest.assertSameTensors(first, results.get(1).get());
        } finally {
            pool.shutdownNow();
        }
        assertEquals(List.of(ModelStore.Q8_CACHE_DIR_NAME), cacheContents());
        assertEquals(16, QuantizedWeightsReader.read(cacheDir.resolve(ModelStore.Q8_CACHE_DIR_NAME)).depth());
    }

    @Test
    void theQ8CacheComesBeforeAnOldTorchvisionCacheFile() throws IOException {
        fakeStore("fake").resolve(null);
        int downloads = requests.get();
        FeatureWeightsFile.write(FeatureWeightsFileTest.random(2, Preprocessing.TORCHVISION, "old"),
                cacheDir.resolve(ModelStore.CACHE_FILE_NAME));
        assertEquals(16, fakeStore("fake").resolve(null).depth());

        deleteTree(cacheDir.resolve(ModelStore.Q8_CACHE_DIR_NAME));
        assertEquals(2, fakeStore("fake").resolve(null).depth(), "an old torchvision cache is still read");
        assertEquals(downloads, requests.get(), "and nothing is downloaded");
    }

    @Test
    void aDamagedQ8CacheSaysToDeleteIt() throws IOException {
        fakeStore("fake").resolve(null);
        int downloads = requests.get();
        Path file = cacheDir.resolve(ModelStore.Q8_CACHE_DIR_NAME).resolve("conv2_1_kernel");
        byte[] b = Files.readAllBytes(file);
        b[7] ^= 1;
        Files.write(file, b);
        WeightsException e = assertThrows(WeightsException.class, () -> fakeStore("fake").resolve(null));
        assertTrue(e.getMessage().contains("conv2_1_kernel") && e.getMessage().contains("md5")
                && e.getMessage().contains("delete the folder " + cacheDir.resolve(ModelStore.Q8_CACHE_DIR_NAME)),
                e.getMessage());
        assertEquals(downloads, requests.get());
    }

    private static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
