package io.neuralstyle.cli;

import io.neuralstyle.figure.LossPlot;
import io.neuralstyle.image.Image;
import io.neuralstyle.image.ImageReader;
import io.neuralstyle.image.OutputLock;
import io.neuralstyle.image.WriteFailure;
import io.neuralstyle.model.Weights;
import io.neuralstyle.transfer.CheckpointMismatchException;
import io.neuralstyle.transfer.Init;
import io.neuralstyle.transfer.Result;
import io.neuralstyle.transfer.RunRequest;
import io.neuralstyle.transfer.SettingKey;
import io.neuralstyle.transfer.Settings;
import io.neuralstyle.transfer.SettingsException;
import io.neuralstyle.transfer.SettingsFile;
import io.neuralstyle.transfer.StyleImage;
import io.neuralstyle.transfer.StyleInputException;
import io.neuralstyle.transfer.StyleInputs;
import io.neuralstyle.transfer.StyleTransfer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code neural-style}: paints a photo in the style of a painting. */
@Command(name = "neural-style", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        sortOptions = false, usageHelpAutoWidth = true,
        customSynopsis = {"neural-style --content=FILE --style=FILE [OPTIONS]",
            "   or: neural-style COMMAND [OPTIONS]   (see Commands below)", ""},
        description = {"Paints a photo in the style of a painting, by the method of Gatys, Ecker and Bethge, "
            + "\"A Neural Algorithm of Artistic Style\" (2015), on a VGG19 network."},
        footerHeading = "%n",
        footer = {"A run saves its state to OUTPUT.checkpoint every 30 s of work: run the same command again after a"
                + " crash or Ctrl-C and it goes on from there (--restart starts over). One run at a time writes an"
                + " output: a second one on the same --output stops at once.",
            "",
            "The last line, on standard output, names the image and says why the run ended; progress and"
                + " messages go to standard error. Exit codes: 0 done, 1 error (or the optimization diverged: the"
                + " best image before it is written), 2 bad options, 130 stopped by Ctrl-C (the best image so far"
                + " is written).",
            "",
            "Examples:",
            "  neural-style --content photo.jpg --style painting.jpg --output painted.png",
            "      512 px, coarse to fine: from white noise at 128, 256, then 512 px",
            "  neural-style --content photo.jpg --style painting.jpg --size 256",
            "      a quicker look at 256 px",
            "  neural-style --content photo.jpg --style painting.jpg --style-weight 30",
            "      more of the painting, less of the photo (1 keeps mostly the photo)"})
final class TransferCommand implements Callable<Integer> {
    // Not required in picocli, which would then demand them before the figure and reconstruct
    // subcommands too; call() checks them instead.
    @Option(names = "--content", paramLabel = "FILE",
            description = "The photo to paint (JPEG, PNG, BMP or GIF).")
    Path content;

    @Option(names = "--style", paramLabel = "FILE",
            description = "The painting whose style to use; repeat it for several (blended, or one per --mask).")
    List<Path> styles;

    @Option(names = "--mask", paramLabel = "FILE",
            description = "Where the style applies: white paints, black keeps the photo. Any image, any size."
                    + " With several --style, give one --mask per style, in the same order.")
    List<Path> masks = new ArrayList<>();

    @Option(names = "--output", paramLabel = "FILE.png",
            description = "Where to write the result (PNG). Default: CONTENT-STYLE.png in the current folder.")
    Path output;

    @Option(names = "--settings", paramLabel = "FILE.json",
            description = "Read settings from a JSON file whose keys are the options below without their --,"
                    + " e.g. {\"style-weight\": 30, \"size\": 768}; an option given here overrides it.")
    Path settingsFile;

    @Option(names = "--save-settings", paramLabel = "FILE.json",
            description = "Also write the settings chosen (the file's, overridden by the options given; not what is"
                    + " worked out for one size or machine) to a JSON file that --settings reads, then run as usual.")
    Path saveSettings;

    /** Every setting of the core's table but those in {@link CommonOptions}, as --KEY options. */
    @Mixin
    SettingOptions settingOptions = SettingOptions.allBut(CommonOptions.NETWORK);

