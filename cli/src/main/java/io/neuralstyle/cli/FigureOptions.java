package io.neuralstyle.cli;

import io.neuralstyle.transfer.SettingKey;
import io.neuralstyle.transfer.Settings;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine.Mixin;
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

    @Mixin
    SettingOptions seed = new SettingOptions(SettingKey.SEED);

    @Option(names = "--plot", paramLabel = "FILE.png", description = "Also write the loss curves as a PNG chart.")
    Path plot;

    @Mixin
    CommonOptions common;

    /** The settings every run of the figure starts from: the paper's single scale, whatever the size. */
    Settings base() {
        Settings.Builder b = Settings.builder().size(size).iterations(iterations).scaleIterations(List.of());
        return common.applyTo(seed.applyTo(b)).build();
    }
}
