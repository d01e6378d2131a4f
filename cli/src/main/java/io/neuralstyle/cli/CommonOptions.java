package io.neuralstyle.cli;

import io.neuralstyle.model.ModelStore;
import io.neuralstyle.model.Weights;
import io.neuralstyle.transfer.SettingKey;
import io.neuralstyle.transfer.Settings;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * The options every command that runs the network shares (the transfer command, figure,
 * reconstruct, bench and bench schedules): the weights, the network's settings {@code --threads},
 * {@code --pooling} and {@code --precision} (made from the core's table, see {@link SettingOptions}),
 * and {@code --quiet}.
 */
final class CommonOptions {
    /** The settings of how the network runs, which every command that runs it takes. */
    static final List<SettingKey> NETWORK = List.of(SettingKey.THREADS, SettingKey.POOLING, SettingKey.PRECISION,
            SettingKey.DEVICE);

    @Option(names = "--weights", paramLabel = "PATH",
            description = "VGG19 weights: a q8 folder (manifest.json), a torchvision .pth, or a cached copy."
                    + " Default: " + ModelStore.DEFAULTS_TEXT + ".")
    Path weights;

    @Mixin
    SettingOptions network = new SettingOptions(NETWORK.toArray(SettingKey[]::new));

    @Option(names = "--quiet", description = "Print nothing but errors (and a benchmark's results).")
    boolean quiet;

    /** The builder with --threads, --pooling and --precision set where they were given. */
    Settings.Builder applyTo(Settings.Builder builder) {
        return network.applyTo(builder);
    }

    /** The weights named by --weights or found in the usual places, with a progress bar if downloaded. */
    Weights loadWeights() {
        return WeightsLoading.load(weights, quiet);
    }
}
