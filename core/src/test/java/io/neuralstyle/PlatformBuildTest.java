package io.neuralstyle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Each platform's build takes that platform's TensorFlow native library, as the README says: Maven
 * itself resolves the core's dependency tree (poms only: no native library is downloaded) for each
 * way of choosing the platform.
 */
@Tag("slow") // runs mvn six times; left out by -Pfast
class PlatformBuildTest {
    private static final Pattern NATIVE = Pattern.compile("org\\.tensorflow:tensorflow-core-native:jar:([a-z0-9_-]+):");

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = ';', value = {
        "this machine (Linux x86-64);                         ;linux-x86_64",
        "-Djavacpp.platform=macosx-arm64;  -Djavacpp.platform=macosx-arm64;  macosx-arm64",
        "-Djavacpp.platform=windows-x86_64;-Djavacpp.platform=windows-x86_64;windows-x86_64",
        "-Djavacpp.platform=linux-arm64;   -Djavacpp.platform=linux-arm64;   linux-arm64",
        "-Pgpu;                            -Pgpu;                            linux-x86_64-gpu",
        "-Dall-platforms;                  -Dall-platforms;                  linux-x86_64 linux-arm64 macosx-arm64 windows-x86_64",
    })
    void theBuildTakesThePlatformsNativeLibrary(String name, String option, String expected, @TempDir Path dir)
            throws Exception {
        Assumptions.assumeTrue(System.getProperty("os.name").equals("Linux")
                && System.getProperty("os.arch").equals("amd64"), "the default case assumes a Linux x86-64 build machine");
        Path mvn = mavenOrSkip();
        Path root = Path.of("..").toAbsolutePath().normalize();
        Path tree = dir.resolve("tree.txt");
        List<String> command = new ArrayList<>(List.of(mvn.toString(), "-B", "-q", "-f", root.resolve("pom.xml").toString(),
                "-pl", "core", "dependency:tree", "-DoutputFile=" + tree));
        if (option != null) {
            command.add(option);
        }
        Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(dir.resolve("mvn.log").toFile())
                .start();
        assertTrue(p.waitFor(3, TimeUnit.MINUTES), "mvn dependency:tree did not finish in 3 minutes");
        assertEquals(0, p.exitValue(), Files.readString(dir.resolve("mvn.log")));

        List<String> natives = new ArrayList<>();
        for (String line : Files.readAllLines(tree)) {
            Matcher m = NATIVE.matcher(line);
            if (m.find()) {
                natives.add(m.group(1));
            }
        }
        assertEquals(List.of(expected.split(" ")), natives, Files.readString(tree));
    }

    /** Maven, from MAVEN_HOME or the PATH (the test command runs in Maven, so it is there). */
    private static Path mavenOrSkip() {
        String home = System.getenv("MAVEN_HOME");
        Stream<Path> dirs = Stream.concat(home == null ? Stream.empty() : Stream.of(Path.of(home, "bin")),
                Stream.of(System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)).map(Path::of));
        Path mvn = dirs.map(d -> d.resolve("mvn")).filter(Files::isExecutable).findFirst().orElse(null);
        Assumptions.assumeTrue(mvn != null, "mvn not found on the PATH: put Maven's bin folder on it to run this test");
        return mvn;
    }
}
