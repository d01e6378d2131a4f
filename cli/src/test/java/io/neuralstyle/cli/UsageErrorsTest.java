package io.neuralstyle.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * A command line that cannot be run: exit code 2 and exactly one line on standard error saying what
 * is wrong and where the help is, nothing on standard output (no 200 lines of help after the error).
 */
class UsageErrorsTest {
    record Outcome(int exitCode, List<String> err, String out) {
    }

    static Outcome run(String... args) {
        CommandLine cl = Main.commandLine();
        StringWriter err = new StringWriter();
        StringWriter out = new StringWriter();
        cl.setErr(new PrintWriter(err, true));
        cl.setOut(new PrintWriter(out, true));
        int code = cl.execute(args);
        return new Outcome(code, err.toString().lines().toList(), out.toString());
    }

    private static void assertUsageError(String line, String... args) {
        Outcome o = run(args);
        assertEquals(List.of(line), o.err(), "one line on stderr");
        assertEquals(2, o.exitCode(), "exit code of a usage error");
        assertEquals("", o.out(), "nothing on stdout");
    }

    @Test
    void aMissingStyleOrContentIsAUsageError() {
        assertUsageError("neural-style: give a painting with --style; see 'neural-style --help'",
                "--content", "photo.jpg");
        assertUsageError("neural-style: give the photo to paint with --content; see 'neural-style --help'",
                "--style", "painting.jpg");
        assertUsageError("neural-style: give a photo with --content and a painting with --style;"
                + " see 'neural-style --help'");
    }

    @Test
    void aBatchWithoutItsInputsIsAUsageError() {
        assertUsageError("neural-style: give photos with --content and paintings with --style (files or folders),"
                + " or a --manifest; see 'neural-style batch --help'", "batch", "--style", "painting.jpg");
    }

    @Test
    void aMisspeltOptionIsNamedOnceWithTheOptionMeant() {
        assertUsageError("neural-style: unknown option --stlye (did you mean --style?); see 'neural-style --help'",
                "--content", "photo.jpg", "--stlye", "x.jpg");
        assertUsageError("neural-style: unknown option --stlye (did you mean --style?); see 'neural-style --help'",
                "--content", "photo.jpg", "--stlye=x.jpg");
    }

    @Test
    void aMalformedNumberIsOneLineNotTheHelp() {
        assertUsageError("neural-style: invalid value for option '--size': takes a whole number, got 'abc';"
                + " see 'neural-style --help'", "--content", "photo.jpg", "--style", "painting.jpg", "--size", "abc");
    }

    @Test
    void zeroIterationsIsRefusedInsteadOfWritingTheNoise() {
        assertUsageError("neural-style: --iterations: must be at least 1, got 0: with none the result would be the"
                + " starting image, unpainted", "--content", "photo.jpg", "--style", "painting.jpg", "--iterations", "0");
    }

    /** Refused before the clip is opened or the weights loaded: the video's settings are options like the others. */
    @Test
    void aBadVideoQualityIsOneLineNamingTheLevels() {
        assertUsageError("neural-style: --video-quality must be high, medium or small, got 'best';"
                + " see 'neural-style video --help'", "video", "--input", "clip.mp4", "--style", "painting.jpg",
                "--output", "out.mp4", "--video-quality", "best");
        assertUsageError("neural-style: --temporal-weight must be a finite number, 0 or more, got -1.0;"
                + " see 'neural-style video --help'", "video", "--input", "clip.mp4", "--style", "painting.jpg",
                "--output", "out.mp4", "--temporal-weight", "-1");
    }

    @Test
    void aSubcommandsUsageErrorPointsToItsOwnHelp() {
        Outcome o = run("figure", "layers", "--content", "photo.jpg", "--style", "painting.jpg", "--nope");
        assertEquals(2, o.exitCode());
        assertEquals(List.of("neural-style: unknown option --nope; see 'neural-style figure layers --help'"), o.err());
    }
}
