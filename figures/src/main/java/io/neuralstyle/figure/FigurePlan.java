package io.neuralstyle.figure;

import java.util.List;

/**
 * A figure before anything is computed: its cells in reading order (row by row, left to right),
 * and the texts of its {@link Sheet}.
 */
public record FigurePlan(String name, String title, String columnAxis, String rowAxis, List<String> columnHeadings,
        List<String> rowLabels, int rows, int columns, List<FigureCell> cells) {

    public FigurePlan {
        cells = List.copyOf(cells);
        columnHeadings = List.copyOf(columnHeadings);
        rowLabels = List.copyOf(rowLabels);
        boolean[][] taken = new boolean[rows][columns];
        for (FigureCell c : cells) {
            if (c.row() < 0 || c.row() >= rows || c.column() < 0 || c.column() >= columns) {
                throw new IllegalArgumentException("cell " + c.caption() + " lies outside the " + rows + "x" + columns
                        + " grid");
            }
            if (taken[c.row()][c.column()]) {
                throw new IllegalArgumentException("two cells at row " + c.row() + ", column " + c.column());
            }
            taken[c.row()][c.column()] = true;
        }
    }

    /** The cells that need the optimizer, in the order they are computed. */
    public List<FigureCell> runs() {
        return cells.stream().filter(FigureCell::isRun).toList();
    }

    /** A cell's name: its caption, else its row label and column heading ("conv1_1..conv2_1, 1e-3"). */
    public String label(FigureCell cell) {
        if (cell.caption() != null) {
            return cell.caption();
        }
        String row = rowLabels.isEmpty() ? "row " + cell.row() : rowLabels.get(cell.row());
        String column = columnHeadings.isEmpty() ? "column " + cell.column() : columnHeadings.get(cell.column());
        return row + ", " + column;
    }

    /** Iterations asked of all runs together: the length of the figure's progress bar. */
    public int totalIterations() {
        return runs().stream().mapToInt(c -> c.settings().iterations()).sum();
    }
}
