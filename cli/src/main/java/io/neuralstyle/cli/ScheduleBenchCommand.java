package io.neuralstyle.cli;

import io.neuralstyle.figure.LossPlot;
import io.neuralstyle.image.Image;
import io.neuralstyle.image.ImageMetrics;
import io.neuralstyle.image.ImageReader;
import io.neuralstyle.image.ImageWriter;
import io.neuralstyle.image.Resize;
import io.neuralstyle.model.Weights;
import io.neuralstyle.transfer.Benchmark;
import io.neuralstyle.transfer.LossMeter;
import io.neuralstyle.transfer.Quality;
import io.neuralstyle.transfer.ScheduleTrace;
import io.neuralstyle.transfer.SettingKey;
import io.neuralstyle.transfer.Settings;
import io.neuralstyle.transfer.SettingsException;
import io.neuralstyle.transfer.StyleImage;
import io.neuralstyle.transfer.StyleTransfer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code neural-style bench schedules}: runs several schedules on one photo and painting and plots
 * each one's full-size loss against seconds, so that a coarse-to-fine schedule and a precision can
 * be judged by what a user waits for.
 */
@Command(name = "schedules", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = {"Runs each schedule with the default settings otherwise and measures, every few"
            + " iterations, the loss of the current image at the full size in float32 (the measuring is not"
            + " timed). Prints each schedule's time, final loss, and its result's grain (high-frequency energy)"
            + " and dots on the pooling grid (lattice amplitude), and plots loss against seconds.", ""},
        footerHeading = "%nExamples:%n",
        footer = {
            "  neural-style bench schedules --content photo.jpg --style painting.jpg",
            "      the paper's 500 iterations in fp32 against the default schedule",
            "  neural-style bench schedules --content photo.jpg --style art.jpg --plot s.png",
            "      and the loss against time as a chart"})
final class ScheduleBenchCommand implements Callable<Integer> {
    /** The blur of the end-to-end test's edge measure: outlines, not pixel grain. */
    private static final double EDGE_BLUR = 2.0;

    @Option(names = "--content", required = true, paramLabel = "FILE", description = "The photo.")
    Path content;

    @Option(names = "--style", required = true, paramLabel = "FILE", description = "The painting.")
    Path style;

    @Option(names = "--size", paramLabel = "PIXELS", description = "Longest side. Default: ${DEFAULT-VALUE}.")
    int size = Settings.DEFAULT_SIZE;

    @Option(names = "--schedule", paramLabel = "N[,N...][:PRECISION]",
            description = "A schedule to run, repeatable: iterations at each scale, coarsest first, the last at"
                    + " the full size (as --scale-iterations followed by --iterations), optionally with"
                    + " :fp32 or :bf16 (else --precision); 'default' for the main command's defaults, or a"
                    + " --quality: draft, standard or best."
                    + " Default: 500:fp32 and default.")
    List<String> schedules = new ArrayList<>();

    @Option(names = "--every", paramLabel = "N", description = "Measure every N iterations. Default: ${DEFAULT-VALUE}.")
    int every = 10;

    @Option(names = "--plot", paramLabel = "FILE.png", description = "Where to write the chart. Default: ${DEFAULT-VALUE}.")
    Path plot = Path.of("schedules.png");

    @Option(names = "--keep-images", description = "Also write each schedule's result beside the plot, as"
            + " PLOT-1.png, PLOT-2.png, ... in the order of --schedule.")
    boolean keepImages;

    @Mixin
    CommonOptions common;

