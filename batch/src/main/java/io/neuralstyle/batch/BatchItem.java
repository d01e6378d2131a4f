package io.neuralstyle.batch;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * One picture of a batch: a photo painted in one style, written to one output. Locations are text
 * (a local path, or any URI a front end's {@link ItemFiles} reads, e.g. {@code hdfs://...}), so that
 * the same item can travel to a Spark executor.
 *
 * @param name      what reports call the item: its output's file name (or "line N" for a manifest row
 *                  that names none)
 * @param content   the photo
 * @param style     the painting
 * @param output    where the result goes (a PNG)
 * @param overrides settings of this item alone, text by {@link io.neuralstyle.transfer.SettingKey} key,
 *                  over the batch's own
 * @param problem   why this manifest row cannot be painted, in one line that says what to change; empty
 *                  for a usable item. Such an item is reported as failed and the rest of the batch goes on.
 */
public record BatchItem(String name, String content, String style, String output, Map<String, String> overrides,
        String problem) implements java.io.Serializable {
    public BatchItem {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(content, "content");
        Objects.requireNonNull(style, "style");
        Objects.requireNonNull(output, "output");
        Objects.requireNonNull(problem, "problem");
        overrides = Collections.unmodifiableMap(new LinkedHashMap<>(overrides));
    }

    /** A usable item. */
    public BatchItem(String name, String content, String style, String output, Map<String, String> overrides) {
        this(name, content, style, output, overrides, "");
    }

    /** A manifest row that cannot be painted, for {@code why}. */
    static BatchItem unusable(String name, String content, String style, String why) {
        return new BatchItem(name, content, style, "", Map.of(), why);
    }

    /** Whether it can be painted: false for a manifest row with a {@link #problem}. */
    public boolean usable() {
        return problem.isEmpty();
    }
}
