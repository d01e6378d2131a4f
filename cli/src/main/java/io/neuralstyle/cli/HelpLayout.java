package io.neuralstyle.cli;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import picocli.CommandLine;
import picocli.CommandLine.Help;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * How every command's help is laid out: a short synopsis that shows the required options, and the
 * options under headings (input and output, look, quality and speed, network, run control), in the
 * same order in every command, so that --size is found in the same place in each.
 */
final class HelpLayout {
    /** The headings and, under each, its options in the order shown; an option not listed goes under "Other". */
    private static final Map<String, List<String>> SECTIONS = sections();

    private HelpLayout() {
    }

    private static Map<String, List<String>> sections() {
        Map<String, List<String>> s = new LinkedHashMap<>();
        s.put("Input and output", List.of("--input", "--image", "--content", "--style", "--mask", "--manifest",
                "--output", "--output-dir", "--frame-rate", "--work", "--report", "--settings", "--save-settings",
                "--save-every", "--plot", "--keep-images", "--keep-frames", "--data"));
        s.put("Look", List.of("--style-weight", "--content-weight", "--tv-weight", "--style-scale", "--colors",
                "--style-blend", "--init", "--seed", "--content-layers", "--content-layer-weights", "--style-layers",
                "--style-layer-weights", "--layer", "--layers", "--ratios", "--temporal-weight", "--long-term"));
        s.put("Quality and speed", List.of("--quality", "--size", "--sizes", "--iterations", "--scale-iterations",
                "--frame-iterations", "--frames", "--schedule", "--every", "--optimizer", "--learning-rate",
                "--lbfgs-history", "--max-memory", "--evaluations", "--warmup"));
        s.put("Network", List.of("--weights", "--threads", "--pooling", "--precision", "--device"));
        s.put("Run control", List.of("--checkpoint-every", "--restart", "--dry-run", "--host", "--port", "--open",
                "--quiet", "--help", "--version"));
        return s;
    }

    /** Lays out the help of {@code root} and of every command under it. */
    static void apply(CommandLine root) {
        List<CommandLine> all = new ArrayList<>();
        collect(root, all);
        for (CommandLine cl : all) {
            CommandSpec spec = cl.getCommandSpec();
            spec.usageMessage().sortOptions(false).commandListHeading("%nCommands:%n");
            // The option headings start with their own blank line.
            String[] description = spec.usageMessage().description();
            if (description.length > 0 && description[description.length - 1].isEmpty()) {
                spec.usageMessage().description(Arrays.copyOf(description, description.length - 1));
            }
            if (spec.usageMessage().customSynopsis().length == 0) {
                spec.usageMessage().customSynopsis(synopsis(spec));
            }
            cl.getHelpSectionMap().put(CommandLine.Model.UsageMessageSpec.SECTION_KEY_OPTION_LIST,
                    HelpLayout::optionList);
        }
    }

    private static void collect(CommandLine cl, List<CommandLine> all) {
        all.add(cl);
        cl.getSubcommands().values().stream().distinct().forEach(sub -> collect(sub, all));
    }

    /** "Usage: neural-style figure layers --content=FILE --style=FILE [OPTIONS]": what must be given, then the rest. */
    private static String synopsis(CommandSpec spec) {
        String required = spec.options().stream().filter(OptionSpec::required)
                .map(o -> o.longestName() + "=" + o.paramLabel()).collect(Collectors.joining(" "));
        // A command with nothing of its own but --help and --version does nothing without one of its commands.
        boolean onlyHelp = spec.options().stream().allMatch(o -> o.usageHelp() || o.versionHelp());
        String commands = spec.subcommands().isEmpty() ? "" : onlyHelp ? "COMMAND" : "[COMMAND]";
        return String.join(" ", List.of(spec.qualifiedName(), required, commands, "[OPTIONS]"))
                .replaceAll(" +", " ") + "%n";
    }

    private static String optionList(Help help) {
        List<OptionSpec> options = help.commandSpec().options().stream().filter(o -> !o.hidden()).toList();
        StringBuilder text = new StringBuilder();
        List<OptionSpec> shown = new ArrayList<>();
        SECTIONS.forEach((heading, names) -> {
            List<OptionSpec> here = names.stream().flatMap(n -> options.stream().filter(o -> o.longestName().equals(n)))
                    .toList();
            text.append(section(help, heading, here));
            shown.addAll(here);
        });
        text.append(section(help, "Other", options.stream().filter(o -> !shown.contains(o)).toList()));
        return text.toString();
    }

    private static String section(Help help, String heading, List<OptionSpec> options) {
        if (options.isEmpty()) {
            return "";
        }
        Help.Layout layout = help.createDefaultLayout();
        for (OptionSpec option : options) {
            layout.addOption(option, help.parameterLabelRenderer());
        }
        return String.format("%n%s:%n", heading) + layout;
    }
}
