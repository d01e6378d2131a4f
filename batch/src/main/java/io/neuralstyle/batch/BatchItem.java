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
 * @param name      what reports call the item: its output's file name
 * @param content   the photo
 * @param style     the painting
 * @param output    where the result goes (a PNG)
 * @param overrides settings of this item alone, text by {@link io.neuralstyle.transfer.SettingKey} key,
 *                  over the batch's own
 */
public record BatchItem(String name, String content, String style, String output, Map<String, String> overrides)
        implements java.io.Serializable {
    public BatchItem {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(content, "content");
        Objects.requireNonNull(style, "style");
        Objects.requireNonNull(output, "output");
        overrides = Collections.unmodifiableMap(new LinkedHashMap<>(overrides));
    }
}