    @Override
    public Integer call() {
        if (every < 1) {
            throw new UserException("--every must be at least 1");
        }
        if (schedules.isEmpty()) {
            schedules = List.of("500:fp32", "default");
        }
        List<Settings> runs = new ArrayList<>();
        for (String s : schedules) {
            runs.add(parse(s));
        }
        Path out = OutputFiles.resolveOutput(plot, null, null);
        OutputFiles.refuseToOverwriteInputs(out, List.of(content, style));
        Image photo = ImageReader.read(content);
        List<StyleImage> painting = List.of(StyleImage.of(ImageReader.read(style)));
        Weights vgg = common.loadWeights();
        Settings base = common.applyTo(Settings.builder().size(size)).build();
        List<ScheduleTrace> traces = new ArrayList<>();
        try (LossMeter meter = StyleTransfer.builder().weights(vgg).settings(base).build().lossMeter(photo, painting)) {
            for (int i = 0; i < runs.size(); i++) {
                String name = schedules.get(i);
                System.out.println("schedule " + name + ": " + describe(runs.get(i)));
                ScheduleTrace trace = ScheduleTrace.record(name, vgg, runs.get(i), photo, painting, meter, every, p -> {
                    if (!common.quiet) {
                        System.out.printf(Locale.ROOT, "  %7.1f s  iteration %4d  loss %.4f%n", p.seconds(),
                                p.iteration(), p.loss());
                    }
                });
                traces.add(trace);
            }
        }
        // Grain and pooling-grid dots of each result, beside the painting's own grain at the same size.
        Image sized = Resize.toLongestSide(photo, size);
        int region = ImageMetrics.latticeSquare(sized);
        int[] flat = region > 0 ? ImageMetrics.flattestRegion(sized, region) : null;
        // One square iteration at the size, as `neural-style bench --sizes SIZE` times it, in the same sitting:
        // the unit the schedules' times are read in.
        Benchmark.Measurement unit = new Benchmark(base.network(vgg), base.lossSpec()).measure(size, size, 2, 5);
        System.out.printf("%-24s %10s %8s %12s %12s %10s %10s %8s%n", "schedule", "seconds", "it-eq", "iterations",
                "final loss", "HF energy", "lattice", "edges");
        for (int i = 0; i < traces.size(); i++) {
            ScheduleTrace t = traces.get(i);
            Image image = t.result().image();
            System.out.printf(Locale.ROOT, "%-24s %10.1f %8.0f %12d %12.4f %10.2f %10s %8.3f%n", t.name(), t.seconds(),
                    t.seconds() / unit.median(), t.result().iterations(), t.finalLoss(),
                    ImageMetrics.highFrequencyEnergy(image),
                    flat == null ? "-" : String.format(Locale.ROOT, "%.2f",
                            ImageMetrics.latticeAmplitude(image, flat[0], flat[1], region)),
                    ImageMetrics.edgeCorrelation(image, Resize.to(sized, image.width(), image.height()), EDGE_BLUR));
            if (keepImages) {
                Path file = out.resolveSibling(OutputFiles.stem(out) + "-" + (i + 1) + ".png");
                ImageWriter.writePng(image, file, Map.of("neural-style.schedule", t.name()));
                System.out.println("  wrote " + file);
            }
        }
        System.out.printf(Locale.ROOT, "HF energy (mean |x - box3(x)|, 0..255) of the painting at %d px: %.2f, of the"
                + " photo: %.2f; lattice: gray levels at the pooling grid's periods in the photo's flattest %d px"
                + " square; it-eq: seconds over one %dx%d iteration's median (%.3f s, timed after the"
                + " schedules); edges: correlation of the result's edges with the photo's (blur sigma %.0f px)%n",
                size, ImageMetrics.highFrequencyEnergy(Resize.toLongestSide(painting.get(0).image(),
                size)), ImageMetrics.highFrequencyEnergy(sized), region, size, size, unit.median(),
                EDGE_BLUR);
        Image chart = LossPlot.ofTraces("Loss at " + size + " px against time: " + OutputFiles.stem(content) + ", "
                + OutputFiles.stem(style), traces);
        ImageWriter.writePng(chart, out, Map.of());
        System.out.println("wrote " + out);
        return 0;
    }

    private Settings parse(String spec) {
        Settings.Builder b = common.applyTo(Settings.builder().size(size));
        if (spec.equals("default")) {
            return b.build();
        }
        for (Quality q : Quality.values()) {
            if (spec.equals(q.toString())) {
                return b.quality(q).build();
            }
        }
        String[] parts = spec.split(":", 2);
        if (parts.length == 2) {
            try {
                b.set(SettingKey.PRECISION.key(), parts[1]);
            } catch (SettingsException e) {
                throw new UserException("--schedule " + spec + ": " + e.problem());
            }
        }
        List<Integer> counts = new ArrayList<>();
        try {
            for (String n : parts[0].split(",")) {
                counts.add(Integer.parseInt(n.trim()));
            }
        } catch (NumberFormatException e) {
            throw new UserException("--schedule " + spec + " must be iterations per scale, like 300,100 or 500:fp32");
        }
        if (counts.stream().anyMatch(n -> n < 1)) {
            throw new UserException("--schedule " + spec + ": every scale needs at least 1 iteration");
        }
        return b.iterations(counts.get(counts.size() - 1)).scaleIterations(counts.subList(0, counts.size() - 1))
                .build();
    }

    private static String describe(Settings s) {
        return (s.scaleIterations().isEmpty() ? "" : s.scaleIterations() + " at coarser scales, then ")
                + s.iterations() + " at " + s.size() + " px, " + s.precision();
    }
}
