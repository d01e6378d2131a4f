package io.neuralstyle.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.neuralstyle.SharedData;
import io.neuralstyle.engine.Pooling;
import io.neuralstyle.image.Image;
import io.neuralstyle.image.ImageException;
import io.neuralstyle.image.ImageWriter;
import io.neuralstyle.model.WeightsException;
import io.neuralstyle.transfer.Init;
import io.neuralstyle.transfer.ResultText;
import io.neuralstyle.transfer.SettingKey;
import io.neuralstyle.transfer.Settings;
import io.neuralstyle.transfer.TransferException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/** The settings options against the core's table, --settings and --save-settings, and how errors are shown. */
class SettingsOptionsTest {
    @TempDir
    Path dir;

    private static Settings parse(String... args) {
        TransferCommand command = new TransferCommand();
        new CommandLine(command).parseArgs(args);
        return command.settings();
    }

    record Outcome(int exitCode, String stderr) {
    }

    /** The command line in this process, as Main runs it, with what it prints on standard error. */
    private static Outcome run(String... args) {
        StringWriter err = new StringWriter();
        CommandLine cl = Main.commandLine();
        cl.setErr(new PrintWriter(err, true));
        int code = cl.execute(args);
        return new Outcome(code, err.toString().trim());
    }

    private Path file(String name, String json) throws Exception {
        Path p = dir.resolve(name);
        Files.writeString(p, json);
        return p;
    }

    @Test
    void everySettingHasExactlyOneOptionNamedByItsKeyWithTheCoresHelpAndDefault() {
        CommandSpec spec = Main.commandLine().getCommandSpec();
        for (SettingKey key : SettingKey.values()) {
            List<OptionSpec> named = spec.options().stream()
                    .filter(o -> List.of(o.names()).contains("--" + key.key())).toList();
            assertEquals(1, named.size(), "one --" + key.key());
            String help = String.join(" ", named.get(0).description());
            assertTrue(help.contains(key.description()) && help.contains("Default: " + key.defaultText() + "."), help);
            assertEquals(key.form(), named.get(0).paramLabel());
        }
        Set<String> notSettings = Set.of("--content", "--style", "--mask", "--output", "--settings", "--save-settings",
                "--save-every", "--plot", "--weights", "--quiet", "--help", "--version", "--checkpoint-every", "--restart",
                "--dry-run");
        for (OptionSpec o : spec.options()) {
            String name = o.longestName();
            assertTrue(notSettings.contains(name) || SettingKey.find(name.substring(2)).isPresent(),
                    name + " is a setting, so it belongs in the core's table");
        }
    }

    @Test
    void everyCommandThatRunsTheNetworkSharesTheSameOptions() {
        CommandLine top = Main.commandLine();
        List<CommandLine> commands = List.of(top, top.getSubcommands().get("figure").getSubcommands().get("layers"),
                top.getSubcommands().get("figure").getSubcommands().get("styles"),
                top.getSubcommands().get("reconstruct").getSubcommands().get("content"),
                top.getSubcommands().get("bench"), top.getSubcommands().get("bench").getSubcommands().get("schedules"));
        String weightsHelp = String.join(" ", top.getCommandSpec().findOption("--weights").description());
        for (CommandLine cl : commands) {
            CommandSpec spec = cl.getCommandSpec();
            for (SettingKey key : CommonOptions.NETWORK) {
                OptionSpec o = spec.findOption("--" + key.key());
                assertTrue(o != null && String.join(" ", o.description()).contains(key.description()),
                        spec.qualifiedName() + " --" + key.key());
            }
            assertEquals(weightsHelp, String.join(" ", spec.findOption("--weights").description()), spec.qualifiedName());
            assertTrue(spec.findOption("--quiet") != null, spec.qualifiedName());
        }
    }

