package io.neuralstyle.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.neuralstyle.SharedData;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
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
 * Resolution order, and the torchvision download ({@code --weights torchvision}) against a loopback
 * HTTP server serving the .pth fixture. The default q8 download: {@link QuantizedWeightsDownloadTest}.
 */
@Timeout(60)
class ModelStoreTest {

    @TempDir
    Path tmp;

    private HttpServer server;
    private ExecutorService executor;
    private final AtomicInteger requests = new AtomicInteger();
    private byte[] pth;
    private String sha256;
    private Path cacheDir;

    @BeforeEach
    void startServer() throws IOException, NoSuchAlgorithmException {
        pth = Files.readAllBytes(TorchWeightsReaderTest.fixture("vgg19-tiny-legacy.pth"));
        sha256 = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(pth));
        cacheDir = tmp.resolve("cache/neural-style");
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        executor = Executors.newFixedThreadPool(4);
        server.setExecutor(executor);
        server.createContext("/", exchange -> {
            requests.incrementAndGet();
            try (exchange) {
                String path = exchange.getRequestURI().getPath();
                if (path.startsWith("/models/vgg19-")) {
                    send(exchange, 200, pth, pth.length);
                } else if (path.equals("/old")) {
                    exchange.getResponseHeaders().add("Location", "/models/vgg19-" + sha256.substring(0, 8) + ".pth");
                    exchange.sendResponseHeaders(302, -1);
                } else if (path.equals("/cut")) {
                    send(exchange, 200, java.util.Arrays.copyOf(pth, pth.length / 2), pth.length);
                } else {
                    send(exchange, 404, "not found".getBytes(), 9);
                }
            } catch (IOException e) {
                // the client hung up: fine for the truncated-response case
            }
        });
        server.start();
    }

    private static void send(HttpExchange exchange, int status, byte[] body, long announced) throws IOException {
        exchange.sendResponseHeaders(status, announced);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
            out.flush();
        }
    }

    @AfterEach
    void stopServer() {
        server.stop(0);
        executor.shutdownNow();
    }

    private URI url(String path) {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + path);
    }

    private ModelStore.Builder store(String path) {
        return ModelStore.builder().torchvisionUrl(url(path)).cacheDir(cacheDir).environment(Map.of());
    }

    /** What the CLI passes for {@code --weights torchvision}. */
    private static final Path TORCHVISION = Path.of(ModelStore.TORCHVISION);

    /** Records what a download reports. */
    static final class Recorder implements DownloadListener {
        final List<Long> progress = new ArrayList<>();
        long total = Long.MIN_VALUE;
        String what;
        int started;
        int finished;

        @Override
        public synchronized void started(String what, long totalBytes) {
            this.what = what;
            started++;
            total = totalBytes;
        }

        @Override
        public synchronized void progress(long bytes) {
            progress.add(bytes);
        }

        @Override
        public synchronized void finished() {
            finished++;
        }
    }

    private List<Path> cacheContents() throws IOException {
        if (!Files.isDirectory(cacheDir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(cacheDir)) {
            return files.toList();
        }
    }

    @Test
    void downloadsOnceConvertsAndCaches() throws IOException {
        Recorder listener = new Recorder();
        String name = "/models/vgg19-" + sha256.substring(0, 8) + ".pth";
        // no expectedSha256: taken from the file name, torchvision's convention
        Weights w = store(name).build().resolve(TORCHVISION, listener);

        assertEquals(1, requests.get());
        assertEquals(1, listener.started);
        assertEquals(1, listener.finished);
        assertEquals(pth.length, listener.total);
        assertFalse(listener.progress.isEmpty());
        assertEquals(pth.length, listener.progress.get(listener.progress.size() - 1));
        for (int i = 1; i < listener.progress.size(); i++) {
            assertTrue(listener.progress.get(i) >= listener.progress.get(i - 1), "monotonic");
        }
        Path cache = cacheDir.resolve(ModelStore.CACHE_FILE_NAME);
        assertEquals(List.of(cache), cacheContents(), "only the compact file, the download deleted");
        assertEquals(3, w.depth());
        assertEquals(Preprocessing.TORCHVISION, w.preprocessing());
        assertTrue(w.source().contains(url(name).toString()), w.source());
        FeatureWeightsFileTest.assertSameTensors(TorchWeightsReader.read(TorchWeightsReaderTest.fixture("vgg19-tiny.pth")), w);

        Recorder again = new Recorder();
        Weights w2 = store(name).build().resolve(TORCHVISION, again);
        assertEquals(1, requests.get(), "the second resolve uses the cache");
        assertEquals(0, again.started);
        FeatureWeightsFileTest.assertSameTensors(w, w2);
    }

    @Test
    void followsRedirectsAndAcceptsAFullHash() throws IOException {
        Weights w = store("/old").torchvisionSha256(sha256.toUpperCase()).build().resolve(TORCHVISION);
        assertEquals(2, requests.get());
        assertEquals(3, w.depth());
        assertTrue(Files.isRegularFile(cacheDir.resolve(ModelStore.CACHE_FILE_NAME)));
    }

    private void assertFailsLeavingCacheEmpty(ModelStore store, String... parts) throws IOException {
        WeightsException e = assertThrows(WeightsException.class, () -> store.resolve(TORCHVISION));
        String m = e.getMessage();
        assertFalse(m.contains("\n"), m);
        for (String p : parts) {
            assertTrue(m.contains(p), "mentions '" + p + "': " + m);
        }
        assertEquals(List.of(), cacheContents(), "nothing left in the cache");
    }

    @Test
    void wrongHashFailsAndLeavesNothing() throws IOException {
        String wrong = sha256.charAt(0) == '0' ? "10000000" : "00000000";
        assertFailsLeavingCacheEmpty(store("/models/vgg19-x.pth").torchvisionSha256(wrong).build(),
                "SHA-256", sha256, "check your connection or pass --weights");
    }

    @Test
    void http404FailsAndLeavesNothing() throws IOException {
        Recorder listener = new Recorder();
        ModelStore s = store("/nothing-here.pth").torchvisionSha256("deadbeef").build();
        WeightsException e = assertThrows(WeightsException.class, () -> s.resolve(TORCHVISION, listener));
        assertTrue(e.getMessage().contains("HTTP 404") && e.getMessage().contains("--weights"), e.getMessage());
        assertEquals(0, listener.started);
        assertEquals(List.of(), cacheContents());
    }

    @Test
    void stalledResponseIsAbandonedAndLeavesNothing() throws IOException {
        // the server announces the whole file, sends half and keeps the connection open
        assertFailsLeavingCacheEmpty(store("/cut").torchvisionSha256(sha256).stallTimeout(Duration.ofSeconds(1)).build(),
                "stalled", "check your connection");
    }

    @Test
    void connectionCutMidwayFailsAndLeavesNothing() throws Exception {
        try (ServerSocket raw = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Thread t = new Thread(() -> {
                try (Socket s = raw.accept()) {
                    s.getInputStream().read(new byte[4096]);
                    OutputStream out = s.getOutputStream();
                    out.write(("HTTP/1.1 200 OK\r\nContent-Length: " + pth.length + "\r\n\r\n")
                            .getBytes(StandardCharsets.US_ASCII));
                    out.write(pth, 0, pth.length / 3);
                    out.flush();
                } catch (IOException ignored) {
                    // the test sees the result
                }
            });
            t.start();
            ModelStore s = ModelStore.builder().torchvisionUrl(URI.create("http://127.0.0.1:" + raw.getLocalPort() + "/w.pth"))
                    .torchvisionSha256(sha256).cacheDir(cacheDir).environment(Map.of()).build();
            Recorder listener = new Recorder();
            WeightsException e = assertThrows(WeightsException.class, () -> s.resolve(TORCHVISION, listener));
            assertTrue(e.getMessage().contains("check your connection"), e.getMessage());
            assertFalse(e.getMessage().contains("\n"), e.getMessage());
            assertEquals(listener.started, listener.finished, "finished after a failure too");
            assertEquals(List.of(), cacheContents());
            t.join(5000);
        }
    }

    @Test
    void unreachableServerFails() throws IOException {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        ModelStore s = ModelStore.builder().torchvisionUrl(URI.create("http://127.0.0.1:" + port + "/vgg19-dcbb9e9d.pth"))
                .cacheDir(cacheDir).environment(Map.of()).build();
        assertFailsLeavingCacheEmpty(s, "cannot download", "check your connection or pass --weights");
    }

    @Test
    void concurrentDownloadsDoNotCorruptTheCache() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            List<Future<Weights>> results = new ArrayList<>();
            for (int i = 0; i < 2; i++) {
                results.add(pool.submit(() -> store("/models/vgg19-x.pth").torchvisionSha256(sha256).build().resolve(TORCHVISION)));
            }
            for (Future<Weights> f : results) {
                assertEquals(3, f.get().depth());
            }
        } finally {
            pool.shutdownNow();
        }
        assertEquals(List.of(cacheDir.resolve(ModelStore.CACHE_FILE_NAME)), cacheContents());
        assertEquals(3, FeatureWeightsFile.read(cacheDir.resolve(ModelStore.CACHE_FILE_NAME)).depth());
    }

    @Test
    void explicitBeatsEnvironmentBeatsCache() throws IOException {
        Path explicit = tmp.resolve("explicit.bin");
        Path fromEnv = tmp.resolve("env.bin");
        FeatureWeightsFile.write(FeatureWeightsFileTest.random(1, Preprocessing.CAFFE, "explicit"), explicit);
        FeatureWeightsFile.write(FeatureWeightsFileTest.random(2, Preprocessing.CAFFE, "env"), fromEnv);
        FeatureWeightsFile.write(FeatureWeightsFileTest.random(3, Preprocessing.CAFFE, "cache"),
                cacheDir.resolve(ModelStore.CACHE_FILE_NAME));
        ModelStore withEnv = store("/models/vgg19-x.pth").torchvisionSha256(sha256)
                .environment(Map.of(ModelStore.ENV_WEIGHTS, fromEnv.toString())).build();
        assertEquals(1, withEnv.resolve(explicit).depth());
        assertEquals(2, withEnv.resolve(null).depth());
        assertEquals(3, store("/models/vgg19-x.pth").torchvisionSha256(sha256).build().resolve(null).depth());
        assertEquals(0, requests.get());
    }

    @Test
    void torchvisionKeywordInTheEnvironmentTooAndDotSlashNamesAFile() throws IOException {
        Recorder listener = new Recorder();
        ModelStore withEnv = store("/models/vgg19-x.pth").torchvisionSha256(sha256)
                .environment(Map.of(ModelStore.ENV_WEIGHTS, ModelStore.TORCHVISION)).build();
        assertEquals(3, withEnv.resolve(null, listener).depth());
        assertEquals(1, requests.get());
        assertTrue(listener.what.contains("torchvision"), listener.what);
        assertEquals(3, withEnv.resolve(TORCHVISION).depth());
        assertEquals(1, requests.get(), "the second time from the cache file");

        WeightsException e = assertThrows(WeightsException.class, () -> withEnv.resolve(Path.of("./torchvision")));
        assertTrue(e.getMessage().contains("no such file"), e.getMessage());
    }

    @Test
    void environmentPointingNowhereIsAnError() {
        ModelStore s = store("/x").torchvisionSha256(sha256)
                .environment(Map.of(ModelStore.ENV_WEIGHTS, tmp.resolve("gone.pth").toString())).build();
        WeightsException e = assertThrows(WeightsException.class, () -> s.resolve(null));
        assertTrue(e.getMessage().contains(ModelStore.ENV_WEIGHTS) && e.getMessage().contains("gone.pth"), e.getMessage());
    }

    @Test
    void damagedCacheSaysToDeleteIt() throws IOException {
        Path cache = cacheDir.resolve(ModelStore.CACHE_FILE_NAME);
        FeatureWeightsFile.write(FeatureWeightsFileTest.random(1, Preprocessing.CAFFE, "c"), cache);
        byte[] b = Files.readAllBytes(cache);
        b[b.length - 1] ^= 1;
        Files.write(cache, b);
        ModelStore s = store("/models/vgg19-x.pth").torchvisionSha256(sha256).build();
        WeightsException e = assertThrows(WeightsException.class, () -> s.resolve(null));
        assertTrue(e.getMessage().contains(cache.toString()) && e.getMessage().contains("delete it and run again"),
                e.getMessage());
        assertEquals(0, requests.get());
    }

    @Test
    void loadDetectsFormatsByContent() throws IOException {
        Path zip = Files.copy(TorchWeightsReaderTest.fixture("vgg19-tiny.pth"), tmp.resolve("zip.weights"));
        Path legacy = Files.copy(TorchWeightsReaderTest.fixture("vgg19-tiny-legacy.pth"), tmp.resolve("legacy.dat"));
        Path compact = tmp.resolve("compact.pth");
        FeatureWeightsFile.write(FeatureWeightsFileTest.random(2, Preprocessing.CAFFE, "c"), compact);
        assertEquals(Preprocessing.TORCHVISION, ModelStore.load(zip).preprocessing());
        assertEquals(3, ModelStore.load(legacy).depth());
        assertEquals(2, ModelStore.load(compact).depth());

        Path text = Files.writeString(tmp.resolve("notes.pth"), "hello");
        WeightsException e = assertThrows(WeightsException.class, () -> ModelStore.load(text));
        assertTrue(e.getMessage().contains("not a weights file") && e.getMessage().contains("--weights"), e.getMessage());
        Path emptyDir = Files.createDirectories(tmp.resolve("empty"));
        e = assertThrows(WeightsException.class, () -> ModelStore.load(emptyDir));
        assertTrue(e.getMessage().contains("manifest.json"), e.getMessage());
        e = assertThrows(WeightsException.class, () -> ModelStore.load(tmp.resolve("absent")));
        assertTrue(e.getMessage().contains("no such file"), e.getMessage());
    }

    @Test
    void loadReadsTheQ8FolderOrItsManifest() {
        Path q8 = SharedData.q8WeightsOrSkip();
        assertEquals(Preprocessing.CAFFE, ModelStore.load(q8).preprocessing());
        assertEquals(16, ModelStore.load(q8.resolve("manifest.json")).depth());
    }

    @Test
    void defaultCacheFolder() {
        assertEquals(Path.of("/xdg/neural-style"), ModelStore.defaultCacheDir(Map.of("XDG_CACHE_HOME", "/xdg")));
        Path home = Path.of(System.getProperty("user.home"), ".cache", "neural-style");
        assertEquals(home, ModelStore.defaultCacheDir(Map.of()));
        assertEquals(home, ModelStore.defaultCacheDir(Map.of("XDG_CACHE_HOME", "relative")));
        assertEquals(Path.of("/xdg/neural-style", ModelStore.CACHE_FILE_NAME),
                ModelStore.builder().environment(Map.of("XDG_CACHE_HOME", "/xdg")).build().torchvisionCacheFile());
        assertEquals(Path.of("/xdg/neural-style", ModelStore.Q8_CACHE_DIR_NAME),
                ModelStore.builder().environment(Map.of("XDG_CACHE_HOME", "/xdg")).build().q8CacheDir());
        assertEquals(ModelStore.TORCHVISION_VGG19, ModelStore.builder().environment(Map.of()).build().torchvisionUrl());
    }
}
