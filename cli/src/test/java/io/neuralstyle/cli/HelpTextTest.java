package io.neuralstyle.cli;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.neuralstyle.model.ModelStore;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;

/**
 * Every command's help, rendered at 80 columns as on a plain terminal: no line too long, every option
 * shown once, and at the end two or three examples, each on one line and each a command line that
 * parses as it is printed.
 */
class HelpTextTest {
    static final int WIDTH = 80;

    /** Every command and subcommand, by its name after "neural-style". */
    static Stream<String> commands() {
        List<String> names = new ArrayList<>();
        collect(Main.commandLine(), names);
        return names.stream();
    }

    private static void collect(CommandLine cl, List<String> names) {
        names.add(cl.getCommandSpec().qualifiedName());
        cl.getSubcommands().values().stream().distinct().forEach(sub -> collect(sub, names));
    }

    static CommandLine command(String qualifiedName) {
        CommandLine cl = Main.commandLine();
        for (String word : qualifiedName.split(" ")) {
            if (!word.equals("neural-style")) {
                cl = cl.getSubcommands().get(word);
            }
        }
        return cl;
    }

    static String help(String qualifiedName) {
        CommandLine cl = command(qualifiedName);
        cl.getCommandSpec().usageMessage().autoWidth(false).width(WIDTH);
        return cl.getUsageMessage(CommandLine.Help.Ansi.OFF);
    }

    @ParameterizedTest
    @MethodSource("commands")
    void noLineIsLongerThanTheTerminal(String name) {
        for (String line : help(name).lines().toList()) {
            assertTrue(line.length() <= WIDTH, name + ": " + line.length() + " columns: " + line);
        }
    }

    @ParameterizedTest
    @MethodSource("commands")
    void theHelpEndsWithTwoOrThreeExamplesThatParse(String name) {
        List<String> lines = help(name).lines().toList();
        int heading = lines.lastIndexOf("Examples:");
        assertTrue(heading >= 0, name + " has an Examples: section:\n" + help(name));
        List<String> examples = lines.subList(heading + 1, lines.size()).stream()
                .filter(l -> l.startsWith("  neural-style ")).toList();
        assertTrue(examples.size() >= 2 && examples.size() <= 3, name + ": " + examples);
        for (String line : lines.subList(heading + 1, lines.size())) {
            assertTrue(line.isBlank() || line.startsWith("  neural-style ") || line.startsWith("      "),
                    name + ": an example's line is either the command or its explanation, not a wrapped"
                            + " remainder: '" + line + "'");
        }
        for (String example : examples) {
            String[] args = example.trim().substring("neural-style ".length()).split(" +");
            assertDoesNotThrow(() -> Main.commandLine().parseArgs(args), name + ": " + example);
            assertTrue(Arrays.stream(args).noneMatch(a -> a.contains("shared/")), "works from a fresh clone: "
                    + example);
        }
    }

    @ParameterizedTest
    @MethodSource("commands")
    void everyOptionIsShownOnce(String name) {
        String help = help(name);
        for (OptionSpec option : command(name).getCommandSpec().options()) {
            if (option.hidden()) {
                continue;
            }
            String flag = option.longestName();
            long shown = help.lines().filter(l -> l.matches("( {2}-\\w, | {6})" + java.util.regex.Pattern.quote(flag)
                    + "([= ].*)?")).count();
            assertEquals(1, shown, name + ": " + flag + " listed once\n" + help);
        }
    }

    @org.junit.jupiter.api.Test
    void theWeightsDefaultIsTheOneTheCodeUses() {
        String help = help("neural-style");
        assertTrue(help.replaceAll("\\s+", " ").contains(ModelStore.Q8_CACHE_DIR_NAME), help);
        assertTrue(!help.contains("548 MB) if nothing else"), "torchvision's is not the default");
    }

    @org.junit.jupiter.api.Test
    void theSynopsisShowsContentAndStyleAsRequired() {
        String synopsis = help("neural-style").lines().findFirst().orElse("");
        assertTrue(synopsis.startsWith("Usage: neural-style --content=FILE --style=FILE"), synopsis);
    }
}
