package io.neuralstyle.figure;

import java.awt.Rectangle;

/**
 * Where everything of a {@link Sheet} goes, in pixels. Every cell gets the box of the largest image
 * so that the columns line up; text sizes are fractions of that box, so a sheet of 256 px cells has
 * the same look as one of 128 px cells, only larger.
 */
public final class SheetLayout {
    /** Caption and heading height as a fraction of the cell's width: readable at 64 px and up. */
    static final double TEXT_FRACTION = 0.09;
    static final int MIN_TEXT = 9;

    private final Sheet sheet;
    private final int cellWidth;
    private final int cellHeight;
    private final int text;
    private final int gap;
    private final int left;
    private final int top;
    private final int captionHeight;

    public SheetLayout(Sheet sheet, int rowLabelWidth) {
        this.sheet = sheet;
        int w = 1;
        int h = 1;
        boolean captions = false;
        for (int r = 0; r < sheet.rows(); r++) {
            for (int c = 0; c < sheet.columns(); c++) {
                Sheet.Cell cell = sheet.cell(r, c);
                if (cell != null) {
                    w = Math.max(w, cell.image().width());
                    h = Math.max(h, cell.image().height());
                    captions |= cell.caption() != null;
                }
            }
        }
        cellWidth = w;
        cellHeight = h;
        text = Math.max(MIN_TEXT, (int) Math.round(w * TEXT_FRACTION));
        gap = Math.max(2, text / 2);
        captionHeight = captions ? lineHeight() : 0;
        int x = gap;
        if (sheet.rowAxis() != null) {
            x += lineHeight();
        }
        if (!sheet.rowLabels().isEmpty()) {
            x += rowLabelWidth + gap;
        }
        left = x;
        int y = gap;
        if (sheet.title() != null) {
            y += lineHeight() + gap;
        }
        if (sheet.columnAxis() != null) {
            y += lineHeight();
        }
        if (!sheet.columnHeadings().isEmpty()) {
            y += lineHeight();
        }
        top = y;
    }

    /** Font size in pixels. */
    public int textSize() {
        return text;
    }

    public int lineHeight() {
        return (int) Math.ceil(text * 1.35);
    }

    public int gap() {
        return gap;
    }

    public int cellWidth() {
        return cellWidth;
    }

    public int cellHeight() {
        return cellHeight;
    }

    /** The box of a cell's image (its caption goes right under it). */
    public Rectangle cell(int row, int column) {
        int x = left + column * (cellWidth + gap);
        int y = top + row * (cellHeight + captionHeight + gap);
        return new Rectangle(x, y, cellWidth, cellHeight);
    }

    /** The strip under a cell where its caption goes. */
    public Rectangle caption(int row, int column) {
        Rectangle c = cell(row, column);
        return new Rectangle(c.x, c.y + c.height, c.width, captionHeight);
    }

    /** The strip above a column where its heading goes. */
    public Rectangle heading(int column) {
        Rectangle c = cell(0, column);
        return new Rectangle(c.x, top - lineHeight(), c.width, lineHeight());
    }

    /** The space left of a row where its label goes. */
    public Rectangle rowLabel(int row) {
        Rectangle c = cell(row, 0);
        return new Rectangle(rowLabelStart(), c.y, left - gap - rowLabelStart(), c.height);
    }

    private int rowLabelStart() {
        return gap + (sheet.rowAxis() != null ? lineHeight() : 0);
    }

    /** The strip along the top of the grid for the title of the column axis. */
    public Rectangle columnAxis() {
        int y = top - lineHeight() * (sheet.columnHeadings().isEmpty() ? 1 : 2);
        return new Rectangle(left, y, gridWidth(), lineHeight());
    }

    /** The strip down the left edge for the (rotated) title of the row axis. */
    public Rectangle rowAxis() {
        return new Rectangle(gap, top, lineHeight(), gridHeight());
    }

    public Rectangle title() {
        return new Rectangle(gap, gap, width() - 2 * gap, lineHeight());
    }

    private int gridWidth() {
        return sheet.columns() * (cellWidth + gap) - gap;
    }

    private int gridHeight() {
        return sheet.rows() * (cellHeight + captionHeight + gap) - gap;
    }

    public int width() {
        return left + gridWidth() + gap;
    }

    public int height() {
        return top + gridHeight() + gap;
    }
}
