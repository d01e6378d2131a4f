package io.neuralstyle.model;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds the VGG19 weights for a run. In order:
 * <ol>
 * <li>an explicit path (the CLI's {@code --weights}), when given;</li>
 * <li>else the environment variable {@value #ENV_WEIGHTS}, when set;</li>
 * <li>else the cache file {@value #CACHE_FILE_NAME} in the user cache folder
 * ({@code $XDG_CACHE_HOME/neural-style}, or {@code ~/.cache/neural-style});</li>
 * <li>else torchvision's VGG19 is downloaded once from {@link #TORCHVISION_VGG19}, its SHA-256
 * checked, its feature layers written to the cache file, and the 548 MB download deleted.</li>
 * </ol>
 * A path may be a q8 folder (with manifest.json), a PyTorch {@code .pth} file (either format) or a
 * {@link FeatureWeightsFile}; the format is told by content, not by name (see {@link #load}).
 *
 * <p>Downloads stream to a temporary {@code .part} file in the cache folder and the cache file is
 * replaced atomically, so a failed or concurrent download never leaves a partial or corrupt cache.
 * Instances are immutable; tests point one at a local server with {@link #builder()}.
 */
public final class ModelStore {

    /** torchvision's ImageNet VGG19 (2017, legacy torch format, 548 MB). */
    public static final URI TORCHVISION_VGG19 = URI.create("https://download.pytorch.org/models/vgg19-dcbb9e9d.pth");
    /** Environment variable naming a weights file or folder. */
    public static final String ENV_WEIGHTS = "NEURAL_STYLE_WEIGHTS";
    /** The cache file's name in the cache folder. */
    public static final String CACHE_FILE_NAME = "vgg19-features.bin";

    private static final String CACHE_HINT = "delete it and run again to re-download";
    /** torchvision's convention: the digest's first hex digits are in the file name, name-HASH.ext. */
    private static final Pattern HASH_IN_NAME = Pattern.compile("-([0-9a-f]{8,64})\\.[^/]*$");
    private static final Duration STALE_PART = Duration.ofHours(24);
    private static final long PROGRESS_INTERVAL_MS = 100;

    private final URI url;
    private final String expectedSha256;
    private final Path cacheDir;
    private final Map<String, String> environment;
    private final HttpClient client;
    private final Duration stallTimeout;

    private ModelStore(Builder b) {
        this.url = b.url;
        this.environment = Map.copyOf(b.environment);
        this.cacheDir = b.cacheDir != null ? b.cacheDir : defaultCacheDir(environment);
        String hash = b.expectedSha256;
        if (hash == null) {
            Matcher m = HASH_IN_NAME.matcher(url.getPath() == null ? "" : url.getPath());
            if (!m.find()) {
                throw new IllegalArgumentException("no SHA-256 prefix in the name of " + url + ": give expectedSha256");
            }
            hash = m.group(1);
        }
        hash = hash.toLowerCase(Locale.ROOT);
        if (!hash.matches("[0-9a-f]{8,64}")) {
            throw new IllegalArgumentException("expectedSha256 must be 8 to 64 hex digits, got '" + hash + "'");
        }
        this.expectedSha256 = hash;
        this.client = b.client;
        this.stallTimeout = b.stallTimeout;
    }

    /** The store of a normal run: torchvision's URL, the process environment, the user cache folder. */
    public static ModelStore defaults() {
        return builder().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Settings of a store; every one has a default. */
    public static final class Builder {
        private URI url = TORCHVISION_VGG19;
        private String expectedSha256;
        private Path cacheDir;
        private Map<String, String> environment = System.getenv();
        private HttpClient client;
        private Duration stallTimeout = Duration.ofSeconds(60);

        private Builder() {
        }

        /** Where to download from when nothing else is found; default {@link ModelStore#TORCHVISION_VGG19}. */
        public Builder url(URI url) {
            this.url = Objects.requireNonNull(url);
            return this;
        }

        /**
         * The download's SHA-256 in hex, in full or a prefix of at least 8 digits; default: the digits
         * in the URL's file name after its last '-', torchvision's convention.
         */
        public Builder expectedSha256(String hex) {
            this.expectedSha256 = hex;
            return this;
        }

        /** Folder of the cache file; default from the environment, see {@link ModelStore#defaultCacheDir}. */
        public Builder cacheDir(Path dir) {
            this.cacheDir = dir;
            return this;
        }

        /** Environment variables to consult instead of the process's. */
        public Builder environment(Map<String, String> env) {
            this.environment = Objects.requireNonNull(env);
            return this;
        }

        /** HTTP client for the download; default follows redirects and times out connecting after 30 s. */
        public Builder httpClient(HttpClient client) {
            this.client = client;
            return this;
        }

        /**
         * How long a download may wait for the server's answer, or for more data, before it is
         * abandoned; default 60 s.
         */
        public Builder stallTimeout(Duration timeout) {
            if (timeout.isNegative() || timeout.isZero()) {
                throw new IllegalArgumentException("stallTimeout must be positive");
            }
            this.stallTimeout = timeout;
            return this;
        }

        public ModelStore build() {
            return new ModelStore(this);
        }
    }

    /** {@code $XDG_CACHE_HOME/neural-style} when that is set to an absolute path, else {@code ~/.cache/neural-style}. */
    public static Path defaultCacheDir(Map<String, String> env) {
        String xdg = env.get("XDG_CACHE_HOME");
        if (xdg != null && !xdg.isBlank() && Path.of(xdg).isAbsolute()) {
            return Path.of(xdg, "neural-style");
        }
        return Path.of(System.getProperty("user.home"), ".cache", "neural-style");
    }

    public URI url() {
        return url;
    }

    public Path cacheDir() {
        return cacheDir;
    }

    /** The features-only cache file, whether or not it exists yet. */
    public Path cacheFile() {
        return cacheDir.resolve(CACHE_FILE_NAME);
    }

    /** {@link #resolve(Path, DownloadListener)} without progress reports. */
    public Weights resolve(Path explicit) {
        return resolve(explicit, DownloadListener.NONE);
    }

    /**
     * The weights for a run, downloading them if need be (see the class comment for the order).
     *
     * @param explicit the path the user gave, or null
     * @param listener told of a download's progress; not called when nothing is downloaded
     * @throws WeightsException one line saying what is wrong and what to do
     */
    public Weights resolve(Path explicit, DownloadListener listener) {
        if (explicit != null) {
            return load(explicit);
        }
        String fromEnv = environment.get(ENV_WEIGHTS);
        if (fromEnv != null && !fromEnv.isBlank()) {
            Path p = Path.of(fromEnv.trim());
            if (!Files.exists(p)) {
                throw new WeightsException(p + " (from " + ENV_WEIGHTS + "): no such file or folder; fix or unset "
                        + ENV_WEIGHTS + ", or pass --weights");
            }
            return load(p);
        }
        Path cache = cacheFile();
        if (!Files.isRegularFile(cache)) {
            download(Objects.requireNonNullElse(listener, DownloadListener.NONE));
        }
        return FeatureWeightsFile.read(cache, CACHE_HINT);
    }

    /**
     * Reads weights in whichever format {@code path} holds, told by content: a folder with
     * manifest.json (or that manifest itself) is q8; a file starting with
     * {@link FeatureWeightsFile#MAGIC} is ours; a zip archive or a pickle is a PyTorch file.
     *
     * @throws WeightsException one line naming the file and, where known, the tensor at fault
     */
    public static Weights load(Path path) {
        if (Files.isDirectory(path)) {
            if (Files.isRegularFile(path.resolve(QuantizedWeightsReader.MANIFEST))) {
                return QuantizedWeightsReader.read(path);
            }
            throw new WeightsException(path + ": a folder without " + QuantizedWeightsReader.MANIFEST
                    + "; pass a q8 weights folder, a PyTorch .pth file or a neural-style weights file with --weights");
        }
        if (!Files.exists(path)) {
            throw new WeightsException(path + ": no such file or folder; check the path given with --weights");
        }
        if (path.getFileName() != null && path.getFileName().toString().equals(QuantizedWeightsReader.MANIFEST)) {
            return QuantizedWeightsReader.read(path.toAbsolutePath().getParent());
        }
        byte[] head = new byte[8];
        int n;
        try (InputStream in = Files.newInputStream(path)) {
            n = in.readNBytes(head, 0, head.length);
        } catch (IOException e) {
            throw new WeightsException(path + ": cannot read (" + QuantizedWeightsReader.oneLine(e.getMessage())
                    + "); check the file or pass another with --weights", e);
        }
        if (FeatureWeightsFile.hasMagic(head, n)) {
            return FeatureWeightsFile.read(path);
        }
        if (TorchWeightsReader.looksLikeTorch(head, n)) {
            return TorchWeightsReader.read(path);
        }
        throw new WeightsException(path + ": not a weights file this program reads (a q8 folder with manifest.json,"
                + " a PyTorch .pth state_dict or a neural-style weights file); check the file or pass another with --weights");
    }

    // ---------------------------------------------------------------- download

    private void download(DownloadListener listener) {
        String advice = "check your connection or pass --weights FILE";
        try {
            Files.createDirectories(cacheDir);
        } catch (IOException e) {
            throw new WeightsException(cacheDir + ": cannot create the cache folder ("
                    + QuantizedWeightsReader.oneLine(e.getMessage()) + "); set XDG_CACHE_HOME or pass --weights FILE", e);
        }
        deleteStaleParts();
        Path part;
        try {
            part = Files.createTempFile(cacheDir, fileName() + ".", ".part");
        } catch (IOException e) {
            throw new WeightsException(cacheDir + ": cannot write to the cache folder ("
                    + QuantizedWeightsReader.oneLine(e.getMessage()) + "); set XDG_CACHE_HOME or pass --weights FILE", e);
        }
        try {
            String sha256 = fetch(part, listener, advice);
            if (!sha256.startsWith(expectedSha256)) {
                throw new WeightsException(url + ": the download's SHA-256 is " + sha256 + ", expected "
                        + (expectedSha256.length() < 64 ? "one starting with " : "") + expectedSha256
                        + " (damaged or changed on the way); " + advice);
            }
            Weights weights = TorchWeightsReader.read(part, "the file downloaded from " + url
                    + " is not usable; pass --weights FILE");
            FeatureWeightsFile.write(weights.withSource(url.toString()), cacheFile());
        } finally {
            try {
                Files.deleteIfExists(part);
            } catch (IOException ignored) {
                // deleted at the next download as a stale part
            }
        }
    }

    /**
     * Streams the URL to {@code part} and returns the SHA-256 of what came. The body is written as
     * it arrives by an HTTP client thread; this thread reports progress, and gives up when no data
     * came for {@link Builder#stallTimeout} (the client has no read timeout of its own).
     */
    private String fetch(Path part, DownloadListener listener, String advice) {
        HttpClient http = client != null ? client : HttpClient.newBuilder()
                .followRedirects(HttpClient.Redirect.NORMAL).connectTimeout(Duration.ofSeconds(30)).build();
        HttpRequest request = HttpRequest.newBuilder(url).timeout(stallTimeout).GET().build();
        try (FileChannel out = FileChannel.open(part, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
            FileSink sink = new FileSink(out);
            CompletableFuture<HttpResponse<String>> future = http.sendAsync(request, info -> {
                sink.touch();
                if (info.statusCode() != 200) {
                    return HttpResponse.BodySubscribers.replacing(null);
                }
                sink.total = info.headers().firstValueAsLong("content-length").orElse(-1);
                sink.ok = true;
                return HttpResponse.BodySubscribers.fromSubscriber(sink, FileSink::hex);
            });
            boolean started = false;
            long reported = -1;
            try {
                HttpResponse<String> response = null;
                while (response == null) {
                    try {
                        response = future.get(PROGRESS_INTERVAL_MS, TimeUnit.MILLISECONDS);
                    } catch (TimeoutException e) {
                        if (System.nanoTime() - sink.lastActivity > stallTimeout.toNanos()) {
                            future.cancel(true);
                            sink.cancel();
                            throw new WeightsException("download of " + url + " stalled: no data for "
                                    + stallTimeout.toSeconds() + " s after " + sink.bytes.get() + " bytes; " + advice);
                        }
                    }
                    if (sink.ok) {
                        if (!started) {
                            listener.started(sink.total);
                            started = true;
                        }
                        long now = sink.bytes.get();
                        if (now != reported) {
                            listener.progress(now);
                            reported = now;
                        }
                    }
                }
                if (response.statusCode() != 200) {
                    throw new WeightsException("cannot download " + url + ": HTTP " + response.statusCode() + "; " + advice);
                }
                long done = sink.bytes.get();
                if (sink.total >= 0 && done != sink.total) {
                    throw new WeightsException("download of " + url + " ended after " + done + " of " + sink.total
                            + " bytes; " + advice);
                }
                return response.body();
            } catch (ExecutionException e) {
                Throwable cause = e.getCause() != null ? e.getCause() : e;
                throw new WeightsException((sink.ok ? "download of " + url + " failed after " + sink.bytes.get() + " bytes"
                        : "cannot download " + url) + " (" + describe(cause) + "); " + advice, cause);
            } catch (InterruptedException e) {
                future.cancel(true);
                sink.cancel();
                Thread.currentThread().interrupt();
                throw new WeightsException("download of " + url + " interrupted; run again or pass --weights FILE", e);
            } finally {
                if (started) {
                    listener.finished();
                }
            }
        } catch (IOException e) {
            throw new WeightsException(part + ": cannot write the download (" + describe(e)
                    + "); check the free space of " + cacheDir + " or pass --weights FILE", e);
        }
    }

    /** Writes the body to the file as it comes, hashing it; runs on the HTTP client's threads. */
    private static final class FileSink implements Flow.Subscriber<List<ByteBuffer>> {
        private final FileChannel out;
        private final MessageDigest sha = sha256();
        final AtomicLong bytes = new AtomicLong();
        volatile long lastActivity = System.nanoTime();
        volatile long total = -1;
        volatile boolean ok;
        private volatile Flow.Subscription subscription;
        private volatile IOException failure;

        FileSink(FileChannel out) {
            this.out = out;
        }

        void touch() {
            lastActivity = System.nanoTime();
        }

        void cancel() {
            Flow.Subscription s = subscription;
            if (s != null) {
                s.cancel();
            }
        }

        @Override
        public void onSubscribe(Flow.Subscription s) {
            subscription = s;
            s.request(1);
        }

        @Override
        public void onNext(List<ByteBuffer> items) {
            try {
                for (ByteBuffer b : items) {
                    int n = b.remaining();
                    sha.update(b.duplicate());
                    while (b.hasRemaining()) {
                        out.write(b);
                    }
                    bytes.addAndGet(n);
                }
                touch();
                subscription.request(1);
            } catch (IOException e) {
                failure = e;
                subscription.cancel();
            }
        }

        @Override
        public void onError(Throwable t) {
            // the response future completes exceptionally with t
        }

        @Override
        public void onComplete() {
        }

        String hex() {
            if (failure != null) {
                throw new UncheckedIOException(failure);
            }
            return HexFormat.of().formatHex(sha.digest());
        }
    }

    private String fileName() {
        String p = url.getPath();
        String name = p == null || p.isEmpty() ? "download" : p.substring(p.lastIndexOf('/') + 1);
        return name.isEmpty() || !name.matches("[A-Za-z0-9._-]+") ? "download" : name;
    }

    /** Removes .part files a killed process left behind a day or more ago. */
    private void deleteStaleParts() {
        Instant cutoff = Instant.now().minus(STALE_PART);
        try (DirectoryStream<Path> parts = Files.newDirectoryStream(cacheDir, "*.part")) {
            for (Path p : parts) {
                if (Files.getLastModifiedTime(p).toInstant().isBefore(cutoff)) {
                    Files.deleteIfExists(p);
                }
            }
        } catch (IOException ignored) {
            // only housekeeping
        }
    }

    private static String describe(Throwable e) {
        String m = QuantizedWeightsReader.oneLine(e.getMessage());
        return m.isEmpty() ? e.getClass().getSimpleName() : e.getClass().getSimpleName() + ": " + m;
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is not available", e);
        }
    }
}