    @Test
    void theSettingsFileIsReadAndEveryOptionGivenOverridesIt() throws Exception {
        Path run = file("run.json", "{\"size\": 256, \"style-weight\": 30, \"pooling\": \"max\", \"threads\": 1,"
                + " \"style-layers\": \"conv1_1,conv2_1\", \"style-layer-weights\": \"3,1\", \"init\": \"start.png\"}");
        Settings s = parse("--content", "a.jpg", "--style", "b.jpg", "--settings", run.toString(), "--style-weight", "5",
                "--threads", "2");
        assertEquals(256, s.size(), "from the file");
        assertEquals(Pooling.MAX, s.pooling(), "from the file, an option of the shared mixin");
        assertEquals(Map.of("conv1_1", 3.0, "conv2_1", 1.0), s.styleLayers(), "from the file");
        assertEquals(Init.image("start.png"), s.init(), "a file name");
        assertEquals(5, s.styleWeight(), "the option over the file");
        assertEquals(2, s.threads(), "the option over the file");
        // Given is given, even when it equals the default.
        assertEquals(Settings.DEFAULT_STYLE_WEIGHT, parse("--settings", run.toString(), "--style-weight",
                String.valueOf(Settings.DEFAULT_STYLE_WEIGHT)).styleWeight());
        assertEquals(Pooling.AVG, parse("--settings", run.toString(), "--pooling", "avg").pooling());
        // Layers given without weights get equal weights, not the file's weights for other layers.
        assertEquals(Map.of("conv3_1", 0.5, "conv4_1", 0.5),
                parse("--settings", run.toString(), "--style-layers", "conv3_1,conv4_1").styleLayers());
        assertEquals(Map.of("conv1_1", 1.0, "conv2_1", 2.0),
                parse("--settings", run.toString(), "--style-layer-weights", "1,2").styleLayers());
    }

    @Test
    void aBadValueNamesTheOptionOrTheSettingsFileItCameFrom() throws Exception {
        String[] inputs = {"--content", "a.png", "--style", "b.png"};
        Path bad = file("bad.json", "{\"style-weight\": -1}");
        Outcome o = run(with(inputs, "--settings", bad.toString()));
        assertEquals(1, o.exitCode());
        assertEquals("neural-style: style-weight in " + bad + ": must be finite and not negative, got -1.0", o.stderr());

        o = run(with(inputs, "--style-weight", "-1"));
        assertEquals(2, o.exitCode(), "a bad option");
        assertEquals("neural-style: --style-weight: must be finite and not negative, got -1.0", o.stderr());

        Path small = file("small.json", "{\"style-scale\": 0.01}");
        o = run(with(inputs, "--settings", small.toString(), "--size", "512"));
        assertEquals("neural-style: style-scale in " + small + ": 0.01 makes the style image smaller than 16 pixels at"
                + " --size 512: use a larger style-scale or --size", o.stderr());

        Path unknown = file("unknown.json", "{\"colour\": \"red\"}");
        o = run(with(inputs, "--settings", unknown.toString()));
        assertEquals(1, o.exitCode());
        assertTrue(o.stderr().startsWith("neural-style: colour in " + unknown + ": is not a setting; the settings are"
                + " size, iterations,"), o.stderr());

        o = run(with(inputs, "--settings", dir.resolve("absent.json").toString()));
        assertEquals("neural-style: --settings " + dir.resolve("absent.json") + ": no such file", o.stderr());
        o = run(with(inputs, "--settings", file("broken.json", "{\"size\": 256,}").toString()));
        assertTrue(o.stderr().startsWith("neural-style: --settings: ") && o.stderr().contains("not valid JSON")
                && o.stderr().lines().count() == 1, o.stderr());

        o = run(with(inputs, "--pooling", "median"));
        assertEquals("neural-style: --pooling: unknown pooling 'median': use avg or max", o.stderr());
        o = run("bench", "--precision", "fp16");
        assertEquals(2, o.exitCode(), "a bad option");
        assertEquals("neural-style: --precision: unknown precision 'fp16': use auto, fp32 or bf16", o.stderr());

        o = run(with(inputs, "--style", "c.png", "--style-blend", "1"));
        assertEquals("neural-style: --style-blend: 1 weights for 2 --style: give one weight per --style", o.stderr());

        // A malformed number is a usage error, like any other option's.
        o = run(with(inputs, "--size", "big"));
        assertEquals(2, o.exitCode());
        assertTrue(o.stderr().contains("--size") && o.stderr().contains("takes a whole number, got 'big'"), o.stderr());
    }

