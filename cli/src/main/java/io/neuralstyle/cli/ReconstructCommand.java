package io.neuralstyle.cli;

import io.neuralstyle.figure.FigureCell;
import io.neuralstyle.figure.FigurePlan;
import io.neuralstyle.figure.FigureRunner;
import io.neuralstyle.figure.Figures;
import io.neuralstyle.model.Vgg19;
import io.neuralstyle.transfer.Result;
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

/** {@code neural-style reconstruct content|style}: what one layer, or a set of layers, keeps of an image. */
@Command(name = "reconstruct", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        sortOptions = false, usageHelpAutoWidth = true, subcommandsRepeatable = false,
        description = {"Synthesizes an image from white noise that matches only what some layers of VGG19 see"
            + " of an image (the paper's Fig. 1).", ""},
        footerHeading = "%nExamples:%n",
        footer = {
            "  neural-style reconstruct content --image photo.jpg --layer conv2_2",
            "      the photo as conv2_2's feature maps describe it: nearly the photo",
            "  neural-style reconstruct content --image photo.jpg --layer conv5_2",
            "      the arrangement is kept, the exact pixels are not",
            "  neural-style reconstruct style --image painting.jpg --layers conv1_1,conv3_1",
            "      a texture with the painting's Gram matrices on those layers"})
final class ReconstructCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    /** Without a subcommand there is nothing to make. */
    @Override
    public Integer call() {
        throw new UserException("choose what to reconstruct: content or style (see neural-style reconstruct --help)");
    }

    @Command(name = "content", mixinStandardHelpOptions = true, sortOptions = false, usageHelpAutoWidth = true,
            footerHeading = "%nExamples:%n",
            footer = {
            "  neural-style reconstruct content --image photo.jpg --layer conv2_2",
            "      nearly the photo",
            "  neural-style reconstruct content --image photo.jpg --layer conv4_2 --size 256",
            "      the paper's content layer, at 256 px"},
            description = "Rebuilds an image from white noise so that its feature maps on one layer match the"
                    + " image's: the paper's content reconstruction.")
    int content(@Mixin FigureOptions options,
            @Option(names = "--image", required = true, paramLabel = "FILE", description = "The image to rebuild.")
            Path image,
            @Option(names = "--layer", required = true, paramLabel = "LAYER",
                    description = "One layer, conv1_1 .. conv5_4.") String layer) {
        String name = layerName("--layer", layer);
        Settings settings = Figures.contentReconstruction(options.base(), name);
        FigureCell cell = FigureCell.run(0, 0, "content from " + name, -1, settings);
        return run(options, image, cell, OutputFiles.stem(image) + "-content-" + name + ".png");
    }

    @Command(name = "style", mixinStandardHelpOptions = true, sortOptions = false, usageHelpAutoWidth = true,
            footerHeading = "%nExamples:%n",
            footer = {
            "  neural-style reconstruct style --image painting.jpg --layers conv1_1",
            "      the painting's colours and finest grain only",
            "  neural-style reconstruct style --image painting.jpg --layers conv3_1,conv5_1",
            "      larger patterns: the deeper layers see strokes and motifs"},
            description = "Synthesizes a texture from white noise whose Gram matrices on the given layers match"
                    + " the image's: the paper's style reconstruction.")
    int style(@Mixin FigureOptions options,
            @Option(names = "--image", required = true, paramLabel = "FILE", description = "The painting.")
            Path image,
            @Option(names = "--layers", required = true, split = ",", paramLabel = "LAYER",
                    description = "Layers whose Gram matrices to match, e.g. conv1_1,conv2_1,conv3_1.")
            List<String> layers) {
        List<String> names = new ArrayList<>();
        layers.forEach(l -> names.add(layerName("--layers", l)));
        Settings settings = Figures.styleReconstruction(options.base(), names);
        FigureCell cell = FigureCell.run(0, 0, "style from " + String.join(",", names), 0, settings);
        return run(options, image, cell, OutputFiles.stem(image) + "-style-" + String.join("-", names) + ".png");
    }

    /** The paper's name of a layer the user gave, or a one-line error naming the option. */
    private static String layerName(String option, String name) {
        if (!Vgg19.LAYERS.contains(name)) {
            try {
                return Vgg19.canonical(name);
            } catch (IllegalArgumentException e) {
                throw new UserException(option + ": " + e.getMessage());
            }
        }
        return name;
    }

    private int run(FigureOptions options, Path image, FigureCell cell, String defaultName) {
        FigureExecution execution = cell.usesContent() ? new FigureExecution(options, image, List.of())
                : new FigureExecution(options, null, List.of(image));
        Path out = execution.output(options.output, defaultName);
        Path plot = execution.plot(options.plot, out);
        FigurePlan plan = new FigurePlan(cell.caption(), null, null, null, List.of(), List.of(), 1, 1, List.of(cell));
        try {
            FigureRunner.Outcome outcome = execution.run(plan);
            Result result = outcome.results().get(cell);
            EmbeddedSettings embedded = new EmbeddedSettings(
                    spec.root().commandLine().getParseResult().originalArgs(),
                    FigureExecution.describe(options, plan, execution.inputs()));
            OutputFiles.write(result.image(), out, embedded);
            execution.say("wrote %s (%dx%d, %d iterations)%n", out, result.image().width(), result.image().height(),
                    result.iterations());
            execution.writePlot(plot, plan, outcome, embedded);
            return outcome.stopped() ? 130 : 0;
        } finally {
            execution.finished();
        }
    }
}
