package io.neuralstyle.model;

import io.neuralstyle.files.ErrorText;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds the VGG19 weights for a run. In order:
 * <ol>
 * <li>an explicit path (the CLI's {@code --weights}), when given;</li>
 * <li>else the environment variable {@value #ENV_WEIGHTS}, when set;</li>
 * <li>else the cache in the user cache folder ({@code $XDG_CACHE_HOME/neural-style}, or
 * {@code ~/.cache/neural-style}): the q8 folder {@value #Q8_CACHE_DIR_NAME}, else a torchvision
 * cache file {@value #CACHE_FILE_NAME} left by an earlier version;</li>
 * <li>else the 8-bit VGG19 of neuralpixels (20 MB, MIT licence) is downloaded once from
 * {@link #NEURALPIXELS_VGG19} into the q8 folder, every file's SHA-256 checked against the values
 * pinned in the code (see {@link QuantizedWeightsDownload}).</li>
 * </ol>
 * A path may be a q8 folder (with manifest.json), a PyTorch {@code .pth} file (either format) or a
 * {@link FeatureWeightsFile}; the format is told by content, not by name (see {@link #load}). The
 * path or variable value {@value #TORCHVISION} (exactly that; {@code ./torchvision} names a file)
 * means torchvision's VGG19 instead: the cache file, downloaded once from
 * {@link #TORCHVISION_VGG19} when missing, its SHA-256 checked, its feature layers written to the
 * cache file and the 548 MB download deleted.
 *
 * <p>Downloads go to temporary files or folders in the cache folder, and the cache is put in place
 * by one atomic rename, so a failed, interrupted or concurrent download never leaves a partial or
 * corrupt cache. Instances are immutable; tests point one at a local server with {@link #builder()}.
 */
public final class ModelStore {

    /** The 8-bit quantized VGG19 of neuralpixels/neuralpixels (MIT licence): the folder of manifest.json and its files. */
    public static final URI NEURALPIXELS_VGG19 = URI.create("https://raw.githubusercontent.com/neuralpixels/neuralpixels/"
            + "5b6a6f0e20892535d2a193b0c9e2080a2071e9ad/python/neuralpixels/pretrained/weights/vgg19/");
    /** torchvision's ImageNet VGG19 (2017, legacy torch format, 548 MB). */
    public static final URI TORCHVISION_VGG19 = URI.create("https://download.pytorch.org/models/vgg19-dcbb9e9d.pth");
    /** The {@code --weights} value that asks for torchvision's VGG19, downloaded once when missing. */
    public static final String TORCHVISION = "torchvision";
    /** Environment variable naming a weights file or folder (or {@value #TORCHVISION}). */
    public static final String ENV_WEIGHTS = "NEURAL_STYLE_WEIGHTS";
    /** The downloaded q8 folder's name in the cache folder. */
    public static final String Q8_CACHE_DIR_NAME = "vgg19-q8";
    /** The torchvision cache file's name in the cache folder. */
    public static final String CACHE_FILE_NAME = "vgg19-features.bin";
    /**
     * Where weights come from when none are named, in {@link #resolve}'s order, for help texts (a
     * constant, so that annotations can hold it); the 20 MB is the pinned files' total, checked by a test.
     */
    public static final String DEFAULTS_TEXT = "$" + ENV_WEIGHTS + ", else ~/.cache/neural-style/" + Q8_CACHE_DIR_NAME
            + " ($XDG_CACHE_HOME/neural-style/" + Q8_CACHE_DIR_NAME + " where that is set), where the 8-bit VGG19 of"
            + " neuralpixels is downloaded once (20 MB); " + TORCHVISION + " for torchvision's VGG19 instead (a 548 MB"
            + " download)";

    private static final String TORCHVISION_WHAT = "torchvision's VGG19 weights";
    private static final String TORCHVISION_ADVICE = "check your connection or pass --weights FILE";
    private static final String TORCHVISION_CACHE_HINT =
            "delete it and run again (with --weights torchvision to download it again)";
    /** torchvision's convention: the digest's first hex digits are in the file name, name-HASH.ext. */
    private static final Pattern HASH_IN_NAME = Pattern.compile("-([0-9a-f]{8,64})\\.[^/]*$");
    private static final Duration STALE_PART = Duration.ofHours(24);

    private final URI torchvisionUrl;
    private final String torchvisionSha256;
    private final Path cacheDir;
    private final Map<String, String> environment;
    private final HttpFetch http;
    private final QuantizedWeightsDownload q8Download;

    private ModelStore(Builder b) {
        this.torchvisionUrl = b.torchvisionUrl;
        this.environment = Map.copyOf(b.environment);
        this.cacheDir = b.cacheDir != null ? b.cacheDir : defaultCacheDir(environment);
        String hash = b.torchvisionSha256;
        if (hash == null) {
            Matcher m = HASH_IN_NAME.matcher(torchvisionUrl.getPath() == null ? "" : torchvisionUrl.getPath());
            if (!m.find()) {
                throw new IllegalArgumentException("no SHA-256 prefix in the name of " + torchvisionUrl
                        + ": give torchvisionSha256");
            }
            hash = m.group(1);
        }
        hash = hash.toLowerCase(Locale.ROOT);
        if (!hash.matches("[0-9a-f]{8,64}")) {
            throw new IllegalArgumentException("torchvisionSha256 must be 8 to 64 hex digits, got '" + hash + "'");
        }
        this.torchvisionSha256 = hash;
        this.http = new HttpFetch(b.client, b.stallTimeout);
        this.q8Download = new QuantizedWeightsDownload(b.q8Url, b.q8Files, http);
    }

    /** The store of a normal run: the pinned download URLs, the process environment, the user cache folder. */
    public static ModelStore defaults() {
        return builder().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Settings of a store; every one has a default. */
    public static final class Builder {
        private URI q8Url = NEURALPIXELS_VGG19;
        private List<QuantizedWeightsDownload.PinnedFile> q8Files = QuantizedWeightsDownload.VGG19;
        private URI torchvisionUrl = TORCHVISION_VGG19;
        private String torchvisionSha256;
        private Path cacheDir;
        private Map<String, String> environment = System.getenv();
        private HttpClient client;
        private Duration stallTimeout = Duration.ofSeconds(60);

        private Builder() {
        }

        /**
         * The folder URL (ending in '/') the q8 weights are downloaded from when nothing else is
         * found; default {@link ModelStore#NEURALPIXELS_VGG19}. The files and their SHA-256 stay
         * the pinned ones, so this is for a mirror of the same bytes.
         */
        public Builder q8Url(URI url) {
            this.q8Url = Objects.requireNonNull(url);
            return this;
        }

        /** The files of the q8 download and their pinned sizes and SHA-256, for tests. */
        Builder q8Files(List<QuantizedWeightsDownload.PinnedFile> files) {
            this.q8Files = List.copyOf(files);
            return this;
        }

        /** Where {@value ModelStore#TORCHVISION} is downloaded from; default {@link ModelStore#TORCHVISION_VGG19}. */
        public Builder torchvisionUrl(URI url) {
            this.torchvisionUrl = Objects.requireNonNull(url);
            return this;
        }

        /**
         * The torchvision download's SHA-256 in hex, in full or a prefix of at least 8 digits;
         * default: the digits in the URL's file name after its last '-', torchvision's convention.
         */
        public Builder torchvisionSha256(String hex) {
            this.torchvisionSha256 = hex;
            return this;
        }

        /** The cache folder; default from the environment, see {@link ModelStore#defaultCacheDir}. */
        public Builder cacheDir(Path dir) {
            this.cacheDir = dir;
            return this;
        }

        /** Environment variables to consult instead of the process's. */
        public Builder environment(Map<String, String> env) {
            this.environment = Objects.requireNonNull(env);
            return this;
        }

        /** HTTP client for downloads; default follows redirects and times out connecting after 30 s. */
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

    public URI torchvisionUrl() {
        return torchvisionUrl;
    }

    public Path cacheDir() {
        return cacheDir;
    }

    /** The downloaded q8 weights folder, whether or not it exists yet. */
    public Path q8CacheDir() {
        return cacheDir.resolve(Q8_CACHE_DIR_NAME);
    }

    /** The torchvision features-only cache file, whether or not it exists yet. */
    public Path torchvisionCacheFile() {
        return cacheDir.resolve(CACHE_FILE_NAME);
    }

    /** {@link #resolve(Path, DownloadListener)} without progress reports. */
    public Weights resolve(Path explicit) {
        return resolve(explicit, DownloadListener.NONE);
    }

    /**
     * The weights for a run, downloading them if need be (see the class comment for the order).
     *
     * @param explicit the path the user gave, {@code Path.of(TORCHVISION)}, or null
     * @param listener told of a download's progress; not called when nothing is downloaded
     * @throws WeightsException one line saying what is wrong and what to do
     */
    public Weights resolve(Path explicit, DownloadListener listener) {
        DownloadListener progress = Objects.requireNonNullElse(listener, DownloadListener.NONE);
        if (explicit != null) {
            return explicit.toString().equals(TORCHVISION) ? torchvision(progress) : load(explicit);
        }
        String fromEnv = environment.get(ENV_WEIGHTS);
        if (fromEnv != null && !fromEnv.isBlank()) {
            if (fromEnv.trim().equals(TORCHVISION)) {
                return torchvision(progress);
            }
            Path p = Path.of(fromEnv.trim());
            if (!Files.exists(p)) {
                throw new WeightsException(p + " (from " + ENV_WEIGHTS + "): no such file or folder; fix or unset "
                        + ENV_WEIGHTS + ", or pass --weights");
            }
            return load(p);
        }
        Path q8 = q8CacheDir();
        if (QuantizedWeightsDownload.isComplete(q8)) {
            return QuantizedWeightsReader.read(q8, "delete the folder " + q8 + " and run again to download it again");
        }
        if (Files.isRegularFile(torchvisionCacheFile())) {
            return FeatureWeightsFile.read(torchvisionCacheFile(), TORCHVISION_CACHE_HINT);
        }
        return q8Download.download(q8, progress);
    }

    /** torchvision's VGG19: the cache file, downloaded first when missing. */
    private Weights torchvision(DownloadListener listener) {
        if (!Files.isRegularFile(torchvisionCacheFile())) {
            downloadTorchvision(listener);
        }
        return FeatureWeightsFile.read(torchvisionCacheFile(), TORCHVISION_CACHE_HINT);
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
            throw new WeightsException(path + ": cannot read (" + ErrorText.oneLine(e.getMessage())
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

    // ---------------------------------------------------------------- torchvision download

    private void downloadTorchvision(DownloadListener listener) {
        try {
            Files.createDirectories(cacheDir);
        } catch (IOException e) {
            throw new WeightsException(cacheDir + ": cannot create the cache folder (" + HttpFetch.describe(e)
                    + "); set XDG_CACHE_HOME or pass --weights FILE", e);
        }
        deleteStaleParts();
        Path part;
        try {
            part = Files.createTempFile(cacheDir, fileName() + ".", ".part");
        } catch (IOException e) {
            throw new WeightsException(cacheDir + ": cannot write to the cache folder (" + HttpFetch.describe(e)
                    + "); set XDG_CACHE_HOME or pass --weights FILE", e);
        }
        HttpFetch.Reporter reporter = new HttpFetch.Reporter(listener, TORCHVISION_WHAT, -1);
        try {
            String sha256 = http.fetch(torchvisionUrl, part, Long.MAX_VALUE, reporter, TORCHVISION_ADVICE);
            reporter.finish(); // the bar closes before the conversion, which takes a few seconds
            if (!sha256.startsWith(torchvisionSha256)) {
                throw new WeightsException(torchvisionUrl + ": the download's SHA-256 is " + sha256 + ", expected "
                        + (torchvisionSha256.length() < 64 ? "one starting with " : "") + torchvisionSha256
                        + " (damaged or changed on the way); " + TORCHVISION_ADVICE);
            }
            Weights weights = TorchWeightsReader.read(part, "the file downloaded from " + torchvisionUrl
                    + " is not usable; pass --weights FILE");
            FeatureWeightsFile.write(weights.withSource(torchvisionUrl.toString()), torchvisionCacheFile());
        } finally {
            reporter.finish();
            try {
                Files.deleteIfExists(part);
            } catch (IOException ignored) {
                // deleted at the next download as a stale part
            }
        }
    }

    private String fileName() {
        String p = torchvisionUrl.getPath();
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
}