    @Test
    void theSettingsEmbeddedInAnOutputReadBackAsTheSameSettings() throws Exception {
        Settings settings = Settings.builder().size(96).styleWeight(30).init(Init.image("start.png")).colors(
                io.neuralstyle.transfer.Colors.LUMINANCE).styleBlend(List.of(0.25, 0.75)).maxMemoryBytes(3L << 30)
                .build();
        EmbeddedSettings embedded = new EmbeddedSettings(settings, Path.of("photo.jpg"),
                List.of(Path.of("a.jpg"), Path.of("b.jpg")), List.of(), "vgg19-q8");
        Path png = dir.resolve("out.png");
        OutputFiles.write(Image.filled(4, 3, 0.5f), png, embedded);
        String text = ImageWriter.readPngText(png).get(ResultText.SETTINGS_KEY);
        Map<String, String> read = ResultText.settingsIn(text);
        assertEquals("start.png", read.get("init"), "the image, as the command line names it");
        assertEquals(settings, Settings.fromMap(read));
    }

    @Test
    void saveSettingsWritesTheEffectiveSettingsWhichSettingsReadsBack() throws Exception {
        String weights = SharedData.orSkip("models/vgg19-q8").toString();
        String photo = SharedData.orSkip("images/tubingen.jpg").toString();
        String starry = SharedData.orSkip("images/starry_night.jpg").toString();
        Path run = file("run.json", "{\"size\": 48, \"style-weight\": 30, \"colors\": \"luminance\"}");
        Path saved = dir.resolve("saved.json");
        Path out = dir.resolve("out.png");

        assertEquals(0, Main.run("--content", photo, "--style", starry, "--settings", run.toString(), "--iterations", "2",
                "--style-weight", "20", "--weights", weights, "--quiet", "--output", out.toString(), "--save-settings",
                saved.toString()));

        Settings savedSettings = Settings.readJson(saved);
        assertEquals(48, savedSettings.size());
        assertEquals(20, savedSettings.styleWeight(), "after the options' overrides");
        assertEquals(2, savedSettings.iterations());
        Settings embedded = Settings.fromMap(ResultText.settingsIn(
                ImageWriter.readPngText(out).get(ResultText.SETTINGS_KEY)));
        assertEquals(embedded, savedSettings, "the same settings as the output carries");
        assertEquals(savedSettings, parse("--content", photo, "--style", starry, "--settings", saved.toString()));
    }

    @Test
    void onlyTheUsersProblemsAreShownAsTheirMessagesAndAnythingElseAsABug() {
        assertEquals("--style-weight: must be finite and not negative, got -1.0",
                ErrorHandler.message(SettingKey.STYLE_WEIGHT.invalid("must be finite and not negative, got -1.0")));
        assertEquals("too big", ErrorHandler.message(new TransferException("too big")));
        assertEquals("x.png: no such file", ErrorHandler.message(new ImageException("x.png: no such file")));
        assertEquals("no weights", ErrorHandler.message(new WeightsException("no weights")));
        assertEquals("give a photo", ErrorHandler.message(new UserException("give a photo")));
        String bug = ErrorHandler.message(new IllegalArgumentException("index 3 out of range"));
        assertTrue(bug.startsWith("unexpected error: index 3 out of range (set NEURAL_STYLE_DEBUG=1"), bug);
        assertTrue(ErrorHandler.message(new IllegalStateException()).startsWith("unexpected error: "));
    }

    private static String[] with(String[] args, String... more) {
        String[] all = java.util.Arrays.copyOf(args, args.length + more.length);
        System.arraycopy(more, 0, all, args.length, more.length);
        return all;
    }
}
