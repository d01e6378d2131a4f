package io.neuralstyle.transfer;

import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A setting whose value cannot be used: not of its form, out of its range, or at odds with another
 * setting. {@link #setting()} is the setting's key as in {@link Settings#describe()} (for example
 * {@code style-weight}); the message names it and says what would be valid. Front ends show the
 * message as it is, naming the setting their own way with {@link #message(UnaryOperator)}: the
 * command line as {@code --style-weight}, or as a key of the settings file it came from.
 *
 * <p>Not an {@link IllegalArgumentException}: that remains the sign of a bug, never of a user's
 * choice.
 */
public class SettingsException extends RuntimeException {
    private static final Pattern OTHER_SETTING = Pattern.compile("\\{([a-z0-9-]+)}");

    private final String setting;
    private final String problem;

    /**
     * @param setting the key of the setting at fault
     * @param problem what is wrong and what would be valid, in words; other settings it names are
     *                written {@code {key}}, so that front ends can name them their own way too
     */
    public SettingsException(String setting, String problem) {
        super(setting + ": " + render(problem, UnaryOperator.identity()));
        this.setting = setting;
        this.problem = problem;
    }

    /** The key of the setting at fault, as in {@link Settings#describe()}. */
    public String setting() {
        return setting;
    }

    /** What is wrong, without the setting's name; other settings are named by their keys. */
    public String problem() {
        return problem(UnaryOperator.identity());
    }

    /** What is wrong, without the setting's name; other settings are named by {@code name}. */
    public String problem(UnaryOperator<String> name) {
        return render(problem, name);
    }

    /**
     * The message with every setting it names, this one first, named by {@code name}: for example
     * {@code key -> "--" + key} gives {@code --style-weight: must be finite and not negative, got -1.0}.
     */
    public String message(UnaryOperator<String> name) {
        return name.apply(setting) + ": " + problem(name);
    }

    private static String render(String text, UnaryOperator<String> name) {
        Matcher m = OTHER_SETTING.matcher(text);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            m.appendReplacement(out, Matcher.quoteReplacement(name.apply(m.group(1))));
        }
        m.appendTail(out);
        return out.toString();
    }
}
