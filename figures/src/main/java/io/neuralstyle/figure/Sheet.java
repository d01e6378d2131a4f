package io.neuralstyle.figure;

import io.neuralstyle.image.Image;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * What a figure shows, before it is drawn: a grid of images, each with an optional caption under
 * it, optional headings above the columns and labels left of the rows, and optional axis titles
 * (for a figure whose columns and rows are the values of a parameter, like the paper's Fig. 3).
 *
 * @param title         a line over the whole sheet, or null
 * @param columnAxis    what the column headings are values of, or null
 * @param rowAxis       what the row labels are values of, or null
 * @param columnHeadings one per column, or empty
 * @param rowLabels     one per row, or empty
 * @param cells         rows of cells, all rows equally long; a null cell is left blank
 */
public record Sheet(String title, String columnAxis, String rowAxis, List<String> columnHeadings,
        List<String> rowLabels, List<List<Cell>> cells) {

    /** One image of the grid and the caption written under it (null for none). */
    public record Cell(Image image, String caption) {
    }

    public Sheet {
        if (cells.isEmpty() || cells.get(0).isEmpty()) {
            throw new IllegalArgumentException("a sheet needs at least one cell");
        }
        List<List<Cell>> copy = new ArrayList<>();
        for (List<Cell> row : cells) {
            if (row.size() != cells.get(0).size()) {
                throw new IllegalArgumentException("every row of a sheet must have " + cells.get(0).size() + " cells");
            }
            copy.add(Collections.unmodifiableList(new ArrayList<>(row)));
        }
        cells = List.copyOf(copy);
        columnHeadings = List.copyOf(columnHeadings);
        rowLabels = List.copyOf(rowLabels);
        if (!columnHeadings.isEmpty() && columnHeadings.size() != copy.get(0).size()) {
            throw new IllegalArgumentException("need one heading per column");
        }
        if (!rowLabels.isEmpty() && rowLabels.size() != copy.size()) {
            throw new IllegalArgumentException("need one label per row");
        }
    }

    public int rows() {
        return cells.size();
    }

    public int columns() {
        return cells.get(0).size();
    }

    public Cell cell(int row, int column) {
        return cells.get(row).get(column);
    }
}
