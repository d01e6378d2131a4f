package io.neuralstyle.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The {@code neural-style} launcher under every shell it claims to run in (dash, bash in POSIX
 * mode, zsh) and under shellcheck. It runs in a copy of the project's layout whose jar only echoes
 * what it was given, and with a stand-in for mvn, so that no real build runs inside the test run.
 */
class LauncherTest {
    private static final Path LAUNCHER = Path.of("../neural-style").toAbsolutePath().normalize();
    private static final Instant SOURCES_TIME = Instant.parse("2026-01-01T00:00:00Z");
    private static final Instant JAR_TIME = Instant.parse("2026-01-02T00:00:00Z");

    @TempDir
    static Path classes;
    static Path echoJar;

    /** A jar whose main class prints its arguments, one per line in brackets, and what else it was given. */
    @BeforeAll
    static void buildEchoJar() throws IOException {
        Path src = classes.resolve("Echo.java");
        Files.writeString(src, """
                public class Echo {
                    public static void main(String[] args) {
                        for (String a : args) System.out.println("[" + a + "]");
                        System.out.println("probe=" + System.getProperty("probe") + " probe2=" + System.getProperty("probe2"));
                        System.out.println("TF_CPP_MIN_LOG_LEVEL=" + System.getenv("TF_CPP_MIN_LOG_LEVEL"));
                    }
                }
                """);
        assertEquals(0, ToolProvider.getSystemJavaCompiler().run(null, null, null, "-d", classes.toString(),
                src.toString()));
        echoJar = classes.resolve("echo.jar");
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        manifest.getMainAttributes().put(Attributes.Name.MAIN_CLASS, "Echo");
        try (JarOutputStream jar = new JarOutputStream(Files.newOutputStream(echoJar), manifest)) {
            jar.putNextEntry(new JarEntry("Echo.class"));
            jar.write(Files.readAllBytes(classes.resolve("Echo.class")));
            jar.closeEntry();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"neural-style", "neural-style-spark"})
    void shellcheckFindsNothing(String launcher) throws Exception {
        Assumptions.assumeTrue(onPath("shellcheck"), "shellcheck not found: apt-get install shellcheck (.ci/run does)");
        Run r = run(List.of("shellcheck", "-s", "sh", LAUNCHER.resolveSibling(launcher).toString()), null, null,
                List.of());
        assertEquals(0, r.code, r.output);
    }

    @ParameterizedTest
    @ValueSource(strings = {"dash", "bash --posix", "zsh"})
    void runsTheJarWithTheArgumentsAsGiven(String shell, @TempDir Path dir) throws Exception {
        Path project = project(dir);
        Run r = run(command(shell, project.resolve("neural-style"), "--content", "my photo.jpg", "it's \"quoted\"",
                ""), project, dir.resolve("bin"), List.of("JAVA_OPTS=-Dprobe=1 -Dprobe2=two"));
        assertEquals(0, r.code, r.output);
        assertEquals("[--content]\n[my photo.jpg]\n[it's \"quoted\"]\n[]\nprobe=1 probe2=two\nTF_CPP_MIN_LOG_LEVEL=2\n",
                r.output);
        assertFalse(Files.exists(project.resolve("built")), "nothing was newer than the jar, so no build");
    }

    @ParameterizedTest
    @ValueSource(strings = {"dash", "bash --posix", "zsh"})
    void findsItsProjectThroughASymbolicLink(String shell, @TempDir Path dir) throws Exception {
        Path project = project(dir);
        Path bin = Files.createDirectories(dir.resolve("elsewhere/tools"));
        Files.createSymbolicLink(bin.resolve("neural-style"), Path.of("../../project/neural-style"));
        Run r = run(command(shell, bin.resolve("neural-style"), "x"), bin, dir.resolve("bin"), List.of());
        assertEquals(0, r.code, r.output);
        assertTrue(r.output.startsWith("[x]\n"), r.output);
    }

    @ParameterizedTest
    @ValueSource(strings = {"dash", "bash --posix", "zsh"})
    void buildsWhenASourceIsNewerThanTheJar(String shell, @TempDir Path dir) throws Exception {
        Path project = project(dir);
        Files.setLastModifiedTime(project.resolve("core/src/main/A.java"), FileTime.from(Instant.now()));
        Run r = run(command(shell, project.resolve("neural-style"), "x"), project, dir.resolve("bin"), List.of());
        assertEquals(0, r.code, r.output);
        assertEquals("-q -B -DskipTests -pl cli -am package\n", Files.readString(project.resolve("built")));
        assertTrue(r.output.contains("building the program") && r.output.contains("[x]"), r.output);

        // Maven left the jar's time as it was: the launcher marks it built, so the next start does not build.
        Run again = run(command(shell, project.resolve("neural-style"), "y"), project, dir.resolve("bin"), List.of());
        assertEquals(0, again.code, again.output);
        assertEquals("-q -B -DskipTests -pl cli -am package\n", Files.readString(project.resolve("built")));
        assertFalse(again.output.contains("building the program"), again.output);
    }

