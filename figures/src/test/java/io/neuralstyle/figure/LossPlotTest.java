package io.neuralstyle.figure;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.neuralstyle.image.Image;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The chart renders through XChart's bitmap path alone (its PDF, SVG and GIF exporters are excluded
 * from the build): the curve is drawn where a log axis puts it.
 */
class LossPlotTest {
    /** The legend sits right of this column in an 800 px wide chart. */
    private static final int LEGEND_LEFT = 700;

    @Test
    void anExponentialDecayIsAStraightLineOnTheLogAxis() {
        double[] v = new double[101];
        for (int i = 0; i < v.length; i++) {
            v[i] = 1000 * Math.pow(10, -3.0 * i / 100); // 1000 down to 1: three decades
        }
        Map<String, double[]> series = new LinkedHashMap<>();
        series.put("total", v);
        Image chart = LossPlot.render("decay", "loss", series);
        assertEquals(LossPlot.WIDTH, chart.width());
        assertEquals(LossPlot.HEIGHT, chart.height());

        assertTrue(worstDeviationFromAStraightLine(chart) < 3, "straight on a log axis, within 3 pixels");
    }

    @Test
    void aCurveThatIsNotExponentialBends_negativeControl() {
        // The check's power: a loss falling linearly in value bends on the log axis.
        double[] v = new double[101];
        for (int i = 0; i < v.length; i++) {
            v[i] = 1000 - 9.99 * i;
        }
        Image chart = LossPlot.render("linear", "loss", Map.of("total", v));
        assertTrue(worstDeviationFromAStraightLine(chart) > 30, "bent");
    }

    /** How far, in pixels, the drawn curve strays from the least-squares line through it. */
    private static double worstDeviationFromAStraightLine(Image chart) {
        // The curve's pixels: strongly coloured ones (text, axes and grid are gray or black), left of
        // the legend (its swatch is in the series' colour too).
        List<double[]> points = new ArrayList<>();
        for (int x = 0; x < LEGEND_LEFT; x++) {
            double sumY = 0;
            int n = 0;
            for (int y = 0; y < chart.height(); y++) {
                if (saturation(chart, x, y) > 0.5) {
                    sumY += y;
                    n++;
                }
            }
            if (n > 0 && n < 8) {
                points.add(new double[] {x, sumY / n});
            }
        }
        assertTrue(points.size() > LEGEND_LEFT / 2, "the curve spans most of the width: " + points.size());
        double mx = points.stream().mapToDouble(p -> p[0]).average().orElseThrow();
        double my = points.stream().mapToDouble(p -> p[1]).average().orElseThrow();
        double sxy = points.stream().mapToDouble(p -> (p[0] - mx) * (p[1] - my)).sum();
        double sxx = points.stream().mapToDouble(p -> (p[0] - mx) * (p[0] - mx)).sum();
        double slope = sxy / sxx;
        assertTrue(slope > 0.1, "a falling loss goes down the chart (rows grow downwards): slope " + slope);
        double worst = points.stream().mapToDouble(p -> Math.abs(p[1] - (my + slope * (p[0] - mx)))).max()
                .orElseThrow();
        return worst;
    }

    private static double saturation(Image image, int x, int y) {
        float r = image.get(0, y, x);
        float g = image.get(1, y, x);
        float b = image.get(2, y, x);
        float max = Math.max(r, Math.max(g, b));
        float min = Math.min(r, Math.min(g, b));
        return max == 0 ? 0 : (max - min) / max;
    }
}
