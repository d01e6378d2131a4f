package io.neuralstyle.figure;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.neuralstyle.image.Image;
import io.neuralstyle.transfer.Settings;
import java.awt.Rectangle;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The figures' plans, layout and drawing, without the network. */
class FiguresTest {
    private static final Settings BASE = Settings.builder().size(64).iterations(7).build();

    @Test
    void layersFigureIsThePapersFigureOne() {
        FigurePlan plan = Figures.layers(BASE);

        assertEquals(12, plan.cells().size());
        assertEquals(10, plan.runs().size());
        assertEquals(70, plan.totalIterations());
        List<String> captions = plan.cells().stream().map(FigureCell::caption).toList();
        assertEquals(List.of("photo", "conv1_2", "conv2_2", "conv3_2", "conv4_2", "conv5_2",
                "painting", "conv1_1", "conv1_1..conv2_1", "conv1_1..conv3_1", "conv1_1..conv4_1",
                "conv1_1..conv5_1"), captions);
        FigureCell conv3 = plan.cells().get(3);
        assertEquals(Map.of("conv3_2", 1.0), conv3.settings().contentLayers());
        assertTrue(conv3.settings().styleLayers().isEmpty());
        assertTrue(conv3.usesContent() && !conv3.usesStyle());
        FigureCell texture = plan.cells().get(9);
        assertEquals(List.of("conv1_1", "conv2_1", "conv3_1"), List.copyOf(texture.settings().styleLayers().keySet()));
        assertEquals(1.0 / 3, texture.settings().styleLayers().get("conv2_1"), 1e-12);
        assertTrue(texture.usesStyle() && !texture.usesContent());
        assertEquals(1, texture.row());
        assertEquals(3, texture.column());
    }

    @Test
    void stylesFigureCaptionsEachResultWithItsPainting() {
        FigurePlan plan = Figures.styles(BASE, List.of("starry_night", "the_scream"));

        assertEquals(3, plan.cells().size());
        assertEquals("starry_night", plan.cells().get(1).caption());
        assertEquals(0, plan.cells().get(1).style());
        assertEquals("the_scream", plan.cells().get(2).caption());
        assertEquals(1, plan.cells().get(2).style());
        assertEquals(BASE, plan.cells().get(2).settings());
    }

    @Test
    void tradeoffColumnsAreRatiosAndRowsGrowingStyleLayers() {
        FigurePlan plan = Figures.tradeoff(BASE, List.of(1e-3, 1e-2, 0.5));

        assertEquals(15, plan.cells().size());
        assertEquals(List.of("1e-3", "1e-2", "0.500"), plan.columnHeadings());
        assertEquals(List.of("conv1_1", "conv1_1..conv2_1", "conv1_1..conv3_1", "conv1_1..conv4_1",
                "conv1_1..conv5_1"), plan.rowLabels());
        FigureCell cell = plan.cells().get(4); // row 1, column 1: reading order
        assertEquals(1, cell.row());
        assertEquals(1, cell.column());
        assertEquals(100, cell.settings().styleWeight(), 1e-9, "beta = alpha / ratio");
        assertEquals(BASE.contentLayers(), cell.settings().contentLayers());
        assertEquals(2, cell.settings().styleLayers().size());
        assertTrue(plan.columnAxis().contains("\u03b1/\u03b2"));
        assertThrows(IllegalArgumentException.class, () -> Figures.tradeoff(BASE, List.of(0.0)));
    }

    @Test
    void layoutPlacesCellsOnAGridWithoutOverlap() {
        Sheet sheet = sheet(2, 3, true);
        SheetLayout layout = new SheetLayout(sheet, 40);

        assertEquals(64, layout.cellWidth());
        assertEquals(48, layout.cellHeight());
        Rectangle a = layout.cell(0, 0);
        Rectangle b = layout.cell(0, 1);
        Rectangle c = layout.cell(1, 0);
        assertTrue(b.x >= a.x + a.width, "columns left to right");
        assertTrue(c.y >= layout.caption(0, 0).y + layout.caption(0, 0).height, "rows below the captions");
        assertTrue(layout.rowLabel(0).x + layout.rowLabel(0).width <= a.x, "row labels left of the grid");
        assertTrue(layout.heading(0).y + layout.heading(0).height <= a.y, "headings above the grid");
        Rectangle last = layout.cell(1, 2);
        assertTrue(last.x + last.width <= layout.width() && last.y + last.height <= layout.height());
        assertTrue(layout.textSize() >= SheetLayout.MIN_TEXT);
        // Text scales with the cells.
        assertTrue(new SheetLayout(sheet(2, 3, 256), 40).textSize() > 2 * layout.textSize());
    }

