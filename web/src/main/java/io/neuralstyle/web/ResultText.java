package io.neuralstyle.web;

import io.neuralstyle.transfer.Settings;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The text every result PNG carries, under the same keys as the command line's outputs: the
 * program, a command that makes the same image from the same files, and every setting, so that
 * {@code Settings.fromMap} reads a result's settings back whichever front end made it.
 */
final class ResultText {
    static final String SOFTWARE = "neural-style web studio";
    static final String COMMAND_KEY = "neural-style.command";
    static final String SETTINGS_KEY = "neural-style.settings";

    private ResultText() {
    }

    /** The text for a job's result; the images are named as the job's files ({@code content.img}, ...). */
    static Map<String, String> of(Settings settings, String weightsSource, int styles, int masks) {
        Map<String, String> described = settings.describe();
        List<String> command = new ArrayList<>(List.of("neural-style", "--content", "content.img"));
        StringBuilder lines = new StringBuilder();
        described.forEach((key, value) -> lines.append(key).append('=').append(value).append('\n'));
        lines.append("weights=").append(weightsSource).append('\n');
        lines.append("content=content.img\n");
        for (int i = 0; i < styles; i++) {
            command.add("--style");
            command.add("style-" + i + ".img");
            lines.append("style=style-").append(i).append(".img\n");
        }
        for (int i = 0; i < masks; i++) {
            command.add("--mask");
            command.add("mask-" + i + ".img");
            lines.append("mask=mask-").append(i).append(".img\n");
        }
        described.forEach((key, value) -> {
            command.add("--" + key);
            command.add(quote(value));
        });
        Map<String, String> text = new LinkedHashMap<>();
        text.put("Software", SOFTWARE);
        text.put(COMMAND_KEY, String.join(" ", command));
        text.put(SETTINGS_KEY, lines.toString());
        return text;
    }

    private static String quote(String s) {
        return s.matches("[A-Za-z0-9_./,:=+@%-]+") ? s : "'" + s.replace("'", "'\\''") + "'";
    }
}