    @ParameterizedTest
    @ValueSource(strings = {"dash", "bash --posix", "zsh"})
    void aFailedBuildShowsItsOutputAndStops(String shell, @TempDir Path dir) throws Exception {
        Path project = project(dir);
        Files.delete(project.resolve("cli/target/neural-style.jar"));
        Files.writeString(project.resolve("fail"), "");
        Run r = run(command(shell, project.resolve("neural-style"), "x"), project, dir.resolve("bin"), List.of());
        assertEquals(1, r.code, r.output);
        assertTrue(r.output.contains("COMPILATION ERROR (from the stand-in mvn)"), r.output);
        assertTrue(r.output.contains("the build failed (output above); run 'mvn -DskipTests -pl cli -am package'"),
                r.output);
        assertFalse(r.output.contains("[x]"), "the program did not run");
    }

    /** The project's layout with the echo jar as the program and sources older than it, and a stand-in mvn. */
    private static Path project(Path dir) throws IOException {
        Path project = Files.createDirectories(dir.resolve("project"));
        Files.copy(LAUNCHER, project.resolve("neural-style"));
        // The stand-in mvn records its arguments and puts the jar in place where it is missing, or fails
        // when asked to. Like Maven, it leaves a jar whose own classes did not change as it was.
        Path mvn = Files.createDirectories(dir.resolve("bin")).resolve("mvn");
        Files.writeString(mvn, "#!/bin/sh\n"
                + "if [ -f fail ]; then echo 'COMPILATION ERROR (from the stand-in mvn)'; exit 1; fi\n"
                + "echo \"$*\" >> built\n"
                + "[ -f cli/target/neural-style.jar ] || cp '" + echoJar + "' cli/target/neural-style.jar\n");
        Files.setPosixFilePermissions(mvn, PosixFilePermissions.fromString("rwxr-xr-x"));
        for (String f : List.of("pom.xml", "core/pom.xml", "figures/pom.xml", "web/pom.xml", "batch/pom.xml",
                "video/pom.xml", "cli/pom.xml", "core/src/main/A.java", "figures/src/main/B.java",
                "web/src/main/D.java", "batch/src/main/E.java", "video/src/main/F.java", "cli/src/main/C.java",
                ".mvn/maven.config")) {
            Path p = project.resolve(f);
            Files.createDirectories(p.getParent());
            Files.writeString(p, "");
            Files.setLastModifiedTime(p, FileTime.from(SOURCES_TIME));
        }
        Path jar = Files.createDirectories(project.resolve("cli/target")).resolve("neural-style.jar");
        Files.copy(echoJar, jar);
        // Folders count too (a file added or deleted changes its folder's time): all older than the jar.
        try (var all = Files.walk(project)) {
            for (Path p : all.toList()) {
                Files.setLastModifiedTime(p, FileTime.from(SOURCES_TIME));
            }
        }
        Files.setLastModifiedTime(jar, FileTime.from(JAR_TIME));
        Files.setPosixFilePermissions(project.resolve("neural-style"), PosixFilePermissions.fromString("rwxr-xr-x"));
        return project;
    }

    private static List<String> command(String shell, Path script, String... args) {
        String[] words = shell.split(" ");
        Assumptions.assumeTrue(onPath(words[0]), words[0] + " not found: apt-get install " + words[0] + " (.ci/run does)");
        List<String> command = new ArrayList<>(List.of(words));
        command.add(script.toString());
        command.addAll(List.of(args));
        return command;
    }

    private record Run(int code, String output) {
    }

    private static Run run(List<String> command, Path workDir, Path standIns, List<String> env) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        if (workDir != null) {
            pb.directory(workDir.toFile());
            // The stand-in mvn comes first; java is found where it was.
            String path = standIns + File.pathSeparator
                    + Path.of(System.getProperty("java.home"), "bin") + File.pathSeparator + System.getenv("PATH");
            pb.environment().put("PATH", path);
        }
        pb.environment().remove("TF_CPP_MIN_LOG_LEVEL");
        pb.environment().remove("JAVA_OPTS");
        for (String e : env) {
            pb.environment().put(e.substring(0, e.indexOf('=')), e.substring(e.indexOf('=') + 1));
        }
        Process p = pb.start();
        try (OutputStream in = p.getOutputStream()) {
            // no input
        }
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(1, TimeUnit.MINUTES), "the launcher did not finish in a minute");
        return new Run(p.exitValue(), output);
    }

    private static boolean onPath(String program) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            if (Files.isExecutable(Path.of(dir, program))) {
                return true;
            }
        }
        return false;
    }
}
