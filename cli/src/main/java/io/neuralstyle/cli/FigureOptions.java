package io.neuralstyle.cli;

import io.neuralstyle.engine.Pooling;
import io.neuralstyle.transfer.Settings;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine.Option;

/**
 * Options shared by the figure and reconstruct subcommands. Their defaults are small, so that a
 * figure of a dozen runs takes minutes: 128 px cells, 200 iterations.
 */
final class FigureOptions {
    static final int DEFAULT_SIZE = 128;
    static final int DEFAULT_ITERATIONS = 200;

    @Option(names = "--output", paramLabel = "FILE.png", description = "Where to write the PNG.")
    Path output;

    @Option(names = "--size", paramLabel = "PIXELS",
            description = "Longest side of each image. Default: ${DEFAULT-VALUE}.")
    int size = DEFAULT_SIZE;

    @Option(names = "--iterations", paramLabel = "N",
            description = "L-BFGS iterations of each run. Default: ${DEFAULT-VALUE}.")
    int iterations = DEFAULT_ITERATIONS;

    @Option(names = "--pooling", paramLabel = "avg|max",
            description = "Pooling between VGG blocks; the paper recommends average. Default: ${DEFAULT-VALUE}.")
    String pooling = "avg";

    @Option(names = "--seed", paramLabel = "N", description = "Seed of the starting noise. Default: ${DEFAULT-VALUE}.")
    long seed = 0;

    @Option(names = "--plot", paramLabel = "FILE.png", description = "Also write the loss curves as a PNG chart.")
    Path plot;

    @Option(names = "--weights", paramLabel = "PATH",
            description = "VGG19 weights: a q8 folder (manifest.json), a torchvision .pth, or a cached copy.")
    Path weights;

    @Option(names = "--threads", paramLabel = "N",
            description = "Threads for the network; 0: one per processor. Default: ${DEFAULT-VALUE}.")
    int threads = 0;

    @Option(names = "--quiet", description = "Print nothing but errors.")
    boolean quiet;

    /** The settings every run of the figure starts from: the paper's single scale, whatever the size. */
    Settings base() {
        return Settings.builder().size(size).iterations(iterations).scaleIterations(List.of())
                .pooling(Pooling.parse(pooling)).seed(seed).threads(threads).build();
    }
}
