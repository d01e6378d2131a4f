package io.neuralstyle.cli;

import io.neuralstyle.engine.Pooling;
import io.neuralstyle.engine.Precision;
import io.neuralstyle.figure.LossPlot;
import io.neuralstyle.image.Image;
import io.neuralstyle.image.ImageReader;
import io.neuralstyle.model.Weights;
import io.neuralstyle.transfer.Colors;
import io.neuralstyle.transfer.Init;
import io.neuralstyle.transfer.OptimizerKind;
import io.neuralstyle.transfer.Result;
import io.neuralstyle.transfer.Settings;
import io.neuralstyle.transfer.StyleImage;
import io.neuralstyle.transfer.StyleTransfer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code neural-style}: paints a photo in the style of a painting. */
@Command(name = "neural-style", mixinStandardHelpOptions = true, versionProvider = Version.class,
        sortOptions = false, usageHelpAutoWidth = true,
        description = {"Paints a photo in the style of a painting, by the method of Gatys, Ecker and Bethge, "
            + "\"A Neural Algorithm of Artistic Style\" (2015), on a VGG19 network.", ""},
        footerHeading = "%nExamples:%n",
        footer = {
            "  neural-style --content photo.jpg --style starry.jpg --output painted.png",
            "      512 px, coarse to fine: L-BFGS from white noise at 128, 256, then 512 px",
            "  neural-style --content photo.jpg --style starry.jpg --scale-iterations none",
            "      the paper's schedule: 500 iterations at the full size only",
            "  neural-style --content photo.jpg --style scream.jpg --size 256",
            "      a quicker look at 256 px",
            "  neural-style --content photo.jpg --style scream.jpg --style-weight 30",
            "      more style, less of the photo (1 keeps mostly the photo)",
            "  neural-style --content photo.jpg --style matisse.jpg --init content",
            "      start from the photo instead of noise",
            "  neural-style --content photo.jpg --style matisse.jpg --save-every 50",
            "      also keep an image every 50 iterations",
            "  neural-style --content photo.jpg --style starry.jpg --style scream.jpg --style-blend 0.7,0.3",
            "      a blend of two styles",
            "  neural-style --content photo.jpg --style starry.jpg --colors luminance",
            "      the painting's strokes in the photo's colors",
            "  neural-style --content photo.jpg --style starry.jpg --mask sky.png --init content",
            "      paint only the mask's white region",
            "  neural-style reconstruct content --image photo.jpg --layer conv3_2",
            "      what one layer keeps of a photo (see 'neural-style reconstruct --help')",
            "  neural-style figure layers --content photo.jpg --style starry.jpg",
            "      the paper's figures (see 'neural-style figure --help')",
            "",
            "Weights: --weights PATH, else $NEURAL_STYLE_WEIGHTS, else ~/.cache/neural-style,",
            "where torchvision's VGG19 is downloaded once (548 MB) if nothing else is found.",
            "Exit codes: 0 done, 1 error, 2 bad options, 130 stopped by Ctrl-C (the best",
            "image so far is written)."})
final class TransferCommand implements Callable<Integer> {
    private static final AtomicBoolean STOP_REQUESTED = new AtomicBoolean();
    private static volatile boolean interruptedBySignal;

    // Not required in picocli, which would then demand them before the figure and reconstruct
    // subcommands too; call() checks them instead.
    @Option(names = "--content", paramLabel = "FILE",
            description = "The photo to paint (JPEG, PNG, BMP or GIF).")
    Path content;

    @Option(names = "--style", paramLabel = "FILE",
            description = "The painting whose style to use; repeat it for several (blended, or one per --mask).")
    List<Path> styles;

    @Option(names = "--style-blend", split = ",", paramLabel = "W",
            description = "One weight per --style; the styles' Gram matrices are blended by them (normalized to"
                    + " sum 1). Default: equal weights.")
    List<Double> styleBlend = new ArrayList<>();

    @Option(names = "--style-scale", paramLabel = "SCALE",
            description = "Size of the style image relative to the output: below 1 smaller strokes and motifs,"
                    + " above 1 larger. Default: ${DEFAULT-VALUE}.")
    double styleScale = Settings.DEFAULT_STYLE_SCALE;

