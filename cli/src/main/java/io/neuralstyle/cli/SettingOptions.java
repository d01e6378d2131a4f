package io.neuralstyle.cli;

import io.neuralstyle.transfer.SettingKey;
import io.neuralstyle.transfer.Settings;
import io.neuralstyle.transfer.SettingsException;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Spec;
import picocli.CommandLine.TypeConversionException;

/**
 * A picocli mixin that gives a command one {@code --KEY} option per setting of the core's table
 * ({@link SettingKey}): the option is named by the key, and its value label, help text and default
 * are the table's, so the command line cannot drift from the library. Values stay text until
 * {@link Settings.Builder#set(Map)} reads them (and names the setting in any error); a malformed
 * number is caught as the command line is parsed, a usage error like any other option's.
 */
final class SettingOptions {
    private final List<SettingKey> keys;
    private final Map<SettingKey, OptionSpec> options = new EnumMap<>(SettingKey.class);

    SettingOptions(SettingKey... keys) {
        this.keys = List.of(keys);
    }

    /** Every setting but these (which another mixin gives the command). */
    static SettingOptions allBut(List<SettingKey> others) {
        return new SettingOptions(Arrays.stream(SettingKey.values()).filter(k -> !others.contains(k))
                .toArray(SettingKey[]::new));
    }

    /** Picocli calls this with the mixin's own spec while it builds the command; the options are made here. */
    @Spec
    void addOptions(CommandSpec spec) {
        for (SettingKey key : keys) {
            OptionSpec option = OptionSpec.builder(flag(key))
                    .paramLabel(key.form())
                    .description(key.description() + " Default: " + key.defaultText() + ".")
                    .type(String.class)
                    .converters(text -> {
                        if (key.numeric()) {
                            try {
                                key.checkForm(text);
                            } catch (SettingsException e) {
                                throw new TypeConversionException(e.problem());
                            }
                        }
                        return text;
                    })
                    .build();
            options.put(key, option);
            spec.addOption(option);
        }
    }

    /** The option of a setting: {@code --} and its key. */
    static String flag(SettingKey key) {
        return "--" + key.key();
    }

    /** The settings given on the command line (as picocli's parse result has them), as text by key. */
    Map<String, String> given() {
        Map<String, String> given = new LinkedHashMap<>();
        options.forEach((key, option) -> {
            CommandLine commandLine = option.command().commandLine();
            CommandLine.ParseResult parsed = commandLine == null ? null : commandLine.getParseResult();
            if (parsed != null && parsed.hasMatchedOption(option)) {
                given.put(key.key(), option.getValue());
            }
        });
        return given;
    }

    /** The builder with the settings given on the command line set. */
    Settings.Builder applyTo(Settings.Builder builder) {
        return builder.set(given());
    }
}
