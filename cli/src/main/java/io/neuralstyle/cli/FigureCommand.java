package io.neuralstyle.cli;

import io.neuralstyle.figure.FigurePlan;
import io.neuralstyle.figure.FigureRunner;
import io.neuralstyle.figure.Figures;
import io.neuralstyle.figure.SheetRenderer;
import io.neuralstyle.transfer.Settings;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code neural-style figure layers|styles|tradeoff}: the paper's figures as labelled PNG sheets. */
@Command(name = "figure", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        sortOptions = false, usageHelpAutoWidth = true,
        description = {"Makes the paper's figures as one labelled PNG sheet each, in one process that loads the"
            + " network once. The time is estimated by a short calibration before the runs start.", ""},
        footerHeading = "%nExamples:%n",
        footer = {
            "  neural-style figure layers --content photo.jpg --style painting.jpg",
            "      Fig. 1: what each layer keeps of the photo and of the painting",
            "  neural-style figure styles --content photo.jpg --style a.jpg --style b.jpg",
            "      Fig. 2: the photo painted in each style",
            "  neural-style figure tradeoff --content photo.jpg --style painting.jpg",
            "      Fig. 3: columns are alpha/beta, rows more and more style layers"})
final class FigureCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    /** Without a subcommand there is nothing to make. */
    @Override
    public Integer call() {
        throw new UserException("choose a figure: layers, styles or tradeoff (see neural-style figure --help)");
    }

    @Command(name = "layers", mixinStandardHelpOptions = true, sortOptions = false, usageHelpAutoWidth = true,
            footerHeading = "%nExamples:%n",
            footer = {
            "  neural-style figure layers --content photo.jpg --style painting.jpg",
            "      the sheet as FIGURE-layers.png",
            "  neural-style figure layers --content photo.jpg --style painting.jpg --size 256",
            "      larger cells, slower"},
            description = "Fig. 1: the photo rebuilt from conv1_2 .. conv5_2 alone, and textures from the painting's"
                    + " Gram matrices on conv1_1, conv1_1..conv2_1, .. conv1_1..conv5_1, beside the two inputs.")
    int layers(@Mixin FigureOptions options,
            @Option(names = "--content", required = true, paramLabel = "FILE", description = "The photo.") Path content,
            @Option(names = "--style", required = true, paramLabel = "FILE", description = "The painting.") Path style) {
        return make(options, Figures.layers(options.base()), content, List.of(style), "figure-layers.png");
    }

    @Command(name = "styles", mixinStandardHelpOptions = true, sortOptions = false, usageHelpAutoWidth = true,
            footerHeading = "%nExamples:%n",
            footer = {
            "  neural-style figure styles --content photo.jpg --style a.jpg --style b.jpg",
            "      the photo in two styles, side by side",
            "  neural-style figure styles --content photo.jpg --style a.jpg --style-weight 30",
            "      more of the painting in each"},
            description = "Fig. 2: the photo, and one result per painting, each labelled with its painting.")
    int styles(@Mixin FigureOptions options,
            @Option(names = "--content", required = true, paramLabel = "FILE", description = "The photo.") Path content,
            @Option(names = "--style", required = true, paramLabel = "FILE",
                    description = "A painting; repeat for more.") List<Path> styles,
            @Option(names = "--style-weight", paramLabel = "BETA",
                    defaultValue = "" + Settings.DEFAULT_STYLE_WEIGHT,
                    description = "Weight of the style loss (alpha is 1). Default: ${DEFAULT-VALUE}.")
            double styleWeight) {
        List<String> names = new ArrayList<>();
        styles.forEach(s -> names.add(OutputFiles.stem(s)));
        FigurePlan plan = Figures.styles(options.base().toBuilder().styleWeight(styleWeight).build(), names);
        return make(options, plan, content, styles, "figure-styles.png");
    }

    @Command(name = "tradeoff", mixinStandardHelpOptions = true, sortOptions = false, usageHelpAutoWidth = true,
            footerHeading = "%nExamples:%n",
            footer = {
            "  neural-style figure tradeoff --content photo.jpg --style painting.jpg",
            "      the default ratios",
            "  neural-style figure tradeoff --content a.jpg --style b.jpg --ratios 1e-3,0.1",
            "      two columns only"},
            description = {"Fig. 3: columns are ratios alpha/beta of the content to the style weight, rows use the"
                + " style layers conv1_1, conv1_1..conv2_1, .. conv1_1..conv5_1; content from conv4_2.",
                "The ratios are for this program's relative loss terms (see the README): 1e-3 leaves little but"
                + " the texture, 1 keeps the photo's outlines under the painting's strokes. The paper's"
                + " 1e-5..1e-2 are for its raw Caffe losses."})
    int tradeoff(@Mixin FigureOptions options,
            @Option(names = "--content", required = true, paramLabel = "FILE", description = "The photo.") Path content,
            @Option(names = "--style", required = true, paramLabel = "FILE", description = "The painting.") Path style,
            @Option(names = "--ratios", split = ",", paramLabel = "RATIO",
                    description = "alpha/beta of each column. Default: 1e-3,1e-2,0.1,1.") List<Double> ratios) {
        List<Double> columns = ratios == null || ratios.isEmpty() ? Figures.DEFAULT_RATIOS : ratios;
        for (double ratio : columns) {
            if (!(ratio > 0) || Double.isInfinite(ratio)) {
                throw new UserException("--ratios must be positive numbers, got " + ratio);
            }
        }
        return make(options, Figures.tradeoff(options.base(), columns), content, List.of(style),
                "figure-tradeoff.png");
    }

    private int make(FigureOptions options, FigurePlan plan, Path content, List<Path> styles, String defaultName) {
        FigureExecution execution = new FigureExecution(options, content, styles);
        Path out = execution.output(options.output, defaultName);
        Path plot = execution.plot(options.plot, out);
        try {
            FigureRunner.Outcome outcome = execution.run(plan);
            EmbeddedSettings embedded = new EmbeddedSettings(
                    spec.root().commandLine().getParseResult().originalArgs(),
                    FigureExecution.describe(options, plan, execution.inputs()));
            OutputFiles.write(SheetRenderer.render(outcome.sheet()), out, embedded);
            execution.say("wrote %s%n", out);
            execution.writePlot(plot, plan, outcome, embedded);
            return outcome.stopped() ? 130 : 0;
        } finally {
            execution.finished();
        }
    }
}