    @Option(names = "--colors", paramLabel = "style|luminance|histogram",
            description = "Whose colors the result has: the painting's, or the photo's by a luminance-only"
                    + " transfer or by matching the painting's colors to the photo's first. Default: ${DEFAULT-VALUE}.")
    String colors = "style";

    @Option(names = "--mask", paramLabel = "FILE",
            description = "Where the style applies: white paints, black keeps the photo. Any image, any size."
                    + " With several --style, give one --mask per style, in the same order.")
    List<Path> masks = new ArrayList<>();

    @Option(names = "--output", paramLabel = "FILE.png",
            description = "Where to write the result (PNG). Default: CONTENT-STYLE.png in the current folder.")
    Path output;

    @Option(names = "--size", paramLabel = "PIXELS", description = "Longest side of the output. Default: ${DEFAULT-VALUE}.")
    int size = Settings.DEFAULT_SIZE;

    @Option(names = "--iterations", paramLabel = "N",
            description = "Optimizer iterations at the full size. Default: " + Settings.DEFAULT_FINE_ITERATIONS
                    + " after the coarser scales, " + Settings.DEFAULT_ITERATIONS + " without them (as in the paper).")
    Integer iterations;

    @Option(names = "--scale-iterations", paramLabel = "N[,N...]|none",
            description = "Coarse-to-fine (Gatys et al. 2017): iterations at each coarser scale, coarsest first,"
                    + " each half the next; none: the full size only, as in the paper. E.g. 300 runs 300"
                    + " iterations at half the size first. Default: above " + Settings.COARSE_TO_FINE_ABOVE
                    + " px, " + Settings.DEFAULT_COARSE_ITERATIONS + " at each halved size down to "
                    + Settings.SMALLEST_SCALE + " px or more (at 512 px: 300,300).")
    String scaleIterations;

    @Option(names = "--optimizer", paramLabel = "lbfgs|adam",
            description = "L-BFGS as in the paper, or Adam. Default: ${DEFAULT-VALUE}.")
    String optimizer = "lbfgs";

    @Option(names = "--learning-rate", paramLabel = "RATE",
            description = "Adam's step size, the image spanning 0..1. Default: ${DEFAULT-VALUE}.")
    double learningRate = Settings.DEFAULT_LEARNING_RATE;

    @Option(names = "--lbfgs-history", paramLabel = "N",
            description = "Correction pairs L-BFGS keeps. Default: ${DEFAULT-VALUE}.")
    int lbfgsHistory = Settings.DEFAULT_LBFGS_HISTORY;

    @Option(names = "--init", paramLabel = "noise|content|FILE",
            description = "Start from seeded white noise (the paper), the content photo, or an image file."
                    + " Default: ${DEFAULT-VALUE}.")
    String init = "noise";

    @Option(names = "--pooling", paramLabel = "avg|max",
            description = "Pooling between VGG blocks; the paper recommends average. Default: ${DEFAULT-VALUE}.")
    String pooling = "avg";

    @Option(names = "--precision", paramLabel = "auto|fp32|bf16",
            description = "The network's arithmetic while optimizing: bf16 is about 1.7 times as fast where the CPU"
                    + " has AVX512_BF16 or AMX, and gives a result that looks the same; auto picks it there."
                    + " Default: ${DEFAULT-VALUE}.")
    String precision = "auto";

    @Option(names = "--content-layers", split = ",", paramLabel = "LAYER",
            description = "Layers whose features the result shares with the photo. Default: conv4_2.")
    List<String> contentLayers = new ArrayList<>(Settings.DEFAULT_CONTENT_LAYERS);

    @Option(names = "--content-layer-weights", split = ",", paramLabel = "W",
            description = "One weight per content layer. Default: equal weights summing to 1.")
    List<Double> contentLayerWeights = new ArrayList<>();

    @Option(names = "--style-layers", split = ",", paramLabel = "LAYER",
            description = "Layers whose Gram matrices the result shares with the painting."
                    + " Default: conv1_1,conv2_1,conv3_1,conv4_1,conv5_1.")
    List<String> styleLayers = new ArrayList<>(Settings.DEFAULT_STYLE_LAYERS);

    @Option(names = "--style-layer-weights", split = ",", paramLabel = "W",
            description = "One weight w_l per style layer. Default: equal weights summing to 1 (the paper's 1/5).")
    List<Double> styleLayerWeights = new ArrayList<>();

