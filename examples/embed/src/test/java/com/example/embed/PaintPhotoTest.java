package com.example.embed;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.neuralstyle.image.Image;
import io.neuralstyle.image.ImageReader;
import io.neuralstyle.image.ImageWriter;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The guide's library example (docs/library.md), run as an application runs it: PaintPhoto in a JVM of its own, on
 * the run-time class path Maven resolves for a project that depends on the core and nothing else.
 */
class PaintPhotoTest {
    /** Test frameworks, PDF and plotting libraries: an embedding application must not get them. */
    private static final Pattern UNWANTED = Pattern.compile(
            "junit|opentest4j|apiguardian|testng|hamcrest|mockito|pdfbox|graphics2d|xchart|VectorGraphics2D",
            Pattern.CASE_INSENSITIVE);

    @Test
    void theRuntimeClassPathHoldsNoTestFrameworkPdfOrPlottingLibrary() throws IOException {
        List<String> entries = runtimeClassPath();
        assertTrue(entries.stream().anyMatch(e -> e.contains("tensorflow-core-native")), entries.toString());
        List<String> unwanted = entries.stream().filter(e -> UNWANTED.matcher(e).find()).toList();
        assertEquals(List.of(), unwanted);
    }

    @Test
    void paintsAPhotoAndWritesItsSettings(@TempDir Path dir) throws Exception {
        Path shared = sharedOrSkip();
        Path out = dir.resolve("out.png");
        String classPath = Path.of("target/classes").toAbsolutePath() + File.pathSeparator
                + String.join(File.pathSeparator, runtimeClassPath());
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        ProcessBuilder pb = new ProcessBuilder(java.toString(), "-cp", classPath, PaintPhoto.class.getName(),
                shared.resolve("images/tubingen.jpg").toString(), shared.resolve("images/starry_night.jpg").toString(),
                out.toString(), shared.resolve("models/vgg19-q8").toString(), "64", "20");
        // What docs/library.md tells embedders to do to keep TensorFlow's native start-up lines off stderr.
        pb.environment().put("TF_CPP_MIN_LOG_LEVEL", "2");
        pb.redirectOutput(dir.resolve("stdout.txt").toFile()).redirectError(dir.resolve("stderr.txt").toFile());
        Process p = pb.start();
        assertTrue(p.waitFor(5, TimeUnit.MINUTES), "PaintPhoto did not finish within 5 minutes");
        String stdout = Files.readString(dir.resolve("stdout.txt"));
        String stderr = Files.readString(dir.resolve("stderr.txt"));
        assertEquals(0, p.exitValue(), "stderr: " + stderr);
        assertFalse(stderr.contains("This TensorFlow binary is optimized"), stderr);

        // One line per iteration, "iteration loss", the loss going down.
        List<String[]> lines = stdout.lines().map(l -> l.trim().split(" ")).toList();
        assertTrue(lines.size() >= 5, stdout);
        assertEquals("1", lines.get(0)[0]);
        double first = Double.parseDouble(lines.get(0)[1]);
        double last = Double.parseDouble(lines.get(lines.size() - 1)[1]);
        assertTrue(last < 0.5 * first, "the loss went from " + first + " to " + last);

        Image painted = ImageReader.read(out);
        assertEquals(64, Math.max(painted.width(), painted.height()));
        assertEquals("64", ImageWriter.readPngText(out).get("size"));
    }

    /** The guide's code block (docs/library.md) is the code between the markers in PaintPhoto, so they cannot drift. */
    @Test
    void theGuideShowsThisExample() throws IOException {
        List<String> source = Files.readAllLines(Path.of("src/main/java/com/example/embed/PaintPhoto.java"));
        int begin = indexOf(source, "// README:begin");
        int end = indexOf(source, "// README:end");
        String indent = source.get(begin).substring(0, source.get(begin).indexOf("//"));
        String snippet = String.join("\n", source.subList(begin + 1, end).stream()
                .map(l -> l.startsWith(indent) ? l.substring(indent.length()) : l.strip()).toList());
        String guide = Files.readString(Path.of("../../docs/library.md"), StandardCharsets.UTF_8);
        assertTrue(guide.contains("```java\n" + snippet + "\n```"),
                "docs/library.md's example differs from PaintPhoto's; paste this into it:\n" + snippet);
    }

    private static int indexOf(List<String> lines, String marker) {
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).strip().equals(marker)) {
                return i;
            }
        }
        throw new AssertionError(marker + " not found in PaintPhoto.java");
    }

    private static List<String> runtimeClassPath() throws IOException {
        String text = Files.readString(Path.of("target/runtime-classpath.txt")).strip();
        return Arrays.asList(text.split(Pattern.quote(File.pathSeparator)));
    }

    /** The shared weights and images beside the project (or NEURAL_STYLE_SHARED), or the test is skipped. */
    private static Path sharedOrSkip() {
        String env = System.getenv("NEURAL_STYLE_SHARED");
        Stream<Path> roots = env != null && !env.isBlank() ? Stream.of(Path.of(env.trim()))
                : Stream.of(Path.of("../../../shared"));
        Path found = roots.filter(r -> Files.isRegularFile(r.resolve("models/vgg19-q8/manifest.json"))).findFirst()
                .orElse(null);
        Assumptions.assumeTrue(found != null,
                "../../../shared/models/vgg19-q8 not found: set NEURAL_STYLE_SHARED to the shared folder");
        return found.toAbsolutePath();
    }
}
