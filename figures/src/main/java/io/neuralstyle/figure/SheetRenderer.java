package io.neuralstyle.figure;

import io.neuralstyle.image.Image;
import io.neuralstyle.image.Images;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.Rectangle;
import java.awt.RenderingHints;
import java.awt.geom.AffineTransform;
import java.awt.image.BufferedImage;

/** Draws a {@link Sheet} with Java2D: images on white, anti-aliased dark text sized by {@link SheetLayout}. */
public final class SheetRenderer {
    private static final Color TEXT = new Color(0x20, 0x20, 0x20);
    private static final Color AXIS = new Color(0x55, 0x55, 0x55);

    private SheetRenderer() {
    }

    public static Image render(Sheet sheet) {
        SheetLayout layout = new SheetLayout(sheet, rowLabelWidth(sheet));
        BufferedImage out = new BufferedImage(layout.width(), layout.height(), BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setRenderingHint(RenderingHints.KEY_FRACTIONALMETRICS, RenderingHints.VALUE_FRACTIONALMETRICS_ON);
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, out.getWidth(), out.getHeight());
            Font plain = font(layout.textSize(), Font.PLAIN);
            Font bold = font(layout.textSize(), Font.BOLD);
            for (int r = 0; r < sheet.rows(); r++) {
                for (int c = 0; c < sheet.columns(); c++) {
                    Sheet.Cell cell = sheet.cell(r, c);
                    if (cell == null) {
                        continue;
                    }
                    Rectangle box = layout.cell(r, c);
                    BufferedImage picture = Images.toBufferedImage(cell.image());
                    // Centered in its box: style images keep their own proportions.
                    g.drawImage(picture, box.x + (box.width - picture.getWidth()) / 2,
                            box.y + (box.height - picture.getHeight()) / 2, null);
                    if (cell.caption() != null) {
                        centered(g, cell.caption(), layout.caption(r, c), plain, TEXT);
                    }
                }
            }
            for (int c = 0; c < sheet.columnHeadings().size(); c++) {
                centered(g, sheet.columnHeadings().get(c), layout.heading(c), bold, TEXT);
            }
            for (int r = 0; r < sheet.rowLabels().size(); r++) {
                rightAligned(g, sheet.rowLabels().get(r), layout.rowLabel(r), bold, TEXT);
            }
            if (sheet.title() != null) {
                centered(g, sheet.title(), layout.title(), bold, TEXT);
            }
            if (sheet.columnAxis() != null) {
                centered(g, sheet.columnAxis() + " \u2192", layout.columnAxis(), plain, AXIS);
            }
            if (sheet.rowAxis() != null) {
                Rectangle strip = layout.rowAxis();
                AffineTransform saved = g.getTransform();
                // Rotated a quarter turn counter-clockwise, to read bottom to top like a y-axis title.
                g.rotate(-Math.PI / 2, strip.x + strip.width / 2.0, strip.y + strip.height / 2.0);
                Rectangle turned = new Rectangle(strip.x + strip.width / 2 - strip.height / 2,
                        strip.y + strip.height / 2 - strip.width / 2, strip.height, strip.width);
                centered(g, "\u2190 " + sheet.rowAxis(), turned, plain, AXIS);
                g.setTransform(saved);
            }
        } finally {
            g.dispose();
        }
        return Images.fromBufferedImage(out);
    }

    /** The width the row labels need, measured in the font they are drawn in. */
    static int rowLabelWidth(Sheet sheet) {
        if (sheet.rowLabels().isEmpty()) {
            return 0;
        }
        SheetLayout probe = new SheetLayout(sheet, 0);
        BufferedImage scratch = new BufferedImage(1, 1, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = scratch.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_FRACTIONALMETRICS, RenderingHints.VALUE_FRACTIONALMETRICS_ON);
            FontMetrics m = g.getFontMetrics(font(probe.textSize(), Font.BOLD));
            int widest = 0;
            for (String label : sheet.rowLabels()) {
                widest = Math.max(widest, m.stringWidth(label));
            }
            return widest + 1;
        } finally {
            g.dispose();
        }
    }

    static Font font(int size, int style) {
        return new Font(Font.SANS_SERIF, style, size);
    }

    private static void centered(Graphics2D g, String text, Rectangle box, Font font, Color color) {
        g.setFont(fitted(g, text, font, box.width));
        g.setColor(color);
        FontMetrics m = g.getFontMetrics();
        int x = box.x + (box.width - m.stringWidth(text)) / 2;
        int y = box.y + (box.height - m.getHeight()) / 2 + m.getAscent();
        g.drawString(text, x, y);
    }

    private static void rightAligned(Graphics2D g, String text, Rectangle box, Font font, Color color) {
        g.setFont(font);
        g.setColor(color);
        FontMetrics m = g.getFontMetrics();
        int y = box.y + (box.height - m.getHeight()) / 2 + m.getAscent();
        g.drawString(text, box.x + box.width - m.stringWidth(text), y);
    }

    /** The font, made smaller when the text would not fit its box (a long painting name under a small cell). */
    private static Font fitted(Graphics2D g, String text, Font font, int width) {
        Font f = font;
        while (f.getSize() > SheetLayout.MIN_TEXT - 2 && g.getFontMetrics(f).stringWidth(text) > width) {
            f = f.deriveFont((float) (f.getSize() - 1));
        }
        return f;
    }
}
