package io.neuralstyle.model;

import java.io.IOException;
import java.net.URI;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * Downloads the default weights: the 8-bit quantized VGG19 of
 * <a href="https://github.com/neuralpixels/neuralpixels">neuralpixels/neuralpixels</a> (MIT licence),
 * the same bytes as ../shared/models/vgg19-q8: {@code manifest.json} and the 32 tensor files it names,
 * 20 MB in all (see {@link QuantizedWeightsReader} for the format).
 *
 * <p>The files go into a fresh folder {@code NAME.download-*} beside the target folder. Each file's
 * size and SHA-256 must match the values pinned in {@link #VGG19}, and the set must read as weights;
 * only then is the folder renamed to the target, in one atomic step. A failed, interrupted or
 * concurrent download therefore never leaves a partial target: a failed one deletes its folder, a
 * killed one leaves a folder that nothing reads and the next download deletes a day later, and of
 * two concurrent ones the second to finish finds the target in place and discards its own copy.
 */
final class QuantizedWeightsDownload {

    /** What the download is, for the progress display. */
    static final String WHAT = "the 8-bit VGG19 weights of neuralpixels (MIT licence)";

    /** One file of the download: its name (relative to the base URL and the folder), size and SHA-256. */
    record PinnedFile(String name, long size, String sha256) {
        PinnedFile {
            if (!name.matches("[A-Za-z0-9._-]+") || name.startsWith(".")) {
                throw new IllegalArgumentException("not a plain file name: " + name);
            }
            if (size < 0 || !sha256.matches("[0-9a-f]{64}")) {
                throw new IllegalArgumentException(name + ": needs a size and a 64-digit lower-case SHA-256");
            }
        }
    }

    /**
     * The files of neuralpixels' VGG19 at commit 5b6a6f0e, with the sizes and SHA-256 digests of
     * the copies in ../shared/models/vgg19-q8 (computed there with Python's hashlib; the manifest
     * lists each tensor file's md5 as well, which {@link QuantizedWeightsReader} checks).
     */
    static final List<PinnedFile> VGG19 = List.of(
            new PinnedFile("manifest.json", 11708, "d9133aff374c60faabdcf0476e29160c26c578091bff6cf76e004eddff65b4b6"),
            new PinnedFile("conv1_1_kernel", 1728, "d16e82e67964b92374136bccf31d2beb4d35d338f4a1adaa54601eabb3eae4f8"),
            new PinnedFile("conv1_1_bias", 64, "13b14f7bdb98a343b729d863605958cc64d90188a99f4bd4d6bfdec1938a6ae0"),
            new PinnedFile("conv1_2_kernel", 36864, "aac61b54797b9fa15a6e69d83bbb2e78ba370ccb408741f680051f6dceb70886"),
            new PinnedFile("conv1_2_bias", 64, "1061f6a0741c2feee31a1f5f0e2ffcbfa561aa5490564e99ce1270b6669119d0"),
            new PinnedFile("conv2_1_kernel", 73728, "7833b8c5b1c9479ede9c34493d34b7b501cf565a89b38d3e79846c5eec9f9625"),
            new PinnedFile("conv2_1_bias", 128, "de563efc1a4ca4eed3dbff517e71a52b44d138124dd009c043773dbeca8379ce"),
            new PinnedFile("conv2_2_kernel", 147456, "cfd3091df93263ca54131ea30e9a00cbeeac9b951fe5ce38cf6bd105643c7d71"),
            new PinnedFile("conv2_2_bias", 128, "857235fcb73779c72e2f13e39dbd732df44879ab6da80ba99d4af4120929d117"),
            new PinnedFile("conv3_1_kernel", 294912, "79834e67a1eb0b8b7e5abfab81307f4683a0bf17d7cdc051b23d84ab63fbf8bb"),
            new PinnedFile("conv3_1_bias", 256, "e9fa578c02f843ae57f7fcf00aa31a468babe9259dbb19b06be65c95db0fa23b"),
            new PinnedFile("conv3_2_kernel", 589824, "a35c011c82ff8a8552efbf7f31cb9bfa14d4b05de2f2724b7127876649e17926"),
            new PinnedFile("conv3_2_bias", 256, "5795bc0d0acd39cdc3632f6129aba4123258100487bbd3df1fe0819ffadc5304"),
            new PinnedFile("conv3_3_kernel", 589824, "5488fafd670a7533669bbda48c6fcb255ea549b936db67507635f7e9455e2e79"),
            new PinnedFile("conv3_3_bias", 256, "ddc5fb2f2028e24dd140fd153bee7a3c7169d330ab1d39962fc11b00a4239ca4"),
            new PinnedFile("conv3_4_kernel", 589824, "3042476f689ae312345ffcda6fa263f444283bf3180538b0644b616f5fa6e23a"),
            new PinnedFile("conv3_4_bias", 256, "4b5f370658b98928a868a3c57a22ca1fb6e5caab2eb718743b5f70c21243eceb"),
            new PinnedFile("conv4_1_kernel", 1179648, "276ce5cae28d721907701b56ad79395dc13971ace992b262120e830d5c85c488"),
            new PinnedFile("conv4_1_bias", 512, "1ace2f9fc57dddfe6db07c58dd0628898b7042de966afdfdd68c8adf8c7440ac"),
            new PinnedFile("conv4_2_kernel", 2359296, "24bb5e19d3927b46f3972a61dfa1795e5b128e8ddf26d2872f05e9dc5c987e1f"),
            new PinnedFile("conv4_2_bias", 512, "efe631d7fdd1a340eb5ee916ca943a68eb04fada635c248d7fa74b5bd7efd0c2"),
            new PinnedFile("conv4_3_kernel", 2359296, "4dfb6a0882f72028fd309f09f83cc7547b84b6749a213527b62c69cfaf2fc043"),
            new PinnedFile("conv4_3_bias", 512, "9f6c9bb2cce37835e0aa00ee51960d4a5f3c3fbe8c251aa9a378efeb7fe98712"),
            new PinnedFile("conv4_4_kernel", 2359296, "93972817197a194b666a6250304cbf545aa9783671037532c7e9d932fdc07675"),
            new PinnedFile("conv4_4_bias", 512, "0a82b1be2403003c1536f43fa57d93d76e59e48a09f6fdd25869a9e36e7f9f0a"),
            new PinnedFile("conv5_1_kernel", 2359296, "e53b40467d2d0ba9d3dbaaf8f6ae175e03339eefefecb0a8304031afe0d0dd6b"),
            new PinnedFile("conv5_1_bias", 512, "8c21a284869308c9ecfa8f5006e955b45eb94f333cb97c4a8bc845872971dbb3"),
            new PinnedFile("conv5_2_kernel", 2359296, "aa9a5a8776ccc950dcb72e6ad84fd1cb15284cdaeab790a675f90d8ab6437143"),
            new PinnedFile("conv5_2_bias", 512, "f9605fd649a28203f89f2d9663d7fa488589d9c05d96907536bcaa73f05e470a"),
            new PinnedFile("conv5_3_kernel", 2359296, "6026bc1444bf9df3fa0a1c29c503482c997c32779620fc4799cd1cfbd2d36811"),
            new PinnedFile("conv5_3_bias", 512, "f556aa2530a3239e5068e25cd3db4771cae528686ce47fdf22348863c51d1e31"),
            new PinnedFile("conv5_4_kernel", 2359296, "32aa55359e3ee070c60ee34201d8a81591cbde413135292a0a0fd15fb04ce2e9"),
            new PinnedFile("conv5_4_bias", 512, "3d191504da29a5f07f09d792148e063d1fe9fa8bf59bb00f9f0d2ef4aab910c2"));

    /** A temporary folder left by a killed run is deleted after this long. */
    private static final Duration STALE = Duration.ofHours(24);
    private static final String TEMP_INFIX = ".download-";

    private final URI base;
    private final List<PinnedFile> files;
    private final HttpFetch http;

    /** @param base the folder URL the file names are resolved against; it must end in '/' */
    QuantizedWeightsDownload(URI base, List<PinnedFile> files, HttpFetch http) {
        if (!base.getPath().endsWith("/")) {
            throw new IllegalArgumentException("the q8 base URL must end in '/': " + base);
        }
        if (files.stream().noneMatch(f -> f.name().equals(QuantizedWeightsReader.MANIFEST))) {
            throw new IllegalArgumentException("the q8 files must include " + QuantizedWeightsReader.MANIFEST);
        }
        this.base = base;
        this.files = List.copyOf(files);
        this.http = http;
    }

    /** The size of the whole download. */
    long totalBytes() {
        return files.stream().mapToLong(PinnedFile::size).sum();
    }

    /** Whether {@code dir} is a finished download: only a complete one ever gets its name. */
    static boolean isComplete(Path dir) {
        return Files.isRegularFile(dir.resolve(QuantizedWeightsReader.MANIFEST));
    }

    /**
     * Downloads the files, checks them and moves them into {@code target} (created, with its parent
     * folders as needed).
     *
     * @return the weights, read from the checked files
     * @throws WeightsException one line naming the file at fault and what to do; nothing is left in
     *     {@code target}'s folder then
     */
    Weights download(Path target, DownloadListener listener) {
        String advice = "check your connection and run again; offline, copy " + QuantizedWeightsReader.MANIFEST
                + " and the " + (files.size() - 1) + " files it lists, from that folder or a copy of it, into "
                + target.toAbsolutePath() + "; or pass --weights with a q8 weights folder (or --weights torchvision)";
        Path parent = target.toAbsolutePath().getParent();
        Path made = outermostMissing(parent);
        try {
            Files.createDirectories(parent);
        } catch (IOException e) {
            deleteEmpty(parent, made);
            throw new WeightsException(parent + ": cannot create the cache folder (" + HttpFetch.describe(e)
                    + "); set XDG_CACHE_HOME to a writable folder or pass --weights", e);
        }
        String prefix = target.getFileName() + TEMP_INFIX;
        deleteStale(parent, prefix);
        Path temp;
        try {
            temp = Files.createTempDirectory(parent, prefix);
        } catch (IOException e) {
            deleteEmpty(parent, made);
            throw new WeightsException(parent + ": cannot write to the cache folder (" + HttpFetch.describe(e)
                    + "); set XDG_CACHE_HOME to a writable folder or pass --weights", e);
        }
        HttpFetch.Reporter reporter = new HttpFetch.Reporter(listener, WHAT, totalBytes());
        boolean done = false;
        try {
            for (PinnedFile f : files) {
                URI url = base.resolve(f.name());
                String sha256 = http.fetch(url, temp.resolve(f.name()), f.size(), reporter, advice);
                if (!sha256.equals(f.sha256())) {
                    throw new WeightsException(f.name() + " from " + url + ": SHA-256 " + sha256 + ", expected "
                            + f.sha256() + " (damaged on the way, or changed on the server); nothing was saved;"
                            + " run again, and if it fails the same way, pass --weights with a q8 weights folder"
                            + " (or --weights torchvision)");
                }
                reporter.next(f.size());
            }
            Weights weights = QuantizedWeightsReader.read(temp, "the files downloaded from " + base
                    + " are not usable weights; pass --weights with a q8 weights folder (or --weights torchvision)");
            moveIntoPlace(temp, target);
            done = true;
            return weights.withSource(target.toString());
        } finally {
            reporter.finish();
            deleteTree(temp);
            if (!done) {
                deleteEmpty(parent, made);
            }
        }
    }

    /** The outermost of {@code dir} and its parents that does not exist yet, or null when {@code dir} exists. */
    private static Path outermostMissing(Path dir) {
        Path missing = null;
        for (Path p = dir; p != null && !Files.exists(p); p = p.getParent()) {
            missing = p;
        }
        return missing;
    }

    /**
     * A failed download leaves no folder it made (an empty ~/.cache/neural-style would look like a cache):
     * from {@code dir} up to {@code made}, each folder is removed while it is empty.
     */
    private static void deleteEmpty(Path dir, Path made) {
        if (made == null) {
            return;
        }
        for (Path p = dir; p != null && p.startsWith(made); p = p.getParent()) {
            try {
                Files.delete(p);
            } catch (IOException e) {
                return; // not empty: another download works there, or the user put something in it
            }
        }
    }

    private static void moveIntoPlace(Path temp, Path target) {
        try {
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            if (isComplete(target)) {
                return; // another process finished the same download first; its files are the same bytes
            }
            throw new WeightsException(target + ": cannot move the downloaded weights there (" + HttpFetch.describe(e)
                    + "); delete " + target + " if it exists and run again, or pass --weights", e);
        }
    }

    /** Deletes the temporary folders a killed run left behind a day or more ago. */
    private static void deleteStale(Path parent, String prefix) {
        Instant cutoff = Instant.now().minus(STALE);
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(parent, prefix + "*")) {
            for (Path p : entries) {
                if (Files.isDirectory(p) && Files.getLastModifiedTime(p).toInstant().isBefore(cutoff)) {
                    deleteTree(p);
                }
            }
        } catch (IOException ignored) {
            // only housekeeping: such folders are never read
        }
    }

    private static void deleteTree(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException ignored) {
            // a temporary folder that could not be deleted is never read, and is retried as stale
        }
    }
}