    @Option(names = "--save-every", paramLabel = "N",
            description = "Also write OUTPUT-N.png every N iterations (0: never). Default: ${DEFAULT-VALUE}.")
    int saveEvery = 0;

    @Option(names = "--plot", paramLabel = "FILE.png",
            description = "Also write the loss curves (total, content, style, every layer) as a PNG chart.")
    Path plot;

    @Option(names = "--checkpoint-every", paramLabel = "SECONDS",
            description = "Save the run's state to OUTPUT.checkpoint every SECONDS of work and on Ctrl-C; the same"
                    + " command run again goes on from it, and it is deleted once the output is written."
                    + " 0: never. Default: ${DEFAULT-VALUE}.")
    long checkpointEvery = RunRequest.DEFAULT_CHECKPOINT_INTERVAL.toSeconds();

    @Option(names = "--restart", description = "Start over, deleting the output's checkpoint if there is one.")
    boolean restart;

    @Option(names = "--dry-run",
            description = "Print the run's stages, memory and an estimate of its time (from a few timed evaluations),"
                    + " then exit without painting.")
    boolean dryRun;

    @Mixin
    CommonOptions common;

    @Spec
    CommandSpec spec;

    /** The settings file's text, read once. */
    private Map<String, String> fileSettings;

    @Override
    public Integer call() {
        boolean noStyle = styles == null || styles.isEmpty();
        if (content == null || noStyle) {
            throw new ParameterException(spec.commandLine(), content == null && noStyle
                    ? "give a photo with --content and a painting with --style"
                    : content == null ? "give the photo to paint with --content" : "give a painting with --style");
        }
        Settings settings = settings();
        checkStyles(settings);
        Path initFile = initImage(settings);
        Path out = OutputFiles.resolveOutput(output, content, styles.get(0));
        OutputFiles.refuseToOverwriteInputs(out, inputs(initFile));
        Path plotFile = plot == null ? null : OutputFiles.resolveOutput(plot, content, styles.get(0));
        if (plotFile != null) {
            OutputFiles.refuseToOverwriteInputs(plotFile, inputs(initFile));
            if (OutputFiles.same(plotFile, out)) {
                throw new UserException("--plot " + plot + " is also the output; give the plot another name");
            }
        }
        if (saveSettings != null) {
            Path folder = saveSettings.toAbsolutePath().getParent();
            if (folder != null && !Files.isDirectory(folder)) {
                throw new UserException("--save-settings folder " + folder + " does not exist: create it first");
            }
            OutputFiles.refuseToOverwriteInputs(saveSettings, inputs(initFile), "--save-settings");
            if (OutputFiles.same(saveSettings, out) || plotFile != null && OutputFiles.same(saveSettings, plotFile)) {
                throw new UserException("--save-settings " + saveSettings + " is also an output; give it another name");
            }
        }
        OutputLock lock = dryRun ? null : OutputFiles.lock(out, "--output");
        try {
            return paint(settings, initFile, out, plotFile);
        } finally {
            OutputFiles.unlock(lock);
        }
    }

