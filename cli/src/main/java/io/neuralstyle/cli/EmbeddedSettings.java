package io.neuralstyle.cli;

import io.neuralstyle.transfer.ResultText;
import io.neuralstyle.transfer.Settings;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The text written into every output PNG of the command line: see {@link ResultText}. */
final class EmbeddedSettings {
    private static final String PROGRAM = "neural-style";

    private final Map<String, String> text;

    EmbeddedSettings(Settings settings, Path content, Path style, String weightsSource) {
        this(settings, content, style == null ? List.of() : List.of(style), List.of(), weightsSource);
    }

    /** With several styles, and their masks (empty, or one per style). */
    EmbeddedSettings(Settings settings, Path content, List<Path> styles, List<Path> masks, String weightsSource) {
        text = ResultText.of(PROGRAM, settings, weightsSource, content == null ? null : content.toString(),
                styles.stream().map(Path::toString).toList(), masks.stream().map(Path::toString).toList());
    }

    /** For a figure or another output made by a subcommand: its command line and its settings as text. */
    EmbeddedSettings(List<String> command, String settings) {
        List<String> words = new ArrayList<>(List.of(PROGRAM));
        command.forEach(w -> words.add(ResultText.quote(w)));
        text = ResultText.of(PROGRAM, String.join(" ", words), settings);
    }

    Map<String, String> text() {
        return text;
    }
}
