package io.neuralstyle.cli;

import io.neuralstyle.model.ModelStore;
import io.neuralstyle.model.Weights;
import java.nio.file.Path;

/** Finds the weights for a run, showing a progress bar if they must be downloaded first. */
final class WeightsLoading {
    private WeightsLoading() {
    }

    /**
     * @param explicit the {@code --weights} value, or null: a path, or {@code torchvision} for
     *     torchvision's VGG19 (see {@link ModelStore})
     */
    static Weights load(Path explicit, boolean quiet) {
        return ModelStore.defaults().resolve(explicit, new DownloadProgress(quiet));
    }
}
