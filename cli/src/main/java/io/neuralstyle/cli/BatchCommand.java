package io.neuralstyle.cli;

import io.neuralstyle.batch.BatchItem;
import io.neuralstyle.batch.BatchReport;
import io.neuralstyle.batch.ItemResult;
import io.neuralstyle.batch.ItemRunner;
import io.neuralstyle.batch.LocalFiles;
import io.neuralstyle.batch.Manifest;
import io.neuralstyle.batch.ManifestException;
import io.neuralstyle.image.OutputLock;
import io.neuralstyle.model.Weights;
import io.neuralstyle.transfer.CheckpointStore;
import io.neuralstyle.transfer.RunRequest;
import io.neuralstyle.transfer.Settings;
import io.neuralstyle.transfer.SettingsException;
import io.neuralstyle.transfer.SettingsFile;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code neural-style batch}: many pictures on weights read once, resumable, failures reported. */
@Command(name = "batch", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class, sortOptions = false,
        usageHelpAutoWidth = true,
        description = {"Paints many pictures: every --content in every --style, or the rows of a --manifest,"
            + " on weights read once. Run the same command again to skip what is done and go on from where it"
            + " stopped.", ""},
        footerHeading = "%n",
        footer = {"Outputs already written with the same settings and inputs are skipped; an item stopped part way goes"
                + " on from OUTPUT.checkpoint. A report, one row per item, goes to OUTPUT-DIR/batch-report.csv."
                + " An output that holds another picture (other settings or inputs) is kept and its item fails,"
                + " unless --replace is given."
                + " Exit codes: 0 all done or skipped, 1 an item failed (the others are done), 2 bad options or"
                + " manifest, 130 stopped by Ctrl-C (run the same command again to go on).",
            "",
            "Examples:",
            "  neural-style batch --content photos/ --style paintings/ --output-dir out/",
            "      every photo in every style: out/PHOTO-PAINTING.png",
            "  neural-style batch --manifest jobs.csv --output-dir out/ --size 256",
            "      the rows of jobs.csv (content,style[,output][,style_weight,...])"})
final class BatchCommand implements Callable<Integer> {
    static final String REPORT_NAME = "batch-report.csv";
    private static final List<String> IMAGE_EXTENSIONS = List.of(".jpg", ".jpeg", ".png", ".bmp", ".gif");

    @Option(names = "--content", paramLabel = "FILE|FOLDER",
            description = "Photos to paint: image files, or folders whose images (JPEG, PNG, BMP, GIF) are all"
                    + " taken. Repeat it for several.")
    List<Path> contents = new ArrayList<>();

    @Option(names = "--style", paramLabel = "FILE|FOLDER",
            description = "Paintings: every photo is painted in each. Repeat it for several.")
    List<Path> styles = new ArrayList<>();

    @Option(names = "--manifest", paramLabel = "FILE.csv",
            description = "Instead of --content and --style: a CSV file with a header row content,style and"
                    + " optionally output and settings (style_weight, size, ...) that override the batch's for"
                    + " their row. Relative images are found from the manifest's folder, outputs in --output-dir.")
    Path manifest;

    @Option(names = "--output-dir", paramLabel = "FOLDER",
            description = "Where the results (CONTENT-STYLE.png) and the report go; made if missing."
                    + " Default: the current folder.")
    Path outputDir = Path.of(".");

    @Option(names = "--report", paramLabel = "FILE.csv",
            description = "The report, one row per item: status, seconds, final loss, reason."
                    + " Default: OUTPUT-DIR/" + REPORT_NAME + ".")
    Path report;

    @Option(names = "--settings", paramLabel = "FILE.json",
            description = "Read settings from a JSON file (as for a single run); an option given here overrides it.")
    Path settingsFile;

    @Option(names = "--replace",
            description = "Paint again over outputs that hold another picture (made with other settings or inputs)."
                    + " Without it such an item fails and its old picture is kept: give another --output-dir to"
                    + " keep both.")
    boolean replace;

    @Mixin
    SettingOptions settingOptions = SettingOptions.allBut(CommonOptions.NETWORK);

    @Option(names = "--checkpoint-every", paramLabel = "SECONDS",
            description = "Save the current item's state to OUTPUT.checkpoint every SECONDS of work and on"
                    + " Ctrl-C; the batch run again goes on from it. 0: never. Default: ${DEFAULT-VALUE}.")
    long checkpointEvery = RunRequest.DEFAULT_CHECKPOINT_INTERVAL.toSeconds();