    @Test
    void rendersImagesAndDarkAntiAliasedText() {
        Sheet sheet = sheet(2, 3, true);
        Image out = SheetRenderer.render(sheet);
        SheetLayout layout = new SheetLayout(sheet, SheetRenderer.rowLabelWidth(sheet));

        assertEquals(layout.width(), out.width());
        assertEquals(layout.height(), out.height());
        // The image of cell (1, 2) is drawn in its box: its gray value, not the white background.
        Rectangle box = layout.cell(1, 2);
        assertEquals(value(1, 2), out.get(0, box.y + box.height / 2, box.x + box.width / 2), 1.0 / 255);
        // Captions, headings and row labels put dark pixels in their strips, with in-between grays
        // where the text is anti-aliased.
        for (Rectangle strip : List.of(layout.caption(0, 0), layout.heading(2), layout.rowLabel(1))) {
            int dark = 0;
            int gray = 0;
            for (int y = strip.y; y < strip.y + strip.height; y++) {
                for (int x = strip.x; x < strip.x + strip.width; x++) {
                    float v = out.get(0, y, x);
                    dark += v < 0.3 ? 1 : 0;
                    gray += v > 0.3 && v < 0.9 ? 1 : 0;
                }
            }
            assertTrue(dark > 5, "text drawn in " + strip);
            assertTrue(gray > 5, "text anti-aliased in " + strip);
        }
    }

    @Test
    void timeEstimateSeparatesSetupFromIterations() {
        // 3 iterations: the first ended 1.5 s into the optimization, the third at 2.5 s; the whole run
        // took 4 s of wall time. So 0.5 s per iteration after the first, and 3 s before that.
        TimeEstimate e = TimeEstimate.fromCalibration(4.0, 1.5, 2.5, 3);
        assertEquals(0.5, e.secondsPerIteration(), 1e-12);
        assertEquals(3.0, e.setupSeconds(), 1e-12);
        assertEquals(3.0 + 0.5 * 199, e.seconds(200), 1e-9);
        assertEquals("2 min 05 s", TimeEstimate.format(125));
        assertEquals("1 h 01 min", TimeEstimate.format(3660));
    }

    @Test
    void sheetRejectsRaggedRows() {
        Sheet.Cell cell = new Sheet.Cell(Image.filled(4, 4, 0.5f), "x");
        assertThrows(IllegalArgumentException.class, () -> new Sheet(null, null, null, List.of(), List.of(),
                List.of(List.of(cell, cell), List.of(cell))));
        assertFalse(new Sheet(null, null, null, List.of(), List.of(), List.of(List.of(cell))).cells().isEmpty());
    }

    private static float value(int r, int c) {
        return (r * 3 + c + 1) / 10f;
    }

    private static Sheet sheet(int rows, int columns, boolean labels) {
        return sheet(rows, columns, 64);
    }

    private static Sheet sheet(int rows, int columns, int width) {
        List<List<Sheet.Cell>> cells = new ArrayList<>();
        List<String> rowLabels = new ArrayList<>();
        List<String> headings = new ArrayList<>();
        for (int r = 0; r < rows; r++) {
            List<Sheet.Cell> row = new ArrayList<>();
            for (int c = 0; c < columns; c++) {
                row.add(new Sheet.Cell(Image.filled(width, width * 3 / 4, value(r, c)), "cell " + r + c));
            }
            cells.add(row);
            rowLabels.add("row " + r);
        }
        for (int c = 0; c < columns; c++) {
            headings.add("col " + c);
        }
        return new Sheet("title", "axis x", "axis y", headings, rowLabels, cells);
    }
}
