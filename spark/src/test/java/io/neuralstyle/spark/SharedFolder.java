package io.neuralstyle.spark;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;

/** The read-only shared material (weights, images): NEURAL_STYLE_SHARED or ../shared; tests skip without it. */
final class SharedFolder {
    private SharedFolder() {
    }

    static Path orSkip(String relative) {
        String env = System.getenv("NEURAL_STYLE_SHARED");
        Stream<Path> roots = env != null && !env.isBlank() ? Stream.of(Path.of(env.trim()))
                : Stream.of(Path.of("../shared"), Path.of("../../shared"));
        Optional<Path> found = roots.map(r -> r.resolve(relative)).filter(Files::exists).findFirst();
        Assumptions.assumeTrue(found.isPresent(), relative + " not found: set NEURAL_STYLE_SHARED to the shared folder");
        return found.get().toAbsolutePath().normalize();
    }
}
