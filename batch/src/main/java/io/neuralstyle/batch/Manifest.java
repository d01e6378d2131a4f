package io.neuralstyle.batch;

import io.neuralstyle.files.OutputName;
import io.neuralstyle.transfer.SettingKey;
import io.neuralstyle.transfer.SettingsException;
import java.io.IOException;
import java.io.PushbackReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

/**
 * The items of a batch: every pair of some photos and some paintings, or the rows of a manifest, a
 * CSV file with a header row naming the columns {@code content}, {@code style}, optionally
 * {@code output}, and any settings ({@code style_weight} or {@code style-weight}, as the settings'
 * keys) whose non-empty cells override the batch's settings for that row.
 */
public final class Manifest {
    public static final String CONTENT = "content";
    public static final String STYLE = "style";
    public static final String OUTPUT = "output";

    private Manifest() {
    }

    /**
     * Every photo painted in every style, written to {@code outputDir}'s CONTENT-STYLE.png.
     *
     * @param resolveOutput turns an output's file name into its location
     */
    public static List<BatchItem> pairs(List<String> contents, List<String> styles,
            UnaryOperator<String> resolveOutput) {
        List<BatchItem> items = new ArrayList<>();
        for (String content : contents) {
            for (String style : styles) {
                String name = OutputName.of(content, style);
                items.add(new BatchItem(name, content, style, resolveOutput.apply(name), Map.of()));
            }
        }
        checkDistinctOutputs(items, "the pairs of --content and --style");
        return items;
    }

    /**
     * Reads a manifest.
     *
     * @param source        its name, for messages
     * @param resolveInput  turns a content or style cell into a location (relative ones: from the
     *                      manifest's folder)
     * @param resolveOutput turns an output cell, or the default CONTENT-STYLE.png, into a location
     * @throws ManifestException naming the file, the row and what to change, when it cannot be used
     */
    public static List<BatchItem> read(Reader csv, String source, UnaryOperator<String> resolveInput,
            UnaryOperator<String> resolveOutput) {
        CSVFormat format = CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).setTrim(true)
                .setIgnoreEmptyLines(true).setCommentMarker('#').get();
        try (CSVParser parser = CSVParser.parse(withoutByteOrderMark(csv), format)) {
            Map<String, String> columns = columns(parser.getHeaderNames(), source);
            List<BatchItem> items = new ArrayList<>();
            for (CSVRecord row : parser) {
                items.add(item(row, columns, source, resolveInput, resolveOutput));
            }
            if (items.isEmpty()) {
                throw new ManifestException(source + " has no rows: add one per picture, under the header "
                        + "content,style,output");
            }
            checkDistinctOutputs(items, source);
            return items;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (IllegalArgumentException | IllegalStateException e) {
            throw new ManifestException(source + " is not a CSV file this can read (" + e.getMessage()
                    + "): write a header row content,style,output and one row per picture");
        }
    }

    /** The reader past a leading U+FEFF, which a spreadsheet's "CSV UTF-8" starts with. */
    private static Reader withoutByteOrderMark(Reader csv) throws IOException {
        PushbackReader in = new PushbackReader(csv);
        int first = in.read();
        if (first != -1 && first != '\uFEFF') {
            in.unread(first);
        }
        return in;
    }

    /** The header's columns, each the key it stands for: content, style, output or a setting's key. */
    private static Map<String, String> columns(List<String> header, String source) {
        Map<String, String> columns = new LinkedHashMap<>();
        header.forEach(column -> columns.put(column, column.trim().toLowerCase(Locale.ROOT).replace('_', '-')));
        if (!columns.containsValue(CONTENT) || !columns.containsValue(STYLE)) {
            throw new ManifestException(source + " needs the columns content and style in its header row (and"
                    + " optionally output and settings such as style_weight), found " + header);
        }
        columns.forEach((column, key) -> {
            if (!key.equals(CONTENT) && !key.equals(STYLE) && !key.equals(OUTPUT)) {
                try {
                    SettingKey.of(key);
                } catch (SettingsException e) {
                    throw new ManifestException(source + ": column '" + column + "' is neither content, style,"
                            + " output nor a setting (" + e.problem() + ")");
                }
            }
        });
        return columns;
    }

    private static BatchItem item(CSVRecord row, Map<String, String> columns, String source,
            UnaryOperator<String> resolveInput, UnaryOperator<String> resolveOutput) {
        Map<String, String> cells = new HashMap<>();
        Map<String, String> overrides = new LinkedHashMap<>();
        columns.forEach((column, key) -> {
            String cell = row.isMapped(column) && row.isSet(column) ? row.get(column) : "";
            if (key.equals(CONTENT) || key.equals(STYLE) || key.equals(OUTPUT)) {
                cells.put(key, cell);
            } else if (!cell.isEmpty()) {
                overrides.put(key, cell);
            }
        });
        String where = source + " line " + row.getParser().getCurrentLineNumber();
        String output = cells.getOrDefault(OUTPUT, "");
        String content = cells.get(CONTENT).isEmpty() ? "" : resolveInput.apply(cells.get(CONTENT));
        String style = cells.get(STYLE).isEmpty() ? "" : resolveInput.apply(cells.get(STYLE));
        String rowName = output.isEmpty() ? "line " + row.getParser().getCurrentLineNumber() : OutputName.fileName(output);
        if (content.isEmpty()) {
            return BatchItem.unusable(rowName, content, style, where + ": the content cell is empty: name a photo");
        }
        if (style.isEmpty()) {
            return BatchItem.unusable(rowName, content, style, where + ": the style cell is empty: name a painting");
        }
        if (output.isEmpty()) {
            output = OutputName.of(content, style);
        } else if (!output.toLowerCase(Locale.ROOT).endsWith(".png")) {
            return BatchItem.unusable(rowName, content, style, where + ": output " + output
                    + " must end in .png: results are PNGs");
        } else if (!insideItsFolder(output)) {
            return BatchItem.unusable(rowName, content, style, where + ": output " + output + " must stay inside"
                    + " the output folder: give a file name, or a path below it such as sub/" + OutputName.fileName(output));
        }
        String location = resolveOutput.apply(output);
        return new BatchItem(OutputName.fileName(location), content, style, location, overrides);
    }

    /**
     * Whether an output cell names a file inside the output folder: relative, without a drive or a
     * scheme, and never climbing above its start with "..".
     */
    static boolean insideItsFolder(String cell) {
        if (cell.startsWith("/") || cell.startsWith("\\") || cell.contains(":")) {
            return false; // absolute, a Windows drive (C:), or a URI (hdfs://)
        }
        int depth = 0;
        for (String part : cell.split("[/\\\\]")) {
            if (part.equals("..")) {
                depth--;
            } else if (!part.isEmpty() && !part.equals(".")) {
                depth++;
            }
            if (depth < 0) {
                return false;
            }
        }
        return true;
    }

    private static void checkDistinctOutputs(List<BatchItem> items, String source) {
        Map<String, Integer> seen = new HashMap<>();
        for (int i = 0; i < items.size(); i++) {
            if (!items.get(i).usable()) {
                continue;
            }
            Integer before = seen.put(items.get(i).output(), i);
            if (before != null) {
                throw new ManifestException(source + ": two pictures would be written to " + items.get(i).output()
                        + " (" + items.get(before).content() + " with " + items.get(before).style() + ", and "
                        + items.get(i).content() + " with " + items.get(i).style()
                        + "): give them distinct file names or outputs");
            }
        }
    }
}
