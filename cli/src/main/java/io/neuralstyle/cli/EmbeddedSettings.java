package io.neuralstyle.cli;

import io.neuralstyle.transfer.Settings;
import io.neuralstyle.transfer.Version;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The text written into every output PNG: the program, every setting, and a command line that makes
 * the same image again (same machine, same inputs).
 */
final class EmbeddedSettings {
    static final String COMMAND_KEY = "neural-style.command";
    static final String SETTINGS_KEY = "neural-style.settings";
    /** The lines of the settings text that name inputs, not settings. */
    private static final List<String> INPUTS = List.of("weights", "content", "style", "mask");

    private final Map<String, String> text = new LinkedHashMap<>();

    EmbeddedSettings(Settings settings, Path content, Path style, Path init, String weightsSource) {
        this(settings, content, style == null ? List.of() : List.of(style), List.of(), init, weightsSource);
    }

    /** With several styles, and their masks (empty, or one per style). */
    EmbeddedSettings(Settings settings, Path content, List<Path> styles, List<Path> masks, Path init,
            String weightsSource) {
        List<String> cmd = new ArrayList<>(List.of("neural-style"));
        if (content != null) {
            cmd.add("--content");
            cmd.add(quote(content.toString()));
        }
        for (Path style : styles) {
            cmd.add("--style");
            cmd.add(quote(style.toString()));
        }
        for (Path mask : masks) {
            cmd.add("--mask");
            cmd.add(quote(mask.toString()));
        }
        Map<String, String> described = new LinkedHashMap<>(settings.describe());
        if (init != null) {
            described.put("init", init.toString());
        }
        described.forEach((key, value) -> {
            cmd.add("--" + key);
            cmd.add(quote(value));
        });
        cmd.add("--weights");
        cmd.add(quote(weightsSource));

        StringBuilder lines = new StringBuilder();
        described.forEach((key, value) -> lines.append(key).append('=').append(value).append('\n'));
        lines.append("weights=").append(weightsSource).append('\n');
        if (content != null) {
            lines.append("content=").append(content).append('\n');
        }
        for (Path style : styles) {
            lines.append("style=").append(style).append('\n');
        }
        for (Path mask : masks) {
            lines.append("mask=").append(mask).append('\n');
        }
        text.put("Software", "neural-style " + Version.current());
        text.put(COMMAND_KEY, String.join(" ", cmd));
        text.put(SETTINGS_KEY, lines.toString());
    }

    /** For a figure or another output made by a subcommand: its command line and its settings as text. */
    EmbeddedSettings(List<String> command, String settings) {
        List<String> words = new ArrayList<>(List.of("neural-style"));
        command.forEach(w -> words.add(quote(w)));
        text.put("Software", "neural-style " + Version.current());
        text.put(COMMAND_KEY, String.join(" ", words));
        text.put(SETTINGS_KEY, settings);
    }

    Map<String, String> text() {
        return text;
    }

    /**
     * The settings in the {@link #SETTINGS_KEY} text of a transfer's output, as {@code Settings.fromMap}
     * reads them: every line but the inputs (weights, content, style, mask).
     */
    static Map<String, String> settingsIn(String settingsText) {
        Map<String, String> settings = new LinkedHashMap<>();
        settingsText.lines().filter(l -> !l.isBlank()).forEach(line -> {
            int eq = line.indexOf('=');
            String key = eq < 0 ? line : line.substring(0, eq);
            if (!INPUTS.contains(key)) {
                settings.put(key, eq < 0 ? null : line.substring(eq + 1));
            }
        });
        return settings;
    }

    /** Shell-quotes a word when it needs it. */
    static String quote(String s) {
        if (s.matches("[A-Za-z0-9_./,:=+@%-]+")) {
            return s;
        }
        return "'" + s.replace("'", "'\\''") + "'";
    }
}
