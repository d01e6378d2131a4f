package io.neuralstyle.figure;

import io.neuralstyle.engine.Losses;
import io.neuralstyle.image.Image;
import io.neuralstyle.image.Images;
import io.neuralstyle.transfer.Result;
import io.neuralstyle.transfer.ScheduleTrace;
import java.awt.Color;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToDoubleFunction;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * Loss curves as a chart image (XChart), on a log scale: the losses fall by orders of magnitude,
 * and a linear axis would show only the first few iterations.
 */
public final class LossPlot {
    static final int WIDTH = 800;
    static final int HEIGHT = 500;

    private LossPlot() {
    }

    /**
     * One run's curves: the minimized total, and each term before its weight (the content and style
     * terms, and every layer's term), from the starting image (iteration 0) to the last.
     */
    public static Image ofRun(String title, Result result) {
        Map<String, double[]> series = new LinkedHashMap<>();
        series.put("total", values(result, Losses::total));
        series.put("content", values(result, Losses::content));
        series.put("style", values(result, Losses::style));
        for (String layer : result.initial().contentPerLayer().keySet()) {
            series.put("content " + layer, values(result, l -> l.contentPerLayer().get(layer)));
        }
        for (String layer : result.initial().stylePerLayer().keySet()) {
            series.put("style " + layer, values(result, l -> l.stylePerLayer().get(layer)));
        }
        return render(title, "loss term (relative error)", series);
    }

    /** Several runs (a figure's cells) on one chart: each total divided by its starting value. */
    public static Image ofRuns(String title, Map<String, Result> results) {
        Map<String, double[]> series = new LinkedHashMap<>();
        results.forEach((name, result) -> {
            double[] v = values(result, Losses::total);
            double start = v[0];
            for (int i = 0; i < v.length; i++) {
                v[i] /= start;
            }
            series.put(name, v);
        });
        return render(title, "total loss / its starting value", series);
    }

    private static double[] values(Result result, ToDoubleFunction<Losses> term) {
        List<Losses> all = new ArrayList<>();
        all.add(result.initial());
        all.addAll(result.history());
        return all.stream().mapToDouble(term).toArray();
    }

    /**
     * Schedules against the clock: each trace's full-size loss against wall-clock seconds, with a
     * gray line at the first trace's final loss, the level the others are judged by. The axis is
     * linear and shows from just below the lowest loss to 1.6 times it: the finish is what differs,
     * and the coarse scales' early losses (several times higher) run off the top.
     */
    public static Image ofTraces(String title, List<ScheduleTrace> traces) {
        XYChart chart = chart(title, "seconds (wall clock, measuring excluded)", "loss at the full size (float32)");
        chart.getStyler().setYAxisLogarithmic(false);
        double end = 0;
        double lowest = Double.POSITIVE_INFINITY;
        for (ScheduleTrace trace : traces) {
            double[] x = trace.points().stream().mapToDouble(ScheduleTrace.Point::seconds).toArray();
            double[] y = trace.points().stream().mapToDouble(ScheduleTrace.Point::loss).toArray();
            XYSeries s = chart.addSeries(trace.name(), x, y);
            s.setMarker(SeriesMarkers.NONE);
            end = Math.max(end, trace.seconds());
            lowest = Math.min(lowest, java.util.Arrays.stream(y).min().orElse(lowest));
        }
        if (!traces.isEmpty()) {
            double reference = traces.get(0).finalLoss();
            XYSeries s = chart.addSeries("end of " + traces.get(0).name(), new double[] {0, end},
                    new double[] {reference, reference});
            s.setMarker(SeriesMarkers.NONE);
            s.setLineColor(Color.GRAY);
            chart.getStyler().setYAxisMin(0.97 * lowest);
            chart.getStyler().setYAxisMax(1.6 * lowest);
            chart.getStyler().setXAxisMin(0.0);
        }
        return Images.fromBufferedImage(BitmapEncoder.getBufferedImage(chart));
    }

    private static XYChart chart(String title, String xTitle, String yTitle) {
        XYChart chart = new XYChartBuilder().width(WIDTH).height(HEIGHT).title(title)
                .xAxisTitle(xTitle).yAxisTitle(yTitle).build();
        chart.getStyler().setYAxisLogarithmic(true);
        chart.getStyler().setChartBackgroundColor(Color.WHITE);
        chart.getStyler().setAntiAlias(true);
        return chart;
    }

    static Image render(String title, String yTitle, Map<String, double[]> series) {
        XYChart chart = chart(title, "iteration", yTitle);
        series.forEach((name, v) -> {
            // A log axis cannot show zeros: a term that is zero throughout (an unused one) is left out.
            if (v.length == 0 || java.util.Arrays.stream(v).anyMatch(x -> !(x > 0) || Double.isInfinite(x))) {
                return;
            }
            double[] x = new double[v.length];
            for (int i = 0; i < x.length; i++) {
                x[i] = i;
            }
            XYSeries s = chart.addSeries(name, x, v);
            s.setMarker(SeriesMarkers.NONE);
        });
        return Images.fromBufferedImage(BitmapEncoder.getBufferedImage(chart));
    }
}
