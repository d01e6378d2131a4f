package io.neuralstyle;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;

/**
 * Finds the read-only shared material (real weights, paintings, photos) that tests use in place and
 * never copy into the project: the folder named by the environment variable
 * {@value #ENV}, else {@code ../shared}, {@code ../../shared} or {@code ../../../shared} from the
 * working directory (the project root, a module folder, or the example under examples/). Tests that need it skip, with a message saying how to provide
 * it, where it is absent.
 */
public final class SharedData {

    /** Environment variable naming the shared folder (the one holding models/ and images/). */
    public static final String ENV = "NEURAL_STYLE_SHARED";
    /** System property that {@code mvn test -Pfast} sets to {@code fast}: the tests that need the folder are left out. */
    public static final String SUBSET = "neural-style.tests";

    /** The test classes already told about, so that each says why it skips once, not once per test. */
    private static final Set<String> TOLD = ConcurrentHashMap.newKeySet();

    private SharedData() {
    }

    /** The shared folder, when there is one. */
    public static Optional<Path> root() {
        if (fast()) {
            return Optional.empty();
        }
        String env = System.getenv(ENV);
        Stream<Path> candidates = env != null && !env.isBlank()
                ? Stream.of(Path.of(env.trim()))
                : Stream.of(Path.of("../shared"), Path.of("../../shared"), Path.of("../../../shared"));
        return candidates
                .filter(p -> Files.isDirectory(p.resolve("models")) || Files.isDirectory(p.resolve("images")))
                .map(p -> p.toAbsolutePath().normalize())
                .findFirst();
    }

    /** {@code models/vgg19-q8} (the folder holding manifest.json), or the test is skipped. */
    public static Path q8WeightsOrSkip() {
        Optional<Path> dir = root().map(r -> r.resolve("models/vgg19-q8"))
                .filter(d -> Files.isRegularFile(d.resolve("manifest.json")));
        assumeFound(dir.isPresent(), "models/vgg19-q8");
        return dir.get();
    }

    /** {@code images/<name>}, or the test is skipped. */
    public static Path imageOrSkip(String name) {
        Optional<Path> file = root().map(r -> r.resolve("images").resolve(name)).filter(Files::isRegularFile);
        assumeFound(file.isPresent(), "images/" + name);
        return file.get();
    }

    /** {@code relative} inside the shared folder (a file or a folder), or the test is skipped. */
    public static Path orSkip(String relative) {
        Optional<Path> found = root().map(r -> r.resolve(relative)).filter(Files::exists);
        assumeFound(found.isPresent(), relative);
        return found.get();
    }

    private static boolean fast() {
        return "fast".equals(System.getProperty(SUBSET));
    }

    /**
     * Skips the test when {@code found} is false. Surefire shows a skipped class as "Tests run: 0" with
     * no reason, so the reason also goes to the console, once per test class.
     */
    private static void assumeFound(boolean found, String relative) {
        if (!found) {
            String why = where(relative);
            String test = StackWalker.getInstance(StackWalker.Option.RETAIN_CLASS_REFERENCE).walk(frames -> frames
                    .map(StackWalker.StackFrame::getDeclaringClass).filter(c -> c != SharedData.class)
                    .map(c -> c.getName().replaceAll("\\$.*", "")).findFirst().orElse("a test"));
            if (TOLD.add(test)) {
                System.out.println("[SKIPPED] " + test.substring(test.lastIndexOf('.') + 1) + ": " + why);
            }
        }
        Assumptions.assumeTrue(found, () -> where(relative));
    }

    private static String where(String relative) {
        if (fast()) {
            return "left out by -Pfast: it needs the shared folder (" + relative + ")";
        }
        String env = System.getenv(ENV);
        String base = env != null && !env.isBlank() ? env.trim() : "../shared";
        return base + "/" + relative + " not found: set " + ENV + " to the shared folder";
    }
}