    @Mixin
    CommonOptions common;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        Map<String, String> settings = settings();
        List<BatchItem> items = items();
        for (BatchItem item : items.stream().filter(BatchItem::usable).toList()) {
            Path folder = Path.of(item.output()).toAbsolutePath().getParent();
            try {
                Files.createDirectories(folder);
            } catch (IOException e) {
                throw new UserException("cannot make the output folder " + folder + " (" + e.getMessage()
                        + "): choose one you can write to");
            }
        }
        Path reportFile = report != null ? report : outputDir.resolve(REPORT_NAME);
        if (checkpointEvery < 0) {
            throw new UserException("--checkpoint-every must be 0 or more, got " + checkpointEvery);
        }
        // One batch at a time per report (and so per output folder); each item's output is locked as a single run's is.
        OutputLock batchLock = OutputFiles.lock(reportFile, report != null ? "--report" : "--output-dir");
        try {
            return run(settings, items, reportFile);
        } finally {
            OutputFiles.unlock(batchLock);
        }
    }

    private int run(Map<String, String> settings, List<BatchItem> items, Path reportFile) throws IOException {
        Weights vgg = common.loadWeights();
        BatchProgress progress = new BatchProgress(items.size(), common.quiet);
        ItemRunner runner = new ItemRunner(vgg, settings, new LocalFiles(),
                (item, s) -> new EmbeddedSettings(s, Path.of(item.content()), Path.of(item.style()), vgg.source())
                        .text(),
                item -> checkpointEvery > 0
                        ? CheckpointStore.file(OutputFiles.checkpoint(Path.of(item.output()))) : null,
                Duration.ofSeconds(Math.max(1, checkpointEvery)), progress::note, replace);
        long start = System.nanoTime();
        List<ItemResult> results = new ArrayList<>();
        items.forEach(item -> results.add(ItemResult.pending(item)));
        BatchReport.write(results, reportFile);
        StopOnSignal stop = StopOnSignal.install("stopping the batch after this iteration...");
        try (progress) {
            for (int i = 0; i < items.size(); i++) {
                BatchItem item = items.get(i);
                if (StopOnSignal.requested()) {
                    break;
                }
                progress.starting(item.name());
                ItemResult r;
                OutputLock itemLock = null;
                try {
                    itemLock = item.usable() ? OutputFiles.lock(Path.of(item.output()), "--output-dir") : null;
                    r = runner.run(item, p -> {
                        progress.update(p);
                        return !StopOnSignal.requested();
                    });
                } catch (RuntimeException e) {
                    // Another run on this output, or a bug in one item's run: reported as such, and the batch goes on.
                    r = new ItemResult(item, ItemResult.Status.FAILED, 0, Double.NaN, ErrorHandler.message(e));
                } finally {
                    OutputFiles.unlock(itemLock);
                }
                results.set(i, r);
                // The whole table again after every item: a batch killed now leaves what it finished.
                BatchReport.write(results, reportFile);
                progress.finished(r);
                if (r.status() == ItemResult.Status.STOPPED) {
                    break;
                }
            }
            progress.close();
            return summary(results, (System.nanoTime() - start) / 1e9, reportFile);
        } finally {
            stop.finished();
        }
    }

    /**
     * The summary on standard error, and the exit code: 1 when an item failed, 130 when stopped. It
     * counts the rows of the report: the stopped item and those not reached are "not finished".
     */
    private int summary(List<ItemResult> results, double seconds, Path reportFile) {
        Map<ItemResult.Status, Integer> counts = new java.util.EnumMap<>(ItemResult.Status.class);
        results.forEach(r -> counts.merge(r.status(), 1, Integer::sum));
        int failed = counts.getOrDefault(ItemResult.Status.FAILED, 0);
        int notFinished = counts.getOrDefault(ItemResult.Status.STOPPED, 0)
                + counts.getOrDefault(ItemResult.Status.PENDING, 0);
        boolean stopped = notFinished > 0;
        for (ItemResult r : results) {
            if (r.status() == ItemResult.Status.FAILED) {
                System.err.println("neural-style: " + r.item().name() + " failed: " + r.message());
            }
        }
        if (!common.quiet) {
            System.err.printf(Locale.ROOT, "%d items: %d done, %d skipped, %d failed%s in %s; report: %s%n",
                    results.size(), counts.getOrDefault(ItemResult.Status.DONE, 0),
                    counts.getOrDefault(ItemResult.Status.SKIPPED, 0), failed,
                    stopped ? ", " + notFinished + " not finished (stopped: " + howToGoOn() + ")" : "",
                    ProgressDisplay.duration(seconds), reportFile);
        }
        return stopped ? 130 : failed > 0 ? 1 : 0;
    }

    /** What the same command run again does after a stop, as the checkpoints allow. */
    private String howToGoOn() {
        return checkpointEvery > 0 ? "run the same command again to go on"
                : "run the same command again to paint the rest; with --checkpoint-every 0 the stopped item starts"
                        + " over";
    }

    /** An item's outcome in a few words, for the progress lines. */
    static String describe(ItemResult r) {
        return switch (r.status()) {
            case DONE -> String.format(Locale.ROOT, "done in %.1f s, loss %.4g", r.seconds(), r.loss());
            case SKIPPED -> "skipped (already written with these settings and inputs)";
            case FAILED -> "failed: " + r.message();
            case STOPPED -> "stopped: " + r.message();
            case PENDING -> "not started";
        };
    }

    /** The items: the manifest's rows, or every pair of --content and --style. */
    private List<BatchItem> items() throws IOException {
        if (manifest != null && (!contents.isEmpty() || !styles.isEmpty())) {
            throw new ParameterException(spec.commandLine(), "give either --manifest or --content and --style, not both");
        }
        if (manifest == null && (contents.isEmpty() || styles.isEmpty())) {
            throw new ParameterException(spec.commandLine(), "give photos with --content and paintings with --style"
                    + " (files or folders), or a --manifest");
        }
        try {
            Files.createDirectories(outputDir);
        } catch (IOException e) {
            throw new UserException("cannot make the output folder " + outputDir + " (" + e.getMessage()
                    + "): choose one you can write to");
        }
        try {
            if (manifest == null) {
                return Manifest.pairs(images(contents, "--content"), images(styles, "--style"),
                        name -> outputDir.resolve(name).toString());
            }
            Path base = manifest.toAbsolutePath().getParent();
            try (Reader in = Files.newBufferedReader(manifest, StandardCharsets.UTF_8)) {
                return Manifest.read(in, manifest.toString(), cell -> base.resolve(cell).toString(),
                        cell -> outputDir.resolve(cell).toString());
            } catch (NoSuchFileException e) {
                throw usage("--manifest " + manifest + ": no such file");
            }
        } catch (ManifestException e) {
            throw usage(e.getMessage());
        }
    }

    /** A batch that cannot start for what it was given: one line, exit code 2. */
    private ParameterException usage(String message) {
        return new ParameterException(spec.commandLine(), message);
    }

    /** The image files named, folders expanded to their images in name order. */
    private List<String> images(List<Path> given, String option) throws IOException {
        List<String> files = new ArrayList<>();
        for (Path p : given) {
            if (Files.isDirectory(p)) {
                try (Stream<Path> list = Files.list(p)) {
                    List<String> found = list.filter(f -> Files.isRegularFile(f) && isImageName(f)).sorted()
                            .map(Path::toString).toList();
                    if (found.isEmpty()) {
                        throw usage(option + " " + p + " holds no JPEG, PNG, BMP or GIF images: put some in, or"
                                + " name the images themselves");
                    }
                    files.addAll(found);
                }
            } else if (Files.exists(p)) {
                files.add(p.toString());
            } else {
                throw usage(option + " " + p + ": no such file or folder");
            }
        }
        return files;
    }

    private static boolean isImageName(Path f) {
        String name = f.getFileName().toString().toLowerCase(Locale.ROOT);
        return !name.startsWith(".") && IMAGE_EXTENSIONS.stream().anyMatch(name::endsWith);
    }

    /**
     * The batch's settings as text: the settings file's, then the options given; checked once here, so
     * that a bad option stops the batch before it starts (a row's bad override fails that row alone).
     */
    private Map<String, String> settings() {
        Map<String, String> file = Map.of();
        if (settingsFile != null) {
            try {
                file = SettingsFile.read(settingsFile);
            } catch (SettingsException e) {
                throw new UserException(e.setting() + " in " + settingsFile + ": " + e.problem());
            } catch (NoSuchFileException e) {
                throw new UserException("--settings " + settingsFile + ": no such file");
            } catch (IOException e) {
                throw new UserException("--settings: cannot read " + settingsFile + ": " + e.getMessage());
            }
        }
        Map<String, String> given = new LinkedHashMap<>(settingOptions.given());
        given.putAll(common.network.given());
        Map<String, String> all = new LinkedHashMap<>(file);
        all.putAll(given);
        try {
            Settings.builder().set(all).build();
        } catch (SettingsException e) {
            if (!given.containsKey(e.setting()) && file.containsKey(e.setting())) {
                throw new UserException(e.setting() + " in " + settingsFile + ": " + e.problem());
            }
            throw e;
        }
        return all;
    }

}
