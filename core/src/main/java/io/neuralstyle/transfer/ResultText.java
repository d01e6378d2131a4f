package io.neuralstyle.transfer;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The text every result PNG carries, whichever front end wrote it (command line, batch, web
 * studio, Spark): the program, a command line that makes the same image from the same files, and
 * every setting with the inputs, so that {@link #settingsIn} and {@link Settings#fromMap} read a
 * result's settings back.
 */
public final class ResultText {
    public static final String SOFTWARE_KEY = "Software";
    public static final String COMMAND_KEY = "neural-style.command";
    public static final String SETTINGS_KEY = "neural-style.settings";
    /** The lines of the settings text that name inputs, not settings. */
    private static final List<String> INPUTS = List.of("weights", "content", "style", "mask");

    private ResultText() {
    }

    /**
     * The text of one run's result.
     *
     * @param program  what wrote it, e.g. "neural-style" or "neural-style web studio"; the version is added
     * @param content  the photo's path or name, or null for a texture
     * @param styles   the paintings' paths or names
     * @param masks    their masks (none, or one per painting); the starting image, if any, is in the
     *                 settings ({@link Init.FromImage})
     */
    public static Map<String, String> of(String program, Settings settings, String weights, String content,
            List<String> styles, List<String> masks) {
        Map<String, String> described = settings.describe();
        List<String> command = new ArrayList<>(List.of("neural-style"));
        StringBuilder lines = new StringBuilder();
        described.forEach((key, value) -> lines.append(key).append('=').append(value).append('\n'));
        lines.append("weights=").append(weights).append('\n');
        if (content != null) {
            command.add("--content");
            command.add(quote(content));
            lines.append("content=").append(content).append('\n');
        }
        for (String style : styles) {
            command.add("--style");
            command.add(quote(style));
            lines.append("style=").append(style).append('\n');
        }
        for (String mask : masks) {
            command.add("--mask");
            command.add(quote(mask));
            lines.append("mask=").append(mask).append('\n');
        }
        described.forEach((key, value) -> {
            command.add("--" + key);
            command.add(quote(value));
        });
        command.add("--weights");
        command.add(quote(weights));
        return of(program, String.join(" ", command), lines.toString());
    }

    /** The text of another output (a figure, a plot): its command line and its settings text as they are. */
    public static Map<String, String> of(String program, String command, String settingsText) {
        Map<String, String> text = new LinkedHashMap<>();
        text.put(SOFTWARE_KEY, program + " " + Version.current());
        text.put(COMMAND_KEY, command);
        text.put(SETTINGS_KEY, settingsText);
        return text;
    }

    /**
     * The settings in a result's {@link #SETTINGS_KEY} text, as {@link Settings#fromMap} reads them:
     * every line but the inputs (weights, content, style, mask).
     */
    public static Map<String, String> settingsIn(String settingsText) {
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
    public static String quote(String s) {
        if (s.matches("[A-Za-z0-9_./,:=+@%-]+")) {
            return s;
        }
        return "'" + s.replace("'", "'\\''") + "'";
    }
}
