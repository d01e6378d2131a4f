package io.neuralstyle.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.neuralstyle.SharedData;
import io.neuralstyle.transfer.Settings;
import io.neuralstyle.transfer.SettingsFile;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * --save-settings keeps what the user chose, not what was worked out for one size or machine, so a
 * file saved at one size gives another size that size's own schedule.
 */
class SaveSettingsTest {
    @TempDir
    Path dir;

    private static Settings parse(String... args) {
        TransferCommand command = new TransferCommand();
        new CommandLine(command).parseArgs(args);
        return command.settings();
    }

    @Test
    void aFileSavedAtOneSizeGivesAnotherSizeItsOwnSchedule() throws Exception {
        String photo = SharedData.imageOrSkip("tubingen.jpg").toString();
        String painting = SharedData.imageOrSkip("starry_night.jpg").toString();
        Path saved = dir.resolve("mine.json");
        assertEquals(0, Main.run("--content", photo, "--style", painting, "--size", "96", "--style-weight", "30",
                "--weights", SharedData.q8WeightsOrSkip().toString(), "--dry-run", "--quiet",
                "--output", dir.resolve("out.png").toString(), "--save-settings", saved.toString()));

        assertEquals(Map.of("size", "96", "style-weight", "30"), SettingsFile.read(saved), "what was chosen, only");
        Settings at512 = parse("--content", photo, "--style", painting, "--settings", saved.toString(),
                "--size", "512");
        // The reference: the core's own defaults for 512 px, with the one setting chosen.
        assertEquals(Settings.builder().size(512).styleWeight(30).build(), at512);
        assertEquals(Settings.defaultScaleIterations(512), at512.scaleIterations(), "coarse to fine at 512 px");
        assertTrue(!at512.scaleIterations().isEmpty());
    }

    @Test
    void aPresetIsSavedByNameAndAnExplicitOptionOverridesIt() throws Exception {
        String photo = SharedData.imageOrSkip("tubingen.jpg").toString();
        String painting = SharedData.imageOrSkip("starry_night.jpg").toString();
        Path saved = dir.resolve("draft.json");
        assertEquals(0, Main.run("--content", photo, "--style", painting, "--quality", "draft",
                "--weights", SharedData.q8WeightsOrSkip().toString(), "--dry-run", "--quiet",
                "--output", dir.resolve("out.png").toString(), "--save-settings", saved.toString()));
        assertEquals(Map.of("quality", "draft"), SettingsFile.read(saved), "the preset by name, not its schedule");

        Settings fromFile = parse("--content", photo, "--style", painting, "--settings", saved.toString());
        assertEquals(Settings.builder().quality(io.neuralstyle.transfer.Quality.DRAFT).build(), fromFile);
        Settings overridden = parse("--content", photo, "--style", painting, "--settings", saved.toString(),
                "--iterations", "33");
        assertEquals(33, overridden.iterations());
        assertEquals(fromFile.scaleIterations(), overridden.scaleIterations());
    }

    @Test
    void anOldFileThatPinsAWorkedOutScheduleSaysSoOnce() throws Exception {
        // What --save-settings wrote before: every setting, the schedule worked out for 96 px included.
        Path old = dir.resolve("old.json");
        SettingsFile.write(old, Settings.builder().size(96).styleWeight(30).build().describe());

        List<String> err = stderrOf("--content", "absent.jpg", "--style", "absent.jpg", "--settings", old.toString(),
                "--size", "512");
        List<String> notes = err.stream().filter(l -> l.startsWith("neural-style: note: ")).toList();
        assertEquals(1, notes.size(), String.join("\n", err));
        assertEquals("neural-style: note: " + old + " pins iterations 500 (this run would use 100), scale-iterations"
                + " none (this run would use 300,300), which an older --save-settings worked out for its size and"
                + " machine; they are used as they are: delete them from the file to have them worked out for each"
                + " run", notes.get(0));

        assertEquals(List.of(), stderrOf("--content", "absent.jpg", "--style", "absent.jpg", "--settings",
                old.toString()).stream().filter(l -> l.contains("note:")).toList(), "at its own size, nothing to say");
    }

    private static List<String> stderrOf(String... args) {
        StringWriter err = new StringWriter();
        CommandLine cl = Main.commandLine();
        cl.setErr(new PrintWriter(err, true));
        cl.execute(args);
        return err.toString().lines().toList();
    }
}