    @Option(names = "--content-weight", paramLabel = "ALPHA",
            description = "Weight of the content loss. Default: ${DEFAULT-VALUE}.")
    double contentWeight = Settings.DEFAULT_CONTENT_WEIGHT;

    @Option(names = "--style-weight", paramLabel = "BETA",
            description = "Weight of the style loss; raise it for more style. Default: ${DEFAULT-VALUE}.")
    double styleWeight = Settings.DEFAULT_STYLE_WEIGHT;

    @Option(names = "--tv-weight", paramLabel = "W",
            description = "Weight of a total-variation term that smooths the result (0: off, as in the paper)."
                    + " Default: ${DEFAULT-VALUE}.")
    double tvWeight = Settings.DEFAULT_TV_WEIGHT;

    @Option(names = "--seed", paramLabel = "N",
            description = "Seed of the noise image: the same seed repeats a run exactly. Default: ${DEFAULT-VALUE}.")
    long seed = 0;

    @Option(names = "--save-every", paramLabel = "N",
            description = "Also write OUTPUT-N.png every N iterations (0: never). Default: ${DEFAULT-VALUE}.")
    int saveEvery = 0;

    @Option(names = "--weights", paramLabel = "PATH",
            description = "VGG19 weights: a q8 folder (manifest.json), a torchvision .pth, or a cached copy.")
    Path weights;

    @Option(names = "--threads", paramLabel = "N",
            description = "Threads for the network; 0: one per processor. Default: ${DEFAULT-VALUE}.")
    int threads = 0;

    @Option(names = "--max-memory", paramLabel = "SIZE",
            description = "Memory the run may use, e.g. 8g or 6000m; a larger image is then painted in tiles that fit,"
                    + " with the same result. Default: the smaller of 8g and the memory available.")
    String maxMemory = "auto";

    @Option(names = "--plot", paramLabel = "FILE.png",
            description = "Also write the loss curves (total, content, style, every layer) as a PNG chart.")
    Path plot;

    @Option(names = "--quiet", description = "Print nothing but errors.")
    boolean quiet;

    static boolean interruptedBySignal() {
        return interruptedBySignal;
    }

    @Override
    public Integer call() {
        if (content == null || styles == null || styles.isEmpty()) {
            throw new UserException("give a photo with --content and a painting with --style"
                    + " (neural-style --help shows examples)");
        }
        Settings settings = settings();
        if (!masks.isEmpty() && masks.size() != styles.size()) {
            throw new UserException(masks.size() + " --mask for " + styles.size()
                    + " --style: give one --mask per --style, in the same order, or none");
        }
        Path out = OutputFiles.resolveOutput(output, content, styles.get(0));
        OutputFiles.refuseToOverwriteInputs(out, inputs());
        Path plotFile = plot == null ? null : OutputFiles.resolveOutput(plot, content, styles.get(0));
        if (plotFile != null) {
            OutputFiles.refuseToOverwriteInputs(plotFile, inputs());
            if (plotFile.toAbsolutePath().normalize().equals(out.toAbsolutePath().normalize())) {
                throw new UserException("--plot " + plot + " is also the output; give the plot another name");
            }
        }
        Image contentImage = ImageReader.read(content);
        List<StyleImage> styleImages = new ArrayList<>();
        for (int i = 0; i < styles.size(); i++) {
            Image painting = ImageReader.read(styles.get(i));
            styleImages.add(masks.isEmpty() ? StyleImage.of(painting)
                    : StyleImage.masked(painting, ImageReader.read(masks.get(i))));
        }
        Image initImage = settings.init() == Init.IMAGE ? ImageReader.read(Path.of(init)) : null;
        Weights vgg = WeightsLoading.load(weights, quiet);

        ProgressDisplay progressDisplay = new ProgressDisplay(settings.iterations(), quiet);
        StyleTransfer transfer = StyleTransfer.builder().weights(vgg).settings(settings).notes(progressDisplay::note)
                .build();
        EmbeddedSettings embedded = new EmbeddedSettings(settings, content, styles, masks, initImage == null ? null
                : Path.of(init), vgg.source());
        CountDownLatch written = installStopHandler();
        try (ProgressDisplay progress = progressDisplay) {
            Result result = transfer.run(contentImage, styleImages, initImage, p -> {
                progress.update(p);
                if (saveEvery > 0 && p.iteration() % saveEvery == 0 && p.iteration() < p.iterations()) {
                    OutputFiles.write(p.image().get(), OutputFiles.intermediate(out, p.iteration()), embedded);
                }
                return !STOP_REQUESTED.get();
            });
            progress.close();
            OutputFiles.write(result.image(), out, embedded);
            if (plotFile != null) {
                OutputFiles.write(LossPlot.ofRun("loss curves of " + out.getFileName(), result), plotFile, embedded);
            }
            if (!quiet) {
                System.err.printf("wrote %s (%dx%d, %d iterations in %.1f s%s)%n", out, result.image().width(),
                        result.image().height(), result.iterations(), result.seconds(),
                        result.stopped() ? ", stopped early" : "");
            }
            return result.stopped() ? 130 : 0;
        } finally {
            written.countDown();
        }
    }

