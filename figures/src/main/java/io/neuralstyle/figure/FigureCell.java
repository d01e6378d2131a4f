package io.neuralstyle.figure;

import io.neuralstyle.transfer.Settings;

/**
 * One cell of a figure: either an input shown as it is, or a run of the optimizer.
 *
 * @param row      0 for the top row
 * @param column   0 for the left column
 * @param caption  the text under the cell, or null
 * @param kind     what the cell shows
 * @param style    for {@link Kind#STYLE_INPUT} and runs with style layers: which painting (0 for the first)
 * @param settings for {@link Kind#RUN}: the run; its layers say whether it reads the photo, the painting, or both
 */
public record FigureCell(int row, int column, String caption, Kind kind, int style, Settings settings) {
    public enum Kind { CONTENT_INPUT, STYLE_INPUT, RUN }

    public static FigureCell contentInput(int row, int column, String caption) {
        return new FigureCell(row, column, caption, Kind.CONTENT_INPUT, -1, null);
    }

    public static FigureCell styleInput(int row, int column, String caption, int style) {
        return new FigureCell(row, column, caption, Kind.STYLE_INPUT, style, null);
    }

    public static FigureCell run(int row, int column, String caption, int style, Settings settings) {
        return new FigureCell(row, column, caption, Kind.RUN, style, settings);
    }

    public boolean isRun() {
        return kind == Kind.RUN;
    }

    /** True when the run matches the photo's features (has content layers). */
    public boolean usesContent() {
        return isRun() && !settings.contentLayers().isEmpty();
    }

    /** True when the run matches a painting's Gram matrices (has style layers). */
    public boolean usesStyle() {
        return isRun() && !settings.styleLayers().isEmpty();
    }
}
