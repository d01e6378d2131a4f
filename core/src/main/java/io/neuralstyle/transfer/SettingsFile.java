package io.neuralstyle.transfer;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.util.RawValue;
import io.neuralstyle.files.AtomicFile;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * A settings file: one JSON object whose keys are those of {@link Settings#describe()} (and so of
 * the text every output PNG carries), each value a string, a number or a boolean:
 *
 * <pre>{"size": 768, "style-weight": 30, "style-layers": "conv1_1,conv2_1,conv3_1", "colors": "luminance"}</pre>
 *
 * Keys left out keep their defaults. Numbers are written as JSON numbers, everything else (lists
 * included) as the text {@code describe()} gives.
 */
public final class SettingsFile {
    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
    /** JSON's number grammar: text of this form is written as a number. */
    private static final Pattern JSON_NUMBER = Pattern.compile("-?(0|[1-9][0-9]*)(\\.[0-9]+)?([eE][+-]?[0-9]+)?");

    private SettingsFile() {
    }

    /**
     * The settings in {@code file} as text, in the file's order, every key checked to be a setting.
     *
     * @throws IOException        when the file cannot be read or does not hold one JSON object; the
     *                            message says which, in one line
     * @throws SettingsException naming an unknown key (and listing the known ones) or a value that is
     *                            an array, an object or null
     */
    public static Map<String, String> read(Path file) throws IOException {
        return parse(Files.readAllBytes(file), file.toString());
    }

    /**
     * The settings in {@code json}, text of a settings file that came from elsewhere than a file (a
     * web form, say), checked as {@link #read} checks a file's; {@code source} names it in messages.
     */
    public static Map<String, String> parse(String json, String source) throws IOException {
        return parse(json.getBytes(StandardCharsets.UTF_8), source);
    }

    private static Map<String, String> parse(byte[] bytes, String source) throws IOException {
        JsonNode root;
        try {
            root = JSON.readTree(bytes);
        } catch (JsonProcessingException e) {
            JsonLocation at = e.getLocation();
            throw new IOException(source + " is not valid JSON: " + e.getOriginalMessage()
                    + (at == null ? "" : " (line " + at.getLineNr() + ", column " + at.getColumnNr() + ")"), e);
        }
        if (root == null || !root.isObject()) {
            throw new IOException(source + " must hold one JSON object of settings, such as {\"style-weight\": 30}");
        }
        Map<String, String> values = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = root.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> field = it.next();
            SettingKey key = SettingKey.of(field.getKey());
            JsonNode value = field.getValue();
            if (!value.isValueNode() || value.isNull()) {
                throw key.invalid("must be a string or a number of the form " + key.form() + ", not "
                        + value.getNodeType().toString().toLowerCase(Locale.ROOT));
            }
            values.put(key.key(), value.asText());
        }
        return values;
    }

    /**
     * The settings whose defaults are worked out for the run, from the size (the coarse-to-fine
     * schedule, and the iterations at the full size after it) or the machine (the precision): a file
     * should hold them only where the user chose them.
     */
    public static final List<SettingKey> WORKED_OUT = List.of(SettingKey.ITERATIONS, SettingKey.SCALE_ITERATIONS,
            SettingKey.PRECISION);

    /**
     * The worked-out settings ({@link #WORKED_OUT}) that {@code values} pins where it was written whole,
     * every setting {@link Settings#describe()} gives (as --save-settings wrote them before it wrote only
     * what was chosen): those values were likely worked out for that file's size and machine, not chosen.
     * Empty for a file of chosen values.
     */
    public static List<SettingKey> pinnedWorkedOut(Map<String, String> values) {
        if (!values.keySet().containsAll(Settings.builder().build().describe().keySet())) {
            return List.of();
        }
        return WORKED_OUT.stream().filter(k -> values.containsKey(k.key())).toList();
    }

    /**
     * {@code values} without the worked-out settings ({@link #WORKED_OUT}) that hold just what the other
     * values work out, so that a run made from them at another size, quality or machine works those out
     * afresh, while a value the user chose (one that differs) is kept.
     *
     * @throws SettingsException as {@link Settings#fromMap} does
     */
    public static Map<String, String> withoutWorkedOut(Map<String, String> values) {
        Map<String, String> rest = new LinkedHashMap<>(values);
        WORKED_OUT.forEach(k -> rest.remove(k.key()));
        Map<String, String> workedOut = Settings.fromMap(rest).describe();
        Map<String, String> kept = new LinkedHashMap<>(values);
        WORKED_OUT.forEach(k -> kept.remove(k.key(), workedOut.get(k.key())));
        return kept;
    }

    /**
     * Writes {@code values} (keys of {@link Settings#describe()}) as a settings file, all at once: a
     * crash leaves the old file or the new one, never half of one.
     *
     * @throws SettingsException when a key is not a setting
     */
    public static void write(Path file, Map<String, String> values) throws IOException {
        ObjectNode root = JSON.createObjectNode();
        values.forEach((key, text) -> {
            SettingKey.of(key);
            if (JSON_NUMBER.matcher(text).matches()) {
                root.putRawValue(key, new RawValue(text));
            } else {
                root.put(key, text);
            }
        });
        byte[] bytes = (JSON.writerWithDefaultPrettyPrinter().writeValueAsString(root) + "\n")
                .getBytes(StandardCharsets.UTF_8);
        AtomicFile.write(file, out -> out.write(bytes));
    }
}