    /** Reads the inputs and the weights, runs, and writes the results: with the output's lock held. */
    private int paint(Settings settings, Path initFile, Path out, Path plotFile) {
        Image contentImage = ImageReader.read(content);
        List<StyleImage> styleImages = new ArrayList<>();
        for (int i = 0; i < styles.size(); i++) {
            Image painting = ImageReader.read(styles.get(i));
            styleImages.add(masks.isEmpty() ? StyleImage.of(painting)
                    : StyleImage.masked(painting, ImageReader.read(masks.get(i))));
        }
        Image initImage = initFile == null ? null : ImageReader.read(initFile);
        Weights vgg = common.loadWeights();
        boolean quiet = common.quiet;
        if (saveSettings != null) {
            writeSettings();
        }

        ProgressDisplay progressDisplay = new ProgressDisplay(settings.iterations(), quiet);
        StyleTransfer transfer = StyleTransfer.builder().weights(vgg).settings(settings).build();
        if (dryRun) {
            DryRun.print(transfer.plan(contentImage, styleImages), settings, vgg, System.out);
            return 0;
        }
        EmbeddedSettings embedded = new EmbeddedSettings(settings, content, styles, masks, vgg.source());
        RunRequest request = transfer.request().content(contentImage).styles(styleImages).init(initImage)
                .checkpoint(checkpointEvery > 0 ? OutputFiles.checkpoint(out) : null,
                        Duration.ofSeconds(Math.max(1, checkpointEvery)))
                .notes(progressDisplay::note).listener(p -> {
                    progressDisplay.update(p);
                    if (saveEvery > 0 && p.iteration() % saveEvery == 0 && p.iteration() < p.iterations()) {
                        OutputFiles.write(p.image().get(), OutputFiles.intermediate(out, p.iteration()), embedded);
                    }
                    return !StopOnSignal.requested();
                }).build();
        if (restart) {
            request.discardCheckpoint();
        }
        OutputFiles.removeLeftovers(out);
        StopOnSignal stop = StopOnSignal.install("stopping after this iteration and writing the best image so far...");
        try (ProgressDisplay progress = progressDisplay) {
            Result result;
            try {
                result = transfer.run(request);
            } catch (CheckpointMismatchException e) {
                List<String> what = e.differences().stream().map(d -> d.input() ? d.toString()
                        : "--" + d.name() + " " + d.here() + " now, " + d.there() + " then").toList();
                throw new UserException(e.file() + " was made by another run (" + String.join("; ", what)
                        + "): run that command again to finish it, or add --restart to start over");
            }
            progress.close();
            OutputFiles.write(result.image(), out, embedded);
            if (plotFile != null) {
                OutputFiles.write(LossPlot.ofRun("loss curves of " + out.getFileName(), result), plotFile, embedded);
            }
            if (result.finished()) {
                request.discardCheckpoint();
            }
            if (result.divergence() != null) {
                System.err.println("neural-style: " + result.divergence());
            }
            if (!quiet) {
                System.out.println(ResultLine.of(result, out, checkpointEvery > 0));
            }
            if (result.divergence() != null) {
                return 1;
            }
            return result.stopped() ? 130 : 0;
        } finally {
            stop.finished();
        }
    }


    private List<Path> inputs(Path initFile) {
        List<Path> in = new ArrayList<>(List.of(content));
        in.addAll(styles);
        in.addAll(masks);
        if (initFile != null) {
            in.add(initFile);
        }
        if (common.weights != null) {
            in.add(common.weights);
        }
        if (settingsFile != null) {
            in.add(settingsFile);
        }
        return in;
    }

    /**
     * The settings of this run: the defaults, then the settings file's, then the options given on the
     * command line (picocli's parse result says which were). A problem with a value from the file is
     * reported as the file's; one with an option's, by the error handler, as the option's.
     */
    Settings settings() {
        if (saveEvery < 0) {
            throw new UserException("--save-every must be 0 or more, got " + saveEvery);
        }
        Settings.Builder builder = Settings.builder();
        try {
            builder.set(fileSettings());
        } catch (SettingsException e) {
            throw inSettingsFile(e);
        }
        builder.set(givenSettings());
        Settings settings;
        try {
            settings = builder.build();
        } catch (SettingsException e) {
            throw located(e);
        }
        notePinnedWorkedOut(settings);
        return settings;
    }

    /** The settings given as options, as text by key. */
    private Map<String, String> givenSettings() {
        Map<String, String> given = new LinkedHashMap<>(settingOptions.given());
        given.putAll(common.network.given());
        return given;
    }

    private Map<String, String> fileSettings() {
        if (fileSettings == null) {
            fileSettings = settingsFile == null ? Map.of() : readSettingsFile();
        }
        return fileSettings;
    }

