package io.neuralstyle.cli;

import io.neuralstyle.SharedData;
import java.nio.file.Path;

/** The read-only shared material (real weights, images): see {@link SharedData}. */
final class SharedFolder {
    private SharedFolder() {
    }

    static Path orSkip(String relative) {
        return SharedData.orSkip(relative);
    }
}