    /** Ctrl-C asks the run to stop after the current iteration; the JVM waits until the image is written. */
    private static CountDownLatch installStopHandler() {
        CountDownLatch written = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            if (written.getCount() == 0) {
                return;
            }
            interruptedBySignal = true;
            STOP_REQUESTED.set(true);
            System.err.println();
            System.err.println("neural-style: stopping after this iteration and writing the best image so far...");
            try {
                written.await(5, TimeUnit.MINUTES);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "neural-style-stop"));
        return written;
    }

    private List<Path> inputs() {
        List<Path> in = new ArrayList<>(List.of(content));
        in.addAll(styles);
        in.addAll(masks);
        if (!init.equals("noise") && !init.equals("content")) {
            in.add(Path.of(init));
        }
        if (weights != null) {
            in.add(weights);
        }
        return in;
    }

    /** Null (the default for the size), empty for "none", or the counts given. */
    private List<Integer> scaleIterations() {
        if (scaleIterations == null) {
            return null;
        }
        if (scaleIterations.trim().equalsIgnoreCase("none")) {
            return List.of();
        }
        List<Integer> counts = new ArrayList<>();
        for (String part : scaleIterations.split(",")) {
            try {
                counts.add(Integer.parseInt(part.trim()));
            } catch (NumberFormatException e) {
                throw new UserException("--scale-iterations " + scaleIterations + " must be counts like 300,300"
                        + " (coarsest first) or none");
            }
        }
        return counts;
    }

    Settings settings() {
        Init initKind = switch (init) {
            case "noise" -> Init.NOISE;
            case "content" -> Init.CONTENT;
            default -> Init.IMAGE;
        };
        if (saveEvery < 0) {
            throw new UserException("--save-every must be 0 or more, got " + saveEvery);
        }
        return Settings.builder()
                .size(size)
                .iterations(iterations)
                .scaleIterations(scaleIterations())
                .optimizer(OptimizerKind.parse(optimizer))
                .learningRate(learningRate)
                .lbfgsHistory(lbfgsHistory)
                .init(initKind)
                .pooling(Pooling.parse(pooling))
                .precision(Precision.parse(precision))
                .contentLayers(Settings.layerWeights(contentLayers, contentLayerWeights))
                .styleLayers(Settings.layerWeights(styleLayers, styleLayerWeights))
                .contentWeight(contentWeight)
                .styleWeight(styleWeight)
                .tvWeight(tvWeight)
                .seed(seed)
                .threads(threads)
                .styleBlend(styleBlend)
                .styleScale(styleScale)
                .colors(Colors.parse(colors))
                .maxMemoryBytes(memoryBytes(maxMemory))
                .build();
    }

    /** "8g", "6000m", "512k" as bytes; "auto" as 0. */
    static long memoryBytes(String text) {
        String t = text.trim().toLowerCase(java.util.Locale.ROOT);
        if (t.equals("auto")) {
            return 0;
        }
        int shift = t.endsWith("k") ? 10 : t.endsWith("m") ? 20 : t.endsWith("g") ? 30 : t.endsWith("t") ? 40 : -1;
        try {
            if (shift > 0) {
                double value = Double.parseDouble(t.substring(0, t.length() - 1));
                if (value > 0 && value < 1L << (62 - shift)) {
                    return (long) (value * (1L << shift));
                }
            }
        } catch (NumberFormatException e) {
            // falls through to the message below
        }
        throw new UserException("--max-memory takes a positive size with a unit, such as 8g or 6000m, got '" + text
                + "'");
    }
}