    /**
     * Says, once, where an old settings file written whole pins a value worked out for another size or
     * machine that this run would work out otherwise (a one-stage schedule saved at 96 px, say).
     */
    private void notePinnedWorkedOut(Settings settings) {
        Map<String, String> given = givenSettings();
        List<SettingKey> pinned = SettingsFile.pinnedWorkedOut(fileSettings()).stream()
                .filter(k -> !given.containsKey(k.key())).toList();
        if (pinned.isEmpty() || common.quiet) {
            return;
        }
        Map<String, String> chosen = new LinkedHashMap<>(fileSettings());
        pinned.forEach(k -> chosen.remove(k.key()));
        chosen.putAll(given);
        Map<String, String> workedOut = Settings.builder().set(chosen).build().describe();
        Map<String, String> used = settings.describe();
        List<String> differ = pinned.stream().filter(k -> !used.get(k.key()).equals(workedOut.get(k.key())))
                .map(k -> k.key() + " " + used.get(k.key()) + " (this run would use " + workedOut.get(k.key()) + ")")
                .toList();
        if (!differ.isEmpty()) {
            spec.commandLine().getErr().println("neural-style: note: " + settingsFile + " pins " + String.join(", ",
                    differ) + ", which an older --save-settings worked out for its size and machine; they are used"
                    + " as they are: delete them from the file to have them worked out for each run");
        }
    }

    private Map<String, String> readSettingsFile() {
        try {
            return SettingsFile.read(settingsFile);
        } catch (SettingsException e) {
            throw inSettingsFile(e);
        } catch (NoSuchFileException e) {
            throw new UserException("--settings " + settingsFile + ": no such file");
        } catch (IOException e) {
            throw new UserException("--settings: cannot read " + settingsFile + ": " + e.getMessage());
        }
    }

    /** A problem with a setting, named as the settings file's key where its value came from there. */
    private RuntimeException located(SettingsException e) {
        boolean fromFile = !givenSettings().containsKey(e.setting()) && fileSettings().containsKey(e.setting());
        return fromFile ? inSettingsFile(e) : e;
    }

    /** The problem as the file's: its key and the file, other settings as options or keys of the file. */
    private UserException inSettingsFile(SettingsException e) {
        Map<String, String> given = givenSettings();
        Map<String, String> file = fileSettings == null ? Map.of() : fileSettings;
        return new UserException(e.setting() + " in " + settingsFile + ": "
                + e.problem(key -> given.containsKey(key) || !file.containsKey(key) ? "--" + key : key));
    }

    /** The paintings, masks and blend weights, by the core's one check, in this command's words. */
    private void checkStyles(Settings settings) {
        try {
            StyleInputs.check(styles.size(), masks.size(), settings);
        } catch (StyleInputException e) {
            throw worded(e);
        } catch (SettingsException e) {
            throw located(e);
        }
    }

    /** The core's refusal, naming this command's options. */
    private RuntimeException worded(StyleInputException e) {
        return switch (e.kind()) {
            case MASK_COUNT -> new UserException(e.masks() + " --mask for " + e.styles()
                    + " --style: give one --mask per --style, in the same order, or none");
            case BLEND_WITH_MASKS -> located(SettingKey.STYLE_BLEND.invalid("does not apply with --mask, where each"
                    + " mask's region takes its own style: drop it"));
            case BLEND_COUNT -> located(SettingKey.STYLE_BLEND.invalid(e.blendWeights() + " weights for " + e.styles()
                    + " --style: give one weight per --style"));
        };
    }

    /** The file to start from when init names one (noise and content do not). */
    private static Path initImage(Settings settings) {
        return settings.init() instanceof Init.FromImage image ? Path.of(image.location()) : null;
    }

    /**
     * --save-settings: the settings the user chose, the file's overridden by the options given, and
     * nothing worked out for this size or machine (a schedule, a precision): a later run at another
     * size gets that size's own.
     */
    Map<String, String> chosenSettings() {
        Map<String, String> chosen = new LinkedHashMap<>(fileSettings());
        chosen.putAll(givenSettings());
        Map<String, String> ordered = new LinkedHashMap<>();
        for (SettingKey key : SettingKey.values()) {
            if (chosen.containsKey(key.key())) {
                ordered.put(key.key(), chosen.get(key.key()).trim());
            }
        }
        return ordered;
    }

    private void writeSettings() {
        try {
            SettingsFile.write(saveSettings, chosenSettings());
        } catch (IOException e) {
            throw new UserException("--save-settings: cannot write " + saveSettings + ": " + WriteFailure.reason(e)
                    + "; " + WriteFailure.advice(e));
        }
    }
}
